"""Trace-friendly Qwen2.5-VL vision encoder for ONE image, reusing the HF module's weights.

HF's forward builds window indices and cu_seqlens with Python loops over grid_thw; here every shape
that depends on the grid is tensor arithmetic, so the exported graph stays dynamic:
  * 2-D rotary positions: (row, col) of each patch, patches laid out in merge x merge blocks (the
    processor's patch order);
  * window reorder: HF's get_window_index order (window row, window col, row in window, col in window)
    as an argsort over a per-unit key, and window attention as a mask where window ids match;
  * full attention in fullatt_block_indexes; the merger; then the reorder is undone.
The image must have t == 1 (a still image after temporal patching).
"""

import torch
from torch import nn


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    """Qwen2 RMSNorm: statistics in float32, weight applied in the input dtype."""
    dtype = x.dtype
    xf = x.to(torch.float32)
    xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)
    return weight * xf.to(dtype)


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """(x1, x2) -> (-x2, x1) over the last dimension."""
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def lowest(dtype: torch.dtype) -> float:
    """The dtype's lowest finite value: masked scores use it instead of -inf (no NaN on empty rows)."""
    return torch.finfo(dtype).min


class VisionEncoderGraph(nn.Module):
    """pixel_values [N, C*T*P*P], image_grid_thw [1, 3] -> image_features [N / merge^2, out_hidden]."""

    def __init__(self, visual: nn.Module):
        super().__init__()
        config = visual.config
        self.visual = visual
        self.merge = config.spatial_merge_size
        self.unit = self.merge * self.merge
        self.window_units = config.window_size // self.merge // config.patch_size
        self.full_blocks = set(config.fullatt_block_indexes)
        self.num_heads = config.num_heads
        self.head_dim = config.hidden_size // config.num_heads
        self.hidden = config.hidden_size
        inv_freq = visual.rotary_pos_emb.inv_freq.detach().to(torch.float32).clone()
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def _patch_embed(self, pixel_values: torch.Tensor) -> torch.Tensor:
        # Conv3d with stride == kernel over exactly one kernel-sized block per row is a matmul.
        weight = self.visual.patch_embed.proj.weight
        flat = weight.reshape(weight.shape[0], -1)
        return pixel_values.to(flat.dtype) @ flat.t()

    def _layout(self, grid: torch.Tensor, num_patches: torch.Tensor):
        """Per-patch (row, col), the window order of merge units and each unit's window id."""
        merge, ws = self.merge, self.window_units
        grid_w = grid[0, 2]
        units_w = grid_w // merge
        patch = torch.arange(num_patches, dtype=torch.int64, device=grid.device)
        unit = patch // self.unit
        within = patch % self.unit
        unit_row = unit // units_w
        unit_col = unit % units_w
        rows = unit_row * merge + within // merge
        cols = unit_col * merge + within % merge

        num_units = num_patches // self.unit
        u = torch.arange(num_units, dtype=torch.int64, device=grid.device)
        ur = u // units_w
        uc = u % units_w
        windows_per_row = units_w // ws + 1
        window_id = (ur // ws) * windows_per_row + uc // ws
        key = window_id * (ws * ws) + (ur % ws) * ws + uc % ws
        window_index = torch.argsort(key)
        return rows, cols, window_index, window_id

    def _reorder(self, x: torch.Tensor, window_index: torch.Tensor) -> torch.Tensor:
        units = x.reshape(-1, self.unit, x.shape[-1])
        return units.index_select(0, window_index).reshape(-1, x.shape[-1])

    def _rotary(self, rows: torch.Tensor, cols: torch.Tensor):
        freqs_h = rows.to(torch.float32)[:, None] * self.inv_freq[None, :]
        freqs_w = cols.to(torch.float32)[:, None] * self.inv_freq[None, :]
        half = torch.cat([freqs_h, freqs_w], dim=-1)
        emb = torch.cat([half, half], dim=-1)
        return emb.cos(), emb.sin()

    def _attention(self, block: nn.Module, x: torch.Tensor, cos, sin, window_mask) -> torch.Tensor:
        attn = block.attn
        n = x.shape[0]
        qkv = attn.qkv(x).reshape(n, 3, self.num_heads, self.head_dim).permute(1, 0, 2, 3)
        q, k, v = qkv[0], qkv[1], qkv[2]
        dtype = q.dtype
        c, s = cos[:, None, :], sin[:, None, :]
        qf, kf = q.to(torch.float32), k.to(torch.float32)
        q = (qf * c + rotate_half(qf) * s).to(dtype).transpose(0, 1)
        k = (kf * c + rotate_half(kf) * s).to(dtype).transpose(0, 1)
        v = v.transpose(0, 1)
        scores = (q @ k.transpose(1, 2)) * (self.head_dim**-0.5)
        if window_mask is not None:
            scores = torch.where(window_mask[None, :, :], scores, scores.new_tensor(lowest(scores.dtype)))
        probs = torch.softmax(scores.to(torch.float32), dim=-1).to(dtype)
        out = (probs @ v).transpose(0, 1).reshape(n, self.hidden)
        return attn.proj(out)

    def _mlp(self, block: nn.Module, x: torch.Tensor) -> torch.Tensor:
        mlp = block.mlp
        return mlp.down_proj(mlp.act_fn(mlp.gate_proj(x)) * mlp.up_proj(x))

    def forward(self, pixel_values: torch.Tensor, image_grid_thw: torch.Tensor) -> torch.Tensor:
        num_patches = image_grid_thw[0, 0] * image_grid_thw[0, 1] * image_grid_thw[0, 2]
        rows, cols, window_index, window_id = self._layout(image_grid_thw, num_patches)
        x = self._reorder(self._patch_embed(pixel_values), window_index)
        cos, sin = self._rotary(rows, cols)
        cos = self._reorder(cos, window_index)
        sin = self._reorder(sin, window_index)
        unit_window = window_id.index_select(0, window_index)
        patch_window = unit_window[:, None].expand(-1, self.unit).reshape(-1)
        window_mask = patch_window[:, None] == patch_window[None, :]
        for index, block in enumerate(self.visual.blocks):
            mask = None if index in self.full_blocks else window_mask
            eps1 = block.norm1.variance_epsilon
            x = x + self._attention(block, rms_norm(x, block.norm1.weight, eps1), cos, sin, mask)
            x = x + self._mlp(block, rms_norm(x, block.norm2.weight, block.norm2.variance_epsilon))
        merger = self.visual.merger
        merged = rms_norm(x, merger.ln_q.weight, merger.ln_q.variance_epsilon).reshape(-1, merger.hidden_size)
        merged = merger.mlp(merged)
        reverse = torch.argsort(window_index)
        return merged.index_select(0, reverse)
