"""Checks the exported graphs with onnxruntime against the Hugging Face model's own modules.

vision_encoder: HF `model.model.visual(pixel_values, grid_thw).pooler_output` on random patches for
several grids (windowed and full attention, odd merged sizes, several windows).
embed_tokens: HF embedding on random ids (must be bit-identical).
decoder_model_merged: HF `Qwen2_5_VLForConditionalGeneration` logits for a batch of 2 prompts with an
image each, the first left-padded; ONNX runs prefill with past length 0, then decode steps with past
length > 0, and a split prefill; plus num_logits_to_keep and an all-padding row (must stay finite).
"""

import numpy as np
import onnxruntime as ort
import torch

from .onnx_export import decoder_io_names

IMAGE_PAD = 151655
VISION_START = 151652
VISION_END = 151653


def _session(path: str, providers: list[str]) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(path, options, providers=providers)


def _np_float(dtype: torch.dtype):
    return np.float16 if dtype == torch.float16 else np.float32


class Report:
    """Collects max abs diffs and whether each is within its tolerance."""

    def __init__(self):
        self.rows: list[tuple[str, float, float, float]] = []

    def add(self, name: str, onnx_value: np.ndarray, reference: np.ndarray, tolerance: float) -> None:
        onnx_value = np.asarray(onnx_value, dtype=np.float64)
        reference = np.asarray(reference, dtype=np.float64)
        if onnx_value.shape != reference.shape:
            raise AssertionError(f"{name}: shape {onnx_value.shape} != reference {reference.shape}")
        if not np.all(np.isfinite(onnx_value)):
            raise AssertionError(f"{name}: non-finite values in ONNX output")
        diff = float(np.max(np.abs(onnx_value - reference))) if onnx_value.size else 0.0
        scale = float(np.max(np.abs(reference))) if reference.size else 0.0
        self.rows.append((name, diff, scale, tolerance))
        status = "ok" if diff <= tolerance else "FAIL"
        print(f"  {status:4} {name}: max abs diff {diff:.3e} (max |ref| {scale:.3e}, tolerance {tolerance:.1e})", flush=True)

    def failures(self) -> list[str]:
        """Names of the checks over tolerance."""
        return [name for name, diff, _, tol in self.rows if diff > tol]


def _tolerance(dtype: torch.dtype, scale: float) -> float:
    # fp32: a fixed 1e-4; fp16 graphs against the fp32 HF model: relative to the output scale.
    return 1e-4 if dtype == torch.float32 else max(2e-2 * scale, 1e-2)


def verify_vision(model, path: str, dtype: torch.dtype, providers, report: Report, grids) -> None:
    session = _session(path, providers)
    visual = model.model.visual
    device = next(visual.parameters()).device
    gen = torch.Generator().manual_seed(1)
    for grid in grids:
        t, h, w = grid
        pixel_values = torch.randn(t * h * w, 1176, generator=gen)
        with torch.no_grad():
            reference = visual(pixel_values.to(device, torch.float32), grid_thw=torch.tensor([grid], device=device))
        reference = reference.pooler_output.float().cpu().numpy()
        (features,) = session.run(
            None,
            {
                "pixel_values": pixel_values.numpy().astype(_np_float(dtype)),
                "image_grid_thw": np.array([grid], dtype=np.int64),
            },
        )
        scale = float(np.abs(reference).max())
        report.add(f"vision_encoder grid {tuple(grid)}", features, reference, _tolerance(dtype, scale))


def verify_embed(model, path: str, dtype: torch.dtype, providers, report: Report) -> None:
    session = _session(path, providers)
    table = model.model.language_model.embed_tokens.weight
    gen = torch.Generator().manual_seed(2)
    ids = torch.randint(0, table.shape[0], (3, 17), generator=gen)
    ids[0, 0], ids[1, 1], ids[2, 2] = IMAGE_PAD, 151643, table.shape[0] - 1
    (embeds,) = session.run(None, {"input_ids": ids.numpy()})
    reference = table.detach()[ids.to(table.device)].float().cpu().numpy()
    report.add("embed_tokens", embeds, reference, 0.0 if dtype == torch.float32 else 1e-3)


