#!/usr/bin/env python3
"""Computes the PyTorch reference fixtures of test/fixtures/reference/ from the committed tiny model.

transformers' own code does everything: images are loaded with transformers.image_utils.load_image
(EXIF transpose, then RGB), preprocessed by the PIL ("slow") Qwen2VLImageProcessor, prompts are built
by Qwen2_5_VLProcessor with the model folder's chat template, and answers come from
Qwen2_5_VLForConditionalGeneration.generate in float32 on CPU, one question per call (greedy,
max_new_tokens 24, min_new_tokens unset, so EOS may end an answer early).

Per image: pixel_values exactly as the processor returns them, and the processor's intermediate
(uint8 RGB after the PIL bicubic resize, before rescale/normalize); the script asserts that
rescaling + normalizing + patchifying that intermediate reproduces pixel_values bit for bit.
Per question: the prompt ids, the last prompt position's logits (top 64 + 192 fixed ids), the
greedy ids and text. Finally it checks that batched generation (left padding, 4 per batch) gives
the same ids and records the result.

Usage: python scripts/python/make_reference.py [--model-dir models/tiny-qwen2.5-vl]
"""

import argparse
import gzip
import json
import os
import sys

import numpy as np
import torch
import transformers
from PIL import Image
from transformers import AutoTokenizer, Qwen2_5_VLForConditionalGeneration, Qwen2_5_VLProcessor
from transformers.image_utils import load_image
from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import Qwen2VLImageProcessorPil

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_NEW_TOKENS = 24
TOP_K = 64
FIXED_IDS = 192
BATCH = 4

# name -> file in test/fixtures/images (written by make_test_images.py)
IMAGES = {
    "jpeg_baseline": "jpeg_baseline_640x480.jpg",
    "jpeg_large": "jpeg_large_700x500.jpg",
    "jpeg_tiny": "jpeg_tiny_40x30.jpg",
    "jpeg_exif6": "jpeg_exif_orientation6_320x240.jpg",
    "jpeg_cmyk": "jpeg_cmyk_200x160.jpg",
    "png_rgb": "png_rgb_333x222.png",
    "png_identity": "png_rgb_identity_224x168.png",
    "png_rgba": "png_rgba_256x200.png",
    "png_palette": "png_palette_200x150.png",
    "png_palette_trns": "png_palette_transparent_150x200.png",
    "png_gray": "png_gray_180x120.png",
    "png_rgb16": "png_rgb16_120x90.png",
    "webp": "webp_400x300.webp",
    "gif": "gif_160x120.gif",
    "wide": "png_wide_700x60.png",
    "tall": "jpeg_tall_64x500.jpg",
}

QUESTIONS = [
    ("jpeg_baseline", "What is in the image?"),
    ("jpeg_baseline", "Describe the colours you see, from left to right, in one sentence."),
    ("jpeg_large", "How many circles are there?"),
    ("jpeg_tiny", "Is this picture tiny?"),
    ("jpeg_exif6", "Which way is up in this photo?"),
    ("jpeg_cmyk", "What colour dominates the top-left corner?"),
    ("png_rgb", "  Describe the shapes.  "),
    ("png_identity", "Réponds en français : qu'est-ce que c'est ?"),
    ("png_rgba", "Is anything transparent here?"),
    ("png_palette", "这张图片里有什么？"),
    ("png_palette_trns", "画像を説明してください。"),
    ("png_gray", "Is the image black and white? 🤔"),
    ("png_rgb16", "Count the lines 📏📐 and the rectangles."),
    ("webp", "¿Cuántos objetos hay en la imagen? Responde con un número."),
    ("gif", "What format was this image, probably?"),
    ("wide", "Read the text in this banner."),
    ("tall", "Describe this tall strip from top to bottom."),
    ("jpeg_baseline", "A"),
    (
        "png_rgb",
        "Please look carefully at every part of this picture, including the corners and the edges, "
        "then list each shape you can find together with its approximate colour, its position "
        "relative to the other shapes, whether it overlaps anything, and finally give a one-word "
        "summary of the overall mood of the image.",
    ),
    ("webp", "Ünïcödé façade — naïve café; “quotes” and ‘apostrophes’…"),
    ("jpeg_large", "Tabs\tand\nnewlines\nin the question?"),
    ("png_identity", "Привет! Что на картинке?"),
    ("gif", "مرحبا، ماذا ترى؟"),
    ("png_gray", "한국어로 설명해 주세요."),
]


class ImageOnlyProcessor(Qwen2_5_VLProcessor):
    """Qwen2_5_VLProcessor without a video processor.

    AutoProcessor also loads Qwen2VLVideoProcessor, which needs torchvision (not installed here);
    images and prompts go through exactly the same Qwen2_5_VLProcessor code either way.
    """

    def check_argument_for_proper_class(self, argument_name, argument):
        if argument_name == "video_processor" and argument is None:
            return None
        return super().check_argument_for_proper_class(argument_name, argument)


