"""Reference side of `npm run bench:engine`: Hugging Face transformers (PyTorch) answering the same
questions the way the original Python setup did -- batches of 8 questions, each question with its own
copy of its image, greedy decoding -- on the same checkpoint the ONNX graphs were exported from.

Reads a JSON job on stdin: {"model_dir", "items": [{"image", "question"}], "batch_size", "max_new_tokens",
"threads", "warmup"}; writes one JSON line with the timing and the generated token counts to stdout.
"""
import json
import sys
import time

import os

import torch
from transformers import Qwen2_5_VLForConditionalGeneration
from transformers.image_utils import load_image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from make_reference import load_processor  # noqa: E402  (the image-only processor, no torchvision needed)


def main() -> None:
    job = json.load(sys.stdin)
    torch.set_num_threads(int(job.get("threads") or torch.get_num_threads()))
    model_dir = job["model_dir"]
    processor = load_processor(model_dir)
    processor.tokenizer.padding_side = "left"
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_dir, dtype=torch.float32).eval()
    items = job["items"]
    batch_size = int(job["batch_size"])
    max_new = int(job["max_new_tokens"])

    def run(batch_items):
        images = [load_image(it["image"]) for it in batch_items]
        texts = [
            processor.apply_chat_template(
                [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": it["question"]}]}],
                tokenize=False,
                add_generation_prompt=True,
            )
            for it in batch_items
        ]
        inputs = processor(text=texts, images=images, return_tensors="pt", padding=True)
        with torch.inference_mode():
            out = model.generate(**inputs, do_sample=False, max_new_tokens=max_new)
        new = out[:, inputs["input_ids"].shape[1]:]
        pad = processor.tokenizer.pad_token_id
        eos = set(model.generation_config.eos_token_id if isinstance(model.generation_config.eos_token_id, list)
                  else [model.generation_config.eos_token_id])
        counts = []
        for row in new.tolist():
            n = 0
            for tok in row:
                n += 1
                if tok in eos:
                    break
            counts.append(n)
        return int(inputs["attention_mask"].sum()), counts

    for i in range(int(job.get("warmup", 1))):
        run(items[:batch_size])
    t0 = time.perf_counter()
    prompt_tokens = 0
    generated = 0
    for start in range(0, len(items), batch_size):
        p, counts = run(items[start:start + batch_size])
        prompt_tokens += p
        generated += sum(counts)
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "runtime": f"transformers {__import__('transformers').__version__} / torch {torch.__version__} (cpu, float32)",
        "questions": len(items),
        "seconds": seconds,
        "questions_per_second": len(items) / seconds,
        "prompt_tokens": prompt_tokens,
        "generated_tokens": generated,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
