/**
 * The Qwen2.5-VL chat template for one image and one question, as the model's own Jinja template
 * renders `[{role: user, content: [{type: image}, {type: text, text: question}]}]` with the generation
 * prompt: the default system message, the image placeholder, then the question exactly as given
 * (the template neither trims nor escapes it).
 */

/** Text before the image placeholder: system turn, user turn opening, vision start. */
export const PROMPT_HEAD =
  '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>';

/** The placeholder token expanded to one copy per image token (merged patch). */
export const IMAGE_PAD_TOKEN = '<|image_pad|>';

/** Closes the image span; the shared prompt prefix of one file's questions ends with it. */
export const VISION_END_TOKEN = '<|vision_end|>';

/** Text after the image: the question, the end of the user turn and the assistant turn opening. */
export function promptTail(question: string): string {
  return `${question}<|im_end|>\n<|im_start|>assistant\n`;
}

/** The whole prompt as text, with a single (unexpanded) image placeholder. */
export function renderPrompt(question: string): string {
  return `${PROMPT_HEAD}${IMAGE_PAD_TOKEN}${VISION_END_TOKEN}${promptTail(question)}`;
}
