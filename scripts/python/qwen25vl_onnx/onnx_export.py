"""torch.onnx export of the three graphs, compact int8 embeddings, and single-file external data."""

import os
import shutil
import tempfile

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from .text_graphs import DecoderGraph, EmbedTokensGraph
from .vision_graph import VisionEncoderGraph

OPSET = 17
# Graphs whose weights exceed this are written with their initializers in `<name>.onnx_data`.
EXTERNAL_DATA_THRESHOLD = int(1.5 * 1024**3)


def _export(module, args, path, input_names, output_names, dynamic_axes):
    tmp = tempfile.mkdtemp(prefix="qwen25vl-onnx-", dir=os.path.dirname(os.path.abspath(path)))
    try:
        tmp_path = os.path.join(tmp, os.path.basename(path))
        with torch.no_grad():
            torch.onnx.export(
                module,
                args,
                tmp_path,
                dynamo=False,
                opset_version=OPSET,
                input_names=input_names,
                output_names=output_names,
                dynamic_axes=dynamic_axes,
                do_constant_folding=True,
            )
        # Loads external tensors too (the exporter writes one file per tensor past 2 GB).
        model = onnx.load(tmp_path, load_external_data=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return model


def export_vision(visual, path: str, dtype: torch.dtype, device: str, grid=(1, 16, 20)) -> onnx.ModelProto:
    """vision_encoder: pixel_values [N, 1176], image_grid_thw [1, 3] -> image_features."""
    module = VisionEncoderGraph(visual).eval()
    t, h, w = grid
    patch_dim = visual.patch_embed.proj.weight[0].numel()
    pixel_values = torch.randn(t * h * w, patch_dim, device=device).to(dtype)
    image_grid_thw = torch.tensor([list(grid)], dtype=torch.int64, device=device)
    return _export(
        module,
        (pixel_values, image_grid_thw),
        path,
        ["pixel_values", "image_grid_thw"],
        ["image_features"],
        {"pixel_values": {0: "num_patches"}, "image_features": {0: "num_image_tokens"}},
    )


def export_embed(embed_tokens, path: str, device: str) -> onnx.ModelProto:
    """embed_tokens: input_ids [B, S] -> inputs_embeds [B, S, H]."""
    module = EmbedTokensGraph(embed_tokens).eval()
    input_ids = torch.tensor([[151644, 8948, 198], [151644, 872, 198]], dtype=torch.int64, device=device)
    return _export(
        module,
        (input_ids,),
        path,
        ["input_ids"],
        ["inputs_embeds"],
        {"input_ids": {0: "batch_size", 1: "sequence_length"}, "inputs_embeds": {0: "batch_size", 1: "sequence_length"}},
    )


def decoder_io_names(num_layers: int) -> tuple[list[str], list[str]]:
    """Input and output names of decoder_model_merged, in graph order."""
    past = [f"past_key_values.{i}.{kind}" for i in range(num_layers) for kind in ("key", "value")]
    present = [f"present.{i}.{kind}" for i in range(num_layers) for kind in ("key", "value")]
    inputs = ["inputs_embeds", "attention_mask", "position_ids", *past, "num_logits_to_keep"]
    return inputs, ["logits", *present]


def export_decoder(language_model, lm_head, path: str, dtype: torch.dtype, device: str) -> onnx.ModelProto:
    """decoder_model_merged with a key/value cache; traced with past > 0 and batch 2 so all axes stay dynamic."""
    module = DecoderGraph(language_model, lm_head).eval()
    config = language_model.config
    batch, seq, past = 2, 3, 4
    kv_heads, head_dim = config.num_key_value_heads, config.hidden_size // config.num_attention_heads
    inputs_embeds = torch.randn(batch, seq, config.hidden_size, device=device).to(dtype)
    attention_mask = torch.ones(batch, past + seq, dtype=torch.int64, device=device)
    attention_mask[0, 0] = 0
    position_ids = (torch.arange(seq, device=device) + past).view(1, 1, seq).expand(3, batch, seq).contiguous()
    past_kv = [
        torch.randn(batch, kv_heads, past, head_dim, device=device).to(dtype) for _ in range(2 * config.num_hidden_layers)
    ]
    keep = torch.tensor(1, dtype=torch.int64, device=device)
    input_names, output_names = decoder_io_names(config.num_hidden_layers)
    axes = {
        "inputs_embeds": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {1: "batch_size", 2: "sequence_length"},
        "logits": {0: "batch_size", 1: "logits_length"},
    }
    for name in input_names:
        if name.startswith("past_key_values."):
            axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in output_names:
        if name.startswith("present."):
            axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    return _export(
        module,
        (inputs_embeds, attention_mask, position_ids, *past_kv, keep),
        path,
        input_names,
        output_names,
        axes,
    )


def power_of_two_int8(weight: np.ndarray, name: str) -> tuple[np.ndarray, int]:
    """int8 codes and exponent e with weight == codes * 2^-e exactly; raises if there are none."""
    values = weight.astype(np.float64)
    for exponent in range(0, 40):
        codes = values * 2.0**exponent
        if np.all(np.abs(codes) <= 127) and np.array_equal(codes, np.round(codes)):
            return codes.astype(np.int8), exponent
        if np.any(np.abs(codes) > 127):
            break
    raise ValueError(
        f"{name}: values are not int8 codes x a power-of-two scale; --compact-embeddings needs weights made that way"
    )


def compact_embedding(model: onnx.ModelProto, embedding: np.ndarray, graph_name: str) -> int:
    """Replaces initializers equal to `embedding` or its transpose by int8 codes x a power-of-two scale.

    A Gather on the table gathers int8 rows first and scales only those (Cast + Mul); any other use (the tied
    lm_head) dequantizes the whole table. Dequantized values are bit-identical to the float weights.
    Returns how many initializers were replaced.
    """
    codes, exponent = power_of_two_int8(embedding.astype(np.float32), graph_name)
    graph = model.graph
    replaced = 0
    for init in list(graph.initializer):
        if init.data_type not in (TensorProto.FLOAT, TensorProto.FLOAT16):
            continue
        dims = tuple(init.dims)
        if dims == embedding.shape:
            layout = codes
        elif dims == embedding.shape[::-1]:
            layout = np.ascontiguousarray(codes.T)
        else:
            continue
        value = numpy_helper.to_array(init)
        expected = layout.astype(np.float32) * np.float32(2.0**-exponent)
        if not np.array_equal(value.astype(np.float32), expected):
            continue
        float_type = init.data_type
        name = init.name
        graph.initializer.remove(init)
        codes_name, scale_name = f"{name}_int8", f"{name}_scale"
        scale_type = np.float32 if float_type == TensorProto.FLOAT else np.float16
        graph.initializer.extend(
            [
                numpy_helper.from_array(layout, codes_name),
                numpy_helper.from_array(np.array(2.0**-exponent, dtype=scale_type), scale_name),
            ]
        )
        consumers = [n for n in graph.node if name in n.input]
        gathers = [n for n in consumers if n.op_type == "Gather" and n.input[0] == name]
        new_nodes = []
        if gathers and len(gathers) == len(consumers):
            for gather in gathers:
                gathered = f"{gather.output[0]}_int8"
                out = gather.output[0]
                gather.input[0] = codes_name
                gather.output[0] = gathered
                new_nodes += _dequantize(gathered, scale_name, out, float_type)
        else:
            new_nodes += _dequantize(codes_name, scale_name, name, float_type)
        for node in reversed(new_nodes):
            graph.node.insert(_first_consumer_index(graph, node.output[0]), node)
        replaced += 1
    if replaced == 0:
        raise ValueError(f"{graph_name}: no initializer matches the embedding table")
    return replaced


def _dequantize(src: str, scale: str, out: str, float_type: int) -> list:
    # Cast + Mul rather than DequantizeLinear: onnxruntime's graph optimizer treats
    # DequantizeLinear -> MatMul as a quantized pattern and changes the results (seen with ORT 1.32 at
    # the default optimization level: tiny-model logits off by 0.2, a 32x1000 toy MatMul by 0.14).
    # Cast + Mul has nothing to fuse, and with a power-of-two scale it is exact in float32 and float16.
    mid = f"{out}_codes"
    return [
        helper.make_node("Cast", [src], [mid], to=float_type, name=f"{out}_cast"),
        helper.make_node("Mul", [mid, scale], [out], name=f"{out}_scale"),
    ]


def _first_consumer_index(graph, tensor: str) -> int:
    for index, node in enumerate(graph.node):
        if tensor in node.input:
            return index
    return len(graph.node)


def weight_bytes(model: onnx.ModelProto) -> int:
    """Bytes of initializer data in the model."""
    total = 0
    for init in model.graph.initializer:
        count = int(np.prod(init.dims)) if init.dims else 1
        total += count * helper.tensor_dtype_to_np_dtype(init.data_type).itemsize
    return total


def save(model: onnx.ModelProto, path: str, metadata: dict, threshold: int = EXTERNAL_DATA_THRESHOLD) -> list[str]:
    """Writes the graph (with external data in `<file>_data` when large). Returns the written files."""
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    data_name = os.path.basename(path) + "_data"
    data_path = os.path.join(os.path.dirname(path), data_name)
    for stale in (path, data_path):
        if os.path.exists(stale):
            os.remove(stale)
    if weight_bytes(model) > threshold:
        onnx.save_model(
            model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=data_name, size_threshold=1024
        )
        os.chmod(data_path, 0o644)  # onnx creates it owner-only
        return [path, data_path]
    onnx.save_model(model, path)
    return [path]
