"""Trace-friendly embed_tokens and decoder_model_merged graphs, reusing the HF text model's weights.

The decoder takes embeddings (image pads already replaced by image features), a [B, past + S]
attention mask, mrope position ids [3, B, S] and the past keys/values of every layer; causality and
padding are applied inside the graph with the dtype's lowest finite value (never -inf), so rows that
are all padding stay finite.
"""

import torch
from torch import nn

from .vision_graph import lowest, rms_norm, rotate_half


class EmbedTokensGraph(nn.Module):
    """input_ids [B, S] -> inputs_embeds [B, S, H]."""

    def __init__(self, embed_tokens: nn.Embedding):
        super().__init__()
        self.embed_tokens = embed_tokens

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.embed_tokens(input_ids)


class DecoderGraph(nn.Module):
    """One decoder step over S new positions with a key/value cache of `past` positions.

    Inputs: inputs_embeds, attention_mask, position_ids, past_key_values.{i}.key/.value for each layer
    (flattened, key before value), num_logits_to_keep (scalar; 0 or >= S keeps all positions).
    Outputs: logits, then present.{i}.key/.value.
    """

    def __init__(self, language_model: nn.Module, lm_head: nn.Linear):
        super().__init__()
        config = language_model.config
        self.lm = language_model
        self.lm_head = lm_head
        self.num_layers = config.num_hidden_layers
        self.num_heads = config.num_attention_heads
        self.num_kv_heads = config.num_key_value_heads
        self.head_dim = config.hidden_size // config.num_attention_heads
        self.mrope_section = list(config.rope_parameters["mrope_section"])
        inv_freq = language_model.rotary_emb.inv_freq.detach().to(torch.float32).clone()
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        if sum(self.mrope_section) != self.head_dim // 2:
            raise ValueError(f"mrope_section {self.mrope_section} must sum to head_dim/2 = {self.head_dim // 2}")

    def _rotary(self, position_ids: torch.Tensor, dtype: torch.dtype):
        # freqs[a, b, s, f] = position_ids[a, b, s] * inv_freq[f]; section i of the frequencies takes
        # its angle from axis i % 3 (temporal, height, width), then the halves are duplicated.
        freqs = position_ids.to(torch.float32)[..., None] * self.inv_freq
        parts = []
        start = 0
        for i, size in enumerate(self.mrope_section):
            parts.append(freqs[i % 3, :, :, start : start + size])
            start += size
        half = torch.cat(parts, dim=-1)
        emb = torch.cat([half, half], dim=-1)
        return emb.cos().to(dtype)[:, None, :, :], emb.sin().to(dtype)[:, None, :, :]

    def _mask(self, attention_mask: torch.Tensor, seq_len) -> torch.Tensor:
        """[B, 1, S, T] boolean: query j (absolute past + j) may see key i."""
        total = attention_mask.shape[1]
        past = total - seq_len
        query_pos = torch.arange(seq_len, dtype=torch.int64, device=attention_mask.device) + past
        key_pos = torch.arange(total, dtype=torch.int64, device=attention_mask.device)
        causal = key_pos[None, :] <= query_pos[:, None]
        return causal[None, None, :, :] & (attention_mask[:, None, None, :] != 0)

    def _repeat_kv(self, x: torch.Tensor) -> torch.Tensor:
        groups = self.num_heads // self.num_kv_heads
        if groups == 1:
            return x
        b, kvh, t, d = x.shape
        return x[:, :, None, :, :].expand(b, kvh, groups, t, d).reshape(b, kvh * groups, t, d)

    def _layer(self, layer, x, cos, sin, allowed, past_key, past_value):
        attn = layer.self_attn
        b, s, _ = x.shape
        h = rms_norm(x, layer.input_layernorm.weight, layer.input_layernorm.variance_epsilon)
        q = attn.q_proj(h).reshape(b, s, self.num_heads, self.head_dim).transpose(1, 2)
        k = attn.k_proj(h).reshape(b, s, self.num_kv_heads, self.head_dim).transpose(1, 2)
        v = attn.v_proj(h).reshape(b, s, self.num_kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        key = torch.cat([past_key, k], dim=2)
        value = torch.cat([past_value, v], dim=2)
        scores = (q @ self._repeat_kv(key).transpose(2, 3)) * attn.scaling
        scores = torch.where(allowed, scores, scores.new_tensor(lowest(scores.dtype)))
        probs = torch.softmax(scores.to(torch.float32), dim=-1).to(q.dtype)
        out = (probs @ self._repeat_kv(value)).transpose(1, 2).reshape(b, s, self.num_heads * self.head_dim)
        x = x + attn.o_proj(out)
        h = rms_norm(x, layer.post_attention_layernorm.weight, layer.post_attention_layernorm.variance_epsilon)
        mlp = layer.mlp
        x = x + mlp.down_proj(mlp.act_fn(mlp.gate_proj(h)) * mlp.up_proj(h))
        return x, key, value

    def _keep_last(self, hidden: torch.Tensor, num_logits_to_keep: torch.Tensor) -> torch.Tensor:
        seq_len = hidden.shape[1]
        seq = torch.full_like(num_logits_to_keep, 0) + seq_len
        keep = torch.where((num_logits_to_keep <= 0) | (num_logits_to_keep > seq), seq, num_logits_to_keep)
        index = torch.arange(seq_len - keep, seq_len, dtype=torch.int64, device=hidden.device)
        return hidden.index_select(1, index)

    def forward(self, inputs_embeds, attention_mask, position_ids, *past_and_keep):
        past = past_and_keep[: 2 * self.num_layers]
        num_logits_to_keep = past_and_keep[2 * self.num_layers]
        x = inputs_embeds
        cos, sin = self._rotary(position_ids, x.dtype)
        allowed = self._mask(attention_mask, x.shape[1])
        presents = []
        for i, layer in enumerate(self.lm.layers):
            x, key, value = self._layer(layer, x, cos, sin, allowed, past[2 * i], past[2 * i + 1])
            presents += [key, value]
        x = rms_norm(x, self.lm.norm.weight, self.lm.norm.variance_epsilon)
        logits = self.lm_head(self._keep_last(x, num_logits_to_keep))
        return (logits, *presents)
