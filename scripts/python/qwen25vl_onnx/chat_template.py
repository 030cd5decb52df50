"""The Qwen2.5-VL chat format as a Jinja template.

Format (one turn): `<|im_start|>{role}\n{content}<|im_end|>\n`; a conversation that does not open
with a system turn gets the default system prompt; images render as
`<|vision_start|><|image_pad|><|vision_end|>` (the processor expands the pad to one token per merged
patch); `add_generation_prompt` appends `<|im_start|>assistant\n`.
"""

DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."

QWEN25VL_CHAT_TEMPLATE = (
    # Every literal goes through {{ '...' }} so that whitespace control never eats a newline.
    "{%- set pictures = namespace(n=0) -%}"
    "{%- set clips = namespace(n=0) -%}"
    "{%- for message in messages -%}"
    "{%- if loop.first and message['role'] != 'system' -%}"
    "{{- '<|im_start|>system\\n" + DEFAULT_SYSTEM_PROMPT + "<|im_end|>\\n' -}}"
    "{%- endif -%}"
    "{{- '<|im_start|>' + message['role'] + '\\n' -}}"
    "{%- if message['content'] is string -%}"
    "{{- message['content'] -}}"
    "{%- else -%}"
    "{%- for part in message['content'] -%}"
    "{%- if part['type'] == 'image' or 'image' in part or 'image_url' in part -%}"
    "{%- set pictures.n = pictures.n + 1 -%}"
    "{%- if add_vision_id -%}{{- 'Picture ' + pictures.n|string + ': ' -}}{%- endif -%}"
    "{{- '<|vision_start|><|image_pad|><|vision_end|>' -}}"
    "{%- elif part['type'] == 'video' or 'video' in part -%}"
    "{%- set clips.n = clips.n + 1 -%}"
    "{%- if add_vision_id -%}{{- 'Video ' + clips.n|string + ': ' -}}{%- endif -%}"
    "{{- '<|vision_start|><|video_pad|><|vision_end|>' -}}"
    "{%- elif 'text' in part -%}"
    "{{- part['text'] -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- endif -%}"
    "{{- '<|im_end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}"
)