def _prompt_batch(grid_tokens: list[int], lengths: list[int], vocab: int, gen: torch.Generator):
    """Left-padded input_ids/attention_mask: text, an image block, text; rows of different lengths."""
    rows = []
    for tokens, tail in zip(grid_tokens, lengths):
        head = [151644, 8948, 198] + torch.randint(0, 150000, (5,), generator=gen).tolist() + [151645, 198]
        body = [VISION_START] + [IMAGE_PAD] * tokens + [VISION_END]
        rest = torch.randint(0, min(vocab, 150000), (tail,), generator=gen).tolist() + [151645, 198, 151644]
        rows.append(head + body + rest)
    width = max(len(r) for r in rows)
    input_ids = torch.full((len(rows), width), 151643, dtype=torch.int64)
    attention_mask = torch.zeros((len(rows), width), dtype=torch.int64)
    for i, row in enumerate(rows):
        input_ids[i, width - len(row) :] = torch.tensor(row)
        attention_mask[i, width - len(row) :] = 1
    return input_ids, attention_mask


class _OnnxDecoder:
    def __init__(self, model, folder: str, suffix: str, dtype: torch.dtype, providers):
        text = model.config.text_config
        self.layers = text.num_hidden_layers
        self.kv_heads = text.num_key_value_heads
        self.head_dim = text.hidden_size // text.num_attention_heads
        self.float = _np_float(dtype)
        self.embed = _session(f"{folder}/embed_tokens{suffix}.onnx", providers)
        self.vision = _session(f"{folder}/vision_encoder{suffix}.onnx", providers)
        self.decoder = _session(f"{folder}/decoder_model_merged{suffix}.onnx", providers)
        self.input_names, _ = decoder_io_names(self.layers)

    def embeds(self, input_ids: np.ndarray, images: list[tuple[np.ndarray, list[int]]]) -> np.ndarray:
        (embeds,) = self.embed.run(None, {"input_ids": input_ids})
        for row, (pixel_values, grid) in enumerate(images):
            (features,) = self.vision.run(
                None, {"pixel_values": pixel_values.astype(self.float), "image_grid_thw": np.array([grid], dtype=np.int64)}
            )
            positions = np.nonzero(input_ids[row] == IMAGE_PAD)[0]
            embeds[row, positions] = features
        return embeds

    def empty_past(self, batch: int) -> list[np.ndarray]:
        return [np.zeros((batch, self.kv_heads, 0, self.head_dim), dtype=self.float) for _ in range(2 * self.layers)]

    def step(self, embeds, attention_mask, position_ids, past, keep=0):
        feeds = {"inputs_embeds": embeds, "attention_mask": attention_mask, "position_ids": position_ids}
        names = [n for n in self.input_names if n.startswith("past_key_values.")]
        feeds.update(dict(zip(names, past)))
        feeds["num_logits_to_keep"] = np.array(keep, dtype=np.int64)
        outputs = self.decoder.run(None, feeds)
        return outputs[0], outputs[1:]