def load_processor(model_dir: str) -> ImageOnlyProcessor:
    image_processor = Qwen2VLImageProcessorPil.from_pretrained(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    with open(os.path.join(model_dir, "chat_template.json"), encoding="utf-8") as f:
        chat_template = json.load(f)["chat_template"]
    return ImageOnlyProcessor(
        image_processor=image_processor, tokenizer=tokenizer, video_processor=None, chat_template=chat_template
    )


def write_gz(path: str, array: np.ndarray) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(gzip.compress(array.tobytes(), compresslevel=9, mtime=0))


def patchify(chw: np.ndarray, patch: int, merge: int, temporal: int) -> np.ndarray:
    """[C, H, W] -> [N, C*T*P*P] in the processor's order (merge blocks, then temporal copies)."""
    c, h, w = chw.shape
    gh, gw = h // patch, w // patch
    x = chw.reshape(c, gh // merge, merge, patch, gw // merge, merge, patch)
    x = x.transpose(1, 4, 2, 5, 0, 3, 6)
    x = np.broadcast_to(x[:, :, :, :, :, None], (*x.shape[:5], temporal, patch, patch))
    return x.reshape(gh * gw, c * temporal * patch * patch)


def resized_intermediate(image: Image.Image, height: int, width: int) -> np.ndarray:
    """uint8 HWC RGB after the processor's resize (PIL bicubic on the RGB image, no reducing_gap)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return np.asarray(rgb.resize((width, height), resample=Image.Resampling.BICUBIC))


def pixel_values_from_rgb(rgb: np.ndarray, processor) -> np.ndarray:
    """rescale (float64 x 1/255 -> float32), normalize in float32, patchify: the processor's arithmetic."""
    ip = processor.image_processor
    chw = rgb.transpose(2, 0, 1)
    scaled = (chw.astype(np.float64) * ip.rescale_factor).astype(np.float32)
    mean = np.array(ip.image_mean, dtype=np.float32)
    std = np.array(ip.image_std, dtype=np.float32)
    normalized = ((scaled.T - mean) / std).T
    return patchify(normalized, ip.patch_size, ip.merge_size, ip.temporal_patch_size)


def image_entry(name: str, processor, out_dir: str) -> tuple[dict, Image.Image]:
    file = os.path.join("test", "fixtures", "images", IMAGES[name])
    path = os.path.join(REPO_ROOT, file)
    with Image.open(path) as raw:
        file_mode, stored_size = raw.mode, list(raw.size)
    image = load_image(path)
    features = processor.image_processor(images=[image], return_tensors="np")
    pixel_values = features["pixel_values"].astype(np.float32, copy=False)
    grid = [int(v) for v in features["image_grid_thw"][0]]
    patch = processor.image_processor.patch_size
    height, width = grid[1] * patch, grid[2] * patch
    rgb = resized_intermediate(image, height, width)
    rebuilt = pixel_values_from_rgb(rgb, processor)
    if not np.array_equal(rebuilt, pixel_values):
        diff = float(np.abs(rebuilt - pixel_values).max())
        raise AssertionError(f"{file}: rescale+normalize+patchify of the resized RGB differs from pixel_values by {diff}")
    write_gz(os.path.join(out_dir, "processor", f"{name}.pixel_values.f32.gz"), pixel_values.astype("<f4"))
    write_gz(os.path.join(out_dir, "processor", f"{name}.resized_rgb.u8.gz"), np.ascontiguousarray(rgb, dtype=np.uint8))
    entry = {
        "name": name,
        "file": file,
        "mode": file_mode,
        "loaded_mode": image.mode,
        "stored_size": stored_size,
        "original_size": list(image.size),
        "resized_hw": [height, width],
        "grid_thw": grid,
        "image_tokens": grid[0] * grid[1] * grid[2] // processor.image_processor.merge_size**2,
        "pixel_values_shape": list(pixel_values.shape),
        "pixel_values": f"processor/{name}.pixel_values.f32.gz",
        "resized_rgb": f"processor/{name}.resized_rgb.u8.gz",
    }
    return entry, image


def prompt_inputs(processor, images: list, questions: list[str]):
    texts = [
        processor.apply_chat_template(
            [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": q}]}],
            add_generation_prompt=True,
            tokenize=False,
        )
        for q in questions
    ]
    options = {"padding": True, "padding_side": "left"} if len(texts) > 1 else {}
    return processor(images=images, text=texts, return_tensors="pt", **options)


def fixed_probe_ids(vocab: int) -> np.ndarray:
    """A fixed pseudo-random order of the vocabulary; each question takes the first 192 not in its top 64."""
    return np.random.default_rng(20250101).permutation(vocab)


def trim_at_eos(ids: list[int], eos: set[int]) -> list[int]:
    for i, token in enumerate(ids):
        if token in eos:
            return ids[: i + 1]
    return ids


def question_entry(index, name, question, image, processor, model, probe_order, eos) -> dict:
    inputs = prompt_inputs(processor, [image], [question])
    with torch.no_grad():
        logits = model(**inputs).logits[0, -1].float().numpy()
        output = model.generate(
            **inputs, do_sample=False, max_new_tokens=MAX_NEW_TOKENS, output_scores=True, return_dict_in_generate=True
        )
    # The smallest top-1 minus top-2 logit gap along the greedy path: how much numerical noise an
    # implementation can afford before its greedy ids may differ.
    margins = [float(torch.topk(step[0].float(), 2).values.diff().abs()) for step in output.scores]
    output = output.sequences
    top = np.argsort(-logits, kind="stable")[:TOP_K]
    top_set = set(top.tolist())
    probes = [int(i) for i in probe_order if int(i) not in top_set][:FIXED_IDS]
    ids = [int(i) for i in top] + probes
    prompt_ids = inputs["input_ids"][0].tolist()
    greedy = output[0, len(prompt_ids) :].tolist()
    finish = "eos" if greedy and greedy[-1] in eos else "length"
    return {
        "id": f"q{index:02d}",
        "image": name,
        "question": question,
        "input_ids": prompt_ids,
        "first_logits": {"ids": ids, "values": [float(np.float32(logits[i])) for i in ids]},
        "top1_margin": float(logits[top[0]] - logits[top[1]]),
        "greedy_ids": greedy,
        "greedy_margins": [round(m, 6) for m in margins],
        "greedy_min_margin": min(margins),
        "greedy_text": processor.tokenizer.decode(greedy, skip_special_tokens=True),
        "finish_reason": finish,
    }


def batched_check(processor, model, questions: list[dict], images: dict, eos: set[int]) -> dict:
    """Generates the questions 4 at a time with left padding and compares with the one-by-one ids."""
    mismatches = []
    for start in range(0, len(questions), BATCH):
        group = questions[start : start + BATCH]
        inputs = prompt_inputs(processor, [images[q["image"]] for q in group], [q["question"] for q in group])
        with torch.no_grad():
            output = model.generate(**inputs, do_sample=False, max_new_tokens=MAX_NEW_TOKENS)
        width = inputs["input_ids"].shape[1]
        for row, q in enumerate(group):
            # Rows that finished early are filled with the pad id (itself an EOS id): cut at the first EOS.
            ids = trim_at_eos(output[row, width:].tolist(), eos)
            if ids != q["greedy_ids"]:
                first = next((i for i, (a, b) in enumerate(zip(ids, q["greedy_ids"])) if a != b), min(len(ids), len(q["greedy_ids"])))
                mismatches.append({"id": q["id"], "first_difference_at": first, "batched_ids": ids})
    return {"batch_size": BATCH, "padding_side": "left", "questions": len(questions), "mismatches": mismatches}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", default="models/tiny-qwen2.5-vl", help="relative to the repository root")
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "test", "fixtures", "reference"))
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    model_dir = os.path.join(REPO_ROOT, args.model_dir)
    processor = load_processor(model_dir)
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_dir, dtype=torch.float32).eval()
    eos = set(model.generation_config.eos_token_id)

    os.makedirs(args.out, exist_ok=True)
    image_entries, images = [], {}
    for name in IMAGES:
        entry, image = image_entry(name, processor, args.out)
        image_entries.append(entry)
        images[name] = image
        print(f"{name}: {entry['mode']} {entry['original_size']} -> {entry['resized_hw']} grid {entry['grid_thw']}", flush=True)

    probe_order = fixed_probe_ids(model.config.text_config.vocab_size)
    questions = []
    for index, (name, question) in enumerate(QUESTIONS, start=1):
        entry = question_entry(index, name, question, images[name], processor, model, probe_order, eos)
        questions.append(entry)
        print(f"{entry['id']} {name}: {len(entry['input_ids'])} prompt ids, {entry['finish_reason']}, "
              f"margins {entry['top1_margin']:.3f}/{entry['greedy_min_margin']:.3f}: {entry['greedy_text']!r}", flush=True)

    batched = batched_check(processor, model, questions, images, eos)
    print(f"batched check: {len(batched['mismatches'])} mismatches of {len(questions)}", flush=True)
    manifest = {
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "model_dir": args.model_dir,
        "image_processor": type(processor.image_processor).__name__,
        "max_new_tokens": MAX_NEW_TOKENS,
        "eos_token_ids": sorted(eos),
        "images": image_entries,
        "questions": questions,
        "batched_check": batched,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 1 if batched["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
