"""The seeded tiny Qwen2.5-VL: random weights with the real architecture, saved as an HF checkpoint.

Weights are built so that the float16 checkpoint holds them exactly:
  * the token embedding (tied to lm_head) is int8 codes x 2^-EMBED_SCALE_EXP, so the ONNX graphs can
    store it as int8 codes (Cast + Mul by the scale) and still compute bit-identical float32 values;
  * every other tensor is rounded to float16 before saving, so loading the checkpoint in float32
    gives back exactly the weights the ONNX graphs were exported from.
Scales are chosen large enough that greedy decoding moves between tokens instead of repeating one,
and the <|im_end|> embedding row is saturated so that some answers end with EOS early.
"""

import json
import math
import os

import torch
from transformers import Qwen2_5_VLForConditionalGeneration

from .chat_template import QWEN25VL_CHAT_TEMPLATE
from .presets import ENDOFTEXT_ID, IM_END_ID, build_config

EMBED_SCALE_EXP = 6  # embedding values are k / 64 with k in [-127, 127]
EMBED_STD = 0.75
SEED = 20250101
TEXT_LINEAR_GAIN = 1.5

# Qwen2.5-VL's tokenizer ends its added tokens at <|file_sep|>; the Qwen3 file carries four more.
LAST_QWEN25_ADDED_TOKEN_ID = 151664

# OpenAI CLIP normalisation, the Qwen2VLImageProcessor defaults.
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
MIN_PIXELS = 3136
MAX_PIXELS = 1003520


def _normal(gen: torch.Generator, shape, std: float, mean: float = 0.0) -> torch.Tensor:
    return torch.randn(shape, generator=gen, dtype=torch.float32) * std + mean


def _linear_gain(name: str) -> float:
    # Text layers a bit hotter than 1/sqrt(fan_in) so attention mixes enough for greedy decoding to
    # depend on the prompt and not settle into a loop; the vision tower stays at 1/sqrt(fan_in).
    return TEXT_LINEAR_GAIN if "language_model" in name else 1.0


def _init_weights(model: Qwen2_5_VLForConditionalGeneration, seed: int) -> None:
    """Deterministic init, independent of transformers' own init order."""
    gen = torch.Generator().manual_seed(seed)
    embed_name = "model.language_model.embed_tokens.weight"
    with torch.no_grad():
        for name, param in sorted(model.named_parameters(), key=lambda item: item[0]):
            shape = tuple(param.shape)
            if name == embed_name:
                codes = torch.round(_normal(gen, shape, EMBED_STD * 2**EMBED_SCALE_EXP)).clamp(-127, 127)
                # The <|im_end|> row saturated to +-127 (by sign): about half of the greedy answers then
                # stop at EOS before the token limit, so implementations are compared on early stops too.
                codes[IM_END_ID] = torch.sign(codes[IM_END_ID]) * 127
                value = codes * 2.0**-EMBED_SCALE_EXP
            elif name.endswith("norm.weight") and "language_model.norm" in name:
                # The final norm with mixed signs keeps the tied lm_head from echoing the input token.
                value = _normal(gen, shape, 1.0)
            elif "norm" in name or "ln_q" in name:
                value = _normal(gen, shape, 0.2, mean=1.0)
            elif name.endswith(".bias"):
                value = _normal(gen, shape, 0.1)
            elif name.endswith("patch_embed.proj.weight"):
                fan_in = math.prod(shape[1:])
                value = _normal(gen, shape, 1.0 / math.sqrt(fan_in))
            else:
                fan_in = shape[-1]
                value = _normal(gen, shape, _linear_gain(name) / math.sqrt(fan_in))
            if name != embed_name:
                value = value.to(torch.float16).to(torch.float32)
            param.copy_(value)


def build_tiny_model(seed: int = SEED) -> Qwen2_5_VLForConditionalGeneration:
    """The tiny model in float32 (weights exactly representable in float16)."""
    config = build_config("tiny")
    model = Qwen2_5_VLForConditionalGeneration(config).to(torch.float32).eval()
    _init_weights(model, seed)
    return model


