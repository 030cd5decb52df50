#!/usr/bin/env python3
"""Replays test/fixtures/reference/manifest.json through the ONNX graphs with onnxruntime (Python).

This is the engine's job in miniature, as a cross-check of the fixtures and the exported graphs:
the processor's pixel_values -> vision_encoder; prompt ids -> embed_tokens; image pads replaced by the
image features; mrope position ids (text positions count up, an image block takes (t, row, col)
offsets from its start, the text after it resumes at start + max(rows, cols)); decoder_model_merged
prefill with past length 0 and num_logits_to_keep 1, then one greedy token per step with the cache.
Compares the first logits (top 64 + 192 fixed ids) and the greedy ids, one question at a time and
again in left-padded batches of 4.

Usage: python scripts/python/check_onnx_reference.py [--model-dir models/tiny-qwen2.5-vl]
"""

import argparse
import gzip
import json
import os
import sys

import numpy as np
import onnxruntime as ort

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE_PAD = 151655
PAD_ID = 151643
MERGE = 2


def rope_positions(ids: list[int], grid: list[int]) -> np.ndarray:
    """[3, len(ids)] mrope positions of one unpadded prompt holding one image block."""
    out = np.zeros((3, len(ids)), dtype=np.int64)
    pos, i = 0, 0
    while i < len(ids):
        if ids[i] != IMAGE_PAD:
            out[:, i] = pos
            pos, i = pos + 1, i + 1
            continue
        t, h, w = grid[0], grid[1] // MERGE, grid[2] // MERGE
        tt, hh, ww = np.meshgrid(np.arange(t), np.arange(h), np.arange(w), indexing="ij")
        block = np.stack([tt.ravel(), hh.ravel(), ww.ravel()]) + pos
        out[:, i : i + block.shape[1]] = block
        i += block.shape[1]
        pos += max(h, w)
    return out


class Graphs:
    def __init__(self, model_dir: str):
        options = ort.SessionOptions()
        options.log_severity_level = 3
        folder = os.path.join(model_dir, "onnx")
        self.vision = ort.InferenceSession(f"{folder}/vision_encoder.onnx", options)
        self.embed = ort.InferenceSession(f"{folder}/embed_tokens.onnx", options)
        self.decoder = ort.InferenceSession(f"{folder}/decoder_model_merged.onnx", options)
        self.past_names = [i.name for i in self.decoder.get_inputs() if i.name.startswith("past_key_values.")]
        shape = next(i.shape for i in self.decoder.get_inputs() if i.name.startswith("past_key_values."))
        self.kv_heads, self.head_dim = shape[1], shape[3]

    def step(self, embeds, mask, positions, past):
        feeds = {"inputs_embeds": embeds, "attention_mask": mask, "position_ids": positions,
                 "num_logits_to_keep": np.array(1, dtype=np.int64)}
        feeds.update(dict(zip(self.past_names, past)))
        out = self.decoder.run(None, feeds)
        return out[0][:, -1], out[1:]

    def greedy(self, rows: list[dict], images: dict, max_new: int, eos: set[int]):
        """Left-padded batch greedy decoding; returns (first logits per row, new ids per row)."""
        width = max(len(r["input_ids"]) for r in rows)
        batch = len(rows)
        ids = np.full((batch, width), PAD_ID, dtype=np.int64)
        mask = np.zeros((batch, width), dtype=np.int64)
        positions = np.zeros((3, batch, width), dtype=np.int64)
        for b, row in enumerate(rows):
            n = len(row["input_ids"])
            ids[b, width - n :] = row["input_ids"]
            mask[b, width - n :] = 1
            positions[:, b, width - n :] = rope_positions(row["input_ids"], images[row["image"]]["grid_thw"])
        (embeds,) = self.embed.run(None, {"input_ids": ids})
        for b, row in enumerate(rows):
            image = images[row["image"]]
            (features,) = self.vision.run(None, {"pixel_values": image["pixel_values_array"],
                                                 "image_grid_thw": np.array([image["grid_thw"]], dtype=np.int64)})
            embeds[b, ids[b] == IMAGE_PAD] = features
        past = [np.zeros((batch, self.kv_heads, 0, self.head_dim), dtype=np.float32) for _ in self.past_names]
        logits, past = self.step(embeds, mask, positions, past)
        first = logits.copy()
        next_pos = positions.max(axis=(0, 2)) + 1
        new = [[] for _ in rows]
        done = np.zeros(batch, dtype=bool)
        for _ in range(max_new):
            token = logits.argmax(-1)
            for b in range(batch):
                if not done[b]:
                    new[b].append(int(token[b]))
                    done[b] = token[b] in eos
            if done.all():
                break
            token = np.where(done, PAD_ID, token)
            (embeds,) = self.embed.run(None, {"input_ids": token[:, None].astype(np.int64)})
            mask = np.concatenate([mask, np.ones((batch, 1), dtype=np.int64)], axis=1)
            step_pos = np.broadcast_to(next_pos[None, :, None], (3, batch, 1)).copy()
            logits, past = self.step(embeds, mask, step_pos, past)
            next_pos = next_pos + 1
        return first, new


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", default="models/tiny-qwen2.5-vl")
    parser.add_argument("--manifest", default="test/fixtures/reference/manifest.json")
    args = parser.parse_args(argv)
    manifest_path = os.path.join(REPO_ROOT, args.manifest)
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    base = os.path.dirname(manifest_path)
    images = {}
    for image in manifest["images"]:
        with gzip.open(os.path.join(base, image["pixel_values"])) as f:
            values = np.frombuffer(f.read(), dtype="<f4").reshape(image["pixel_values_shape"])
        images[image["name"]] = {**image, "pixel_values_array": np.ascontiguousarray(values)}
    graphs = Graphs(os.path.join(REPO_ROOT, args.model_dir))
    eos = set(manifest["eos_token_ids"])
    max_new = manifest["max_new_tokens"]
    failures = 0
    worst_logit = 0.0
    questions = manifest["questions"]
    for q in questions:
        first, new = graphs.greedy([q], images, max_new, eos)
        ids = q["first_logits"]["ids"]
        diff = float(np.abs(first[0, ids] - np.array(q["first_logits"]["values"], dtype=np.float32)).max())
        worst_logit = max(worst_logit, diff)
        same = new[0] == q["greedy_ids"]
        failures += (not same) + (diff > 1e-3)
        print(f"{q['id']}: first-logits max abs diff {diff:.2e}, greedy ids {'match' if same else 'DIFFER'}")
    for start in range(0, len(questions), 4):
        group = questions[start : start + 4]
        _, new = graphs.greedy(group, images, max_new, eos)
        for q, ids in zip(group, new):
            if ids != q["greedy_ids"]:
                failures += 1
                print(f"{q['id']}: batched (left padding) greedy ids DIFFER")
    print(f"worst first-logit diff {worst_logit:.2e}; {failures} failure(s) over {len(questions)} questions "
          "(single and batched)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