def verify_decoder(model, folder: str, suffix: str, dtype: torch.dtype, providers, report: Report, grids) -> None:
    onnx_model = _OnnxDecoder(model, folder, suffix, dtype, providers)
    device = next(model.parameters()).device
    vocab = model.config.text_config.vocab_size
    gen = torch.Generator().manual_seed(3)
    tokens = [int(np.prod(g)) // 4 for g in grids]
    input_ids, attention_mask = _prompt_batch(tokens, [9, 4], vocab, gen)
    pixel_values = [torch.randn(int(np.prod(g)), 1176, generator=gen) for g in grids]
    mm_token_type_ids = (input_ids == IMAGE_PAD).to(torch.int32)
    grid_thw = torch.tensor(grids, dtype=torch.int64)
    new_tokens = torch.randint(0, 150000, (input_ids.shape[0], 2), generator=gen)
    full_ids = torch.cat([input_ids, new_tokens], dim=1)
    full_mask = torch.cat([attention_mask, torch.ones_like(new_tokens)], dim=1)
    full_types = torch.cat([mm_token_type_ids, torch.zeros_like(new_tokens, dtype=torch.int32)], dim=1)
    with torch.no_grad():
        position_ids, _ = model.model.get_rope_index(
            full_ids.to(device), mm_token_type_ids=full_types.to(device), image_grid_thw=grid_thw.to(device),
            attention_mask=full_mask.to(device),
        )
        reference = model(
            input_ids=full_ids.to(device),
            attention_mask=full_mask.to(device),
            position_ids=position_ids,
            pixel_values=torch.cat(pixel_values).to(device),
            image_grid_thw=grid_thw.to(device),
            mm_token_type_ids=full_types.to(device),
        ).logits.float().cpu().numpy()
    position_ids = position_ids.cpu().numpy().astype(np.int64)
    real = full_mask.numpy().astype(bool)
    prompt_len = input_ids.shape[1]

    # The decoder is checked on HF's own embeddings (image features from HF's vision tower), so that
    # only the decoder graph is measured; the chained ONNX pipeline is checked after it.
    with torch.no_grad():
        features = model.model.visual(torch.cat(pixel_values).to(device), grid_thw=grid_thw.to(device)).pooler_output
        hf_embeds = model.model.language_model.embed_tokens(full_ids.to(device))
        hf_embeds = hf_embeds.masked_scatter((full_ids == IMAGE_PAD).to(device)[..., None], features)
    embeds = hf_embeds.float().cpu().numpy().astype(onnx_model.float)
    scale = float(np.abs(reference[real]).max())
    tol = _tolerance(dtype, scale)

    # Prefill (past length 0), all logits.
    logits, present = onnx_model.step(
        embeds[:, :prompt_len], full_mask[:, :prompt_len].numpy(), position_ids[:, :, :prompt_len],
        onnx_model.empty_past(2),
    )
    mask = real[:, :prompt_len]
    report.add("decoder prefill past=0 (batch 2, left padding)", logits[mask], reference[:, :prompt_len][mask], tol)
    # Two decode steps (past > 0).
    for step in range(2):
        at = prompt_len + step
        logits, present = onnx_model.step(
            embeds[:, at : at + 1], full_mask[:, : at + 1].numpy(), position_ids[:, :, at : at + 1], present
        )
        report.add(f"decoder step past={at}", logits[:, 0], reference[:, at], tol)
    # Split prefill: the last 6 prompt positions with a cache of the rest; keep only the last logits.
    cut = prompt_len - 6
    _, present = onnx_model.step(
        embeds[:, :cut], full_mask[:, :cut].numpy(), position_ids[:, :, :cut], onnx_model.empty_past(2), keep=1
    )
    logits, _ = onnx_model.step(
        embeds[:, cut:prompt_len], full_mask[:, :prompt_len].numpy(), position_ids[:, :, cut:prompt_len], present, keep=1
    )
    report.add(f"decoder chunk past={cut} num_logits_to_keep=1", logits[:, 0], reference[:, prompt_len - 1], tol)
    # The whole ONNX chain: vision_encoder + embed_tokens + decoder (errors of each graph add up).
    images = [(pv.numpy(), list(g)) for pv, g in zip(pixel_values, grids)]
    chain = onnx_model.embeds(full_ids[:, :prompt_len].numpy(), images)
    logits, _ = onnx_model.step(
        chain, full_mask[:, :prompt_len].numpy(), position_ids[:, :, :prompt_len], onnx_model.empty_past(2)
    )
    chain_tol = 1e-3 if dtype == torch.float32 else tol
    report.add("pipeline vision+embed+decoder prefill", logits[mask], reference[:, :prompt_len][mask], chain_tol)
    # A row that is all padding must give finite numbers (no NaN from an all-masked softmax).
    zero_mask = np.zeros((1, 4), dtype=np.int64)
    logits, _ = onnx_model.step(
        embeds[:1, :4], zero_mask, np.zeros((3, 1, 4), dtype=np.int64), onnx_model.empty_past(1), keep=1
    )
    if not np.all(np.isfinite(logits)):
        raise AssertionError("decoder: all-padding row produced non-finite logits")
    print("  ok   decoder all-padding row: finite", flush=True)
