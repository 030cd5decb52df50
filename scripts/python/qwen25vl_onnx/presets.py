"""Qwen2.5-VL configurations: the shipped tiny model and the real 3B/7B sizes (random weights)."""

from transformers import Qwen2_5_VLConfig

# Token ids of the Qwen2.5 tokenizer that the architecture refers to.
SPECIAL_TOKEN_IDS = dict(
    image_token_id=151655,
    video_token_id=151656,
    vision_start_token_id=151652,
    vision_end_token_id=151653,
)
ENDOFTEXT_ID = 151643
IM_END_ID = 151645


def _text(vocab, hidden, inter, layers, heads, kv_heads, mrope, tie, max_pos):
    rope = {"rope_type": "default", "rope_theta": 1e6, "mrope_section": list(mrope)}
    return dict(
        vocab_size=vocab,
        hidden_size=hidden,
        intermediate_size=inter,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        max_position_embeddings=max_pos,
        rms_norm_eps=1e-6,
        hidden_act="silu",
        rope_parameters=rope,
        tie_word_embeddings=tie,
        bos_token_id=ENDOFTEXT_ID,
        eos_token_id=IM_END_ID,
        use_sliding_window=False,
    )


def _vision(depth, hidden, inter, heads, out_hidden, full_blocks):
    return dict(
        depth=depth,
        hidden_size=hidden,
        intermediate_size=inter,
        num_heads=heads,
        in_channels=3,
        out_hidden_size=out_hidden,
        patch_size=14,
        spatial_merge_size=2,
        temporal_patch_size=2,
        window_size=112,
        fullatt_block_indexes=list(full_blocks),
        tokens_per_second=2,
        hidden_act="silu",
    )


PRESETS = {
    # Real architecture, small sizes: GQA (2 query heads, 1 kv head), windowed and full vision blocks.
    "tiny": dict(
        text=_text(151936, 32, 64, 2, 2, 1, (2, 3, 3), True, 32768),
        vision=_vision(4, 32, 64, 2, 32, (1, 3)),
    ),
    "3b": dict(
        text=_text(151936, 2048, 11008, 36, 16, 2, (16, 24, 24), True, 128000),
        vision=_vision(32, 1280, 3420, 16, 2048, (7, 15, 23, 31)),
    ),
    "7b": dict(
        text=_text(152064, 3584, 18944, 28, 28, 4, (16, 24, 24), False, 128000),
        vision=_vision(32, 1280, 3420, 16, 3584, (7, 15, 23, 31)),
    ),
}


def build_config(name: str) -> Qwen2_5_VLConfig:
    """The Qwen2_5_VLConfig of a preset (`tiny`, `3b`, `7b`)."""
    preset = PRESETS[name]
    return Qwen2_5_VLConfig(
        text_config=dict(preset["text"]),
        vision_config=dict(preset["vision"]),
        tie_word_embeddings=preset["text"]["tie_word_embeddings"],
        **SPECIAL_TOKEN_IDS,
    )
