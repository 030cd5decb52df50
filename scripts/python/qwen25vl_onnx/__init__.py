"""Export of Qwen2.5-VL checkpoints to the ONNX folder layout of docs/MODEL_FORMAT.md.

Modules:
  presets      model configurations (tiny, random 3B/7B)
  tiny_model   the seeded tiny checkpoint (weights, tokenizer, processor and generation files)
  vision_graph trace-friendly vision encoder (one image)
  text_graphs  trace-friendly embed_tokens and decoder_model_merged
  onnx_export  torch.onnx export, compact embeddings, external data
  verify       onnxruntime vs Hugging Face checks
"""