def tokenizer_files(tokenizer_dir: str) -> tuple[dict, dict]:
    """tokenizer.json and tokenizer_config.json of Qwen2.5-VL, from the Qwen3 tokenizer files.

    The BPE vocabulary, merges and the special ids up to <|file_sep|> are the same; the Qwen3-only added
    tokens (<tool_response>, </tool_response>, <think>, </think>) are dropped and the Qwen2.5-VL chat
    template is put in place of the Qwen3 one.
    """
    with open(os.path.join(tokenizer_dir, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer = json.load(f)
    with open(os.path.join(tokenizer_dir, "tokenizer_config.json"), encoding="utf-8") as f:
        tok_config = json.load(f)
    expected = {
        "<|endoftext|>": 151643,
        "<|im_start|>": 151644,
        "<|im_end|>": 151645,
        "<|vision_start|>": 151652,
        "<|vision_end|>": 151653,
        "<|image_pad|>": 151655,
        "<|video_pad|>": 151656,
    }
    by_content = {t["content"]: t["id"] for t in tokenizer["added_tokens"]}
    for content, token_id in expected.items():
        if by_content.get(content) != token_id:
            raise ValueError(f"{tokenizer_dir}/tokenizer.json: {content} has id {by_content.get(content)}, want {token_id}")
    if len(tokenizer["model"]["vocab"]) != ENDOFTEXT_ID:
        raise ValueError(f"{tokenizer_dir}/tokenizer.json: BPE vocab size {len(tokenizer['model']['vocab'])}")
    tokenizer["added_tokens"] = [t for t in tokenizer["added_tokens"] if t["id"] <= LAST_QWEN25_ADDED_TOKEN_ID]
    # Merges as "left right" strings (the classic tokenizer.json form, 0.3 MB smaller than pairs); byte-level
    # BPE tokens never contain a space, so the split is unambiguous.
    merges = tokenizer["model"]["merges"]
    if any(" " in part for pair in merges if isinstance(pair, list) for part in pair):
        raise ValueError(f"{tokenizer_dir}/tokenizer.json: a merge contains a space")
    tokenizer["model"]["merges"] = [" ".join(pair) if isinstance(pair, list) else pair for pair in merges]
    decoder = tok_config["added_tokens_decoder"]
    tok_config["added_tokens_decoder"] = {k: v for k, v in decoder.items() if int(k) <= LAST_QWEN25_ADDED_TOKEN_ID}
    tok_config["chat_template"] = QWEN25VL_CHAT_TEMPLATE
    tok_config["model_max_length"] = 131072
    return tokenizer, tok_config


def preprocessor_config() -> dict:
    return {
        "image_processor_type": "Qwen2VLImageProcessor",
        "processor_class": "Qwen2_5_VLProcessor",
        "do_resize": True,
        "resample": 3,
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": CLIP_MEAN,
        "image_std": CLIP_STD,
        "do_convert_rgb": True,
        "min_pixels": MIN_PIXELS,
        "max_pixels": MAX_PIXELS,
        "size": {"shortest_edge": MIN_PIXELS, "longest_edge": MAX_PIXELS},
        "patch_size": 14,
        "temporal_patch_size": 2,
        "merge_size": 2,
    }


def generation_config() -> dict:
    return {
        "bos_token_id": ENDOFTEXT_ID,
        "eos_token_id": [IM_END_ID, ENDOFTEXT_ID],
        "pad_token_id": ENDOFTEXT_ID,
        "do_sample": False,
    }


def write_json(path: str, value: dict, compact: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as f:
        if compact:
            json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
        else:
            json.dump(value, f, ensure_ascii=False, indent=2)
            f.write("\n")


def save_tiny_checkpoint(out_dir: str, tokenizer_dir: str, seed: int = SEED) -> None:
    """Writes the HF checkpoint of the tiny model (float16 safetensors, exact) and its side files."""
    os.makedirs(out_dir, exist_ok=True)
    model = build_tiny_model(seed)
    model.generation_config.eos_token_id = [IM_END_ID, ENDOFTEXT_ID]
    model.generation_config.pad_token_id = ENDOFTEXT_ID
    model.generation_config.bos_token_id = ENDOFTEXT_ID
    model.generation_config.do_sample = False
    half = model.to(torch.float16)
    half.config.dtype = "float16"
    half.save_pretrained(out_dir, safe_serialization=True)
    tokenizer, tok_config = tokenizer_files(tokenizer_dir)
    # Compact JSON keeps the committed model small (the pretty-printed file is twice the size).
    write_json(os.path.join(out_dir, "tokenizer.json"), tokenizer, compact=True)
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tok_config)
    write_json(os.path.join(out_dir, "chat_template.json"), {"chat_template": QWEN25VL_CHAT_TEMPLATE})
    write_json(os.path.join(out_dir, "preprocessor_config.json"), preprocessor_config())
    write_json(os.path.join(out_dir, "generation_config.json"), generation_config())
