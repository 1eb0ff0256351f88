"""Anchor boxes and the flattening of head outputs into the same anchor order.

Every anchor is xyxy in pixels of the model input (cfg.size x cfg.size). The order is level
(min_level..max_level), then feature row y, then column x, then anchor = scale_index * R +
ratio_index, which is the channel order the heads use, so row i of ``make_anchors`` belongs to
row i of ``flatten_outputs``. Placement and sizes agree with the effdet port: centres at
(i + 0.5) * stride, base size anchor_scale * stride * 2 ** (scale_index / num_scales), and the
aspect pair (ax, ay) multiplies width and height.
"""

from __future__ import annotations

import torch
from torch import Tensor

from core.config import ModelConfig


def feature_sizes(image_size: int, max_level: int) -> list[int]:
    """Side of the feature map at levels 0..max_level (ceil-halving, as 'same' padding does)."""
    sizes = [image_size]
    for _ in range(max_level):
        sizes.append((sizes[-1] - 1) // 2 + 1)
    return sizes


def anchors_per_location(cfg: ModelConfig) -> int:
    return cfg.num_scales * len(cfg.aspect_ratios)


def _level_anchors(cfg: ModelConfig, feat: int, anchor_scale: float) -> Tensor:
    """Anchors of one level, float64, shape (feat * feat * A, 4) xyxy."""
    stride = cfg.size / feat  # pixels per feature cell (2 ** level when the size divides)
    half_sizes = []  # (A, 2): half width, half height, in anchor order
    for s in range(cfg.num_scales):
        base = anchor_scale * stride * 2 ** (s / cfg.num_scales)
        for ax, ay in cfg.aspect_ratios:
            half_sizes.append((base * ax / 2.0, base * ay / 2.0))
    half = torch.tensor(half_sizes, dtype=torch.float64)
    centres = torch.arange(feat, dtype=torch.float64) * stride + stride / 2  # (feat,)
    cy, cx = torch.meshgrid(centres, centres, indexing="ij")  # (feat, feat) each, rows = y
    centre = torch.stack([cx, cy], dim=-1).reshape(-1, 1, 2)  # (HW, 1, 2) as (x, y)
    boxes = torch.cat([centre - half, centre + half], dim=-1)  # (HW, A, 4) xyxy
    return boxes.reshape(-1, 4)  # (HW*A, 4)


def make_anchors(cfg: ModelConfig, device: torch.device | str | None = None) -> Tensor:
    """All anchors of ``cfg`` as float32 (total_anchors, 4) xyxy pixels of the model input.

    D0 at 512 px has 49,104 anchors; D7x at 1536 px has 442,260.
    """
    spec = cfg.spec
    sizes = feature_sizes(cfg.size, spec.max_level)
    levels = [
        _level_anchors(cfg, sizes[level], cfg.base_anchor_scale)
        for level in range(spec.min_level, spec.max_level + 1)
    ]
    return torch.cat(levels).to(device=device, dtype=torch.float32)


def flatten_outputs(
    class_outputs: list[Tensor], box_outputs: list[Tensor], num_classes: int
) -> tuple[Tensor, Tensor]:
    """Concatenate per-level head outputs into anchor order.

    class_outputs[l]: (N, A*K, H_l, W_l); box_outputs[l]: (N, A*4, H_l, W_l) with channels
    (ty, tx, th, tw) per anchor. Returns (N, total, K) logits and (N, total, 4) codes.
    """
    if len(class_outputs) != len(box_outputs) or not class_outputs:
        raise ValueError(
            f"expected the same non-zero number of class and box levels, got "
            f"{len(class_outputs)} and {len(box_outputs)}"
        )
    n = class_outputs[0].shape[0]
    classes, boxes = [], []
    for level, (c, b) in enumerate(zip(class_outputs, box_outputs, strict=True)):
        if c.shape[1] % num_classes or c.shape[1] // num_classes * 4 != b.shape[1]:
            raise ValueError(
                f"level {level}: class channels {c.shape[1]} and box channels {b.shape[1]} do "
                f"not fit num_classes={num_classes} with the same anchors per location"
            )
        # (N, A*K, H, W) -> (N, H, W, A*K) -> (N, H*W*A, K)
        classes.append(c.permute(0, 2, 3, 1).reshape(n, -1, num_classes))
        # (N, A*4, H, W) -> (N, H, W, A*4) -> (N, H*W*A, 4)
        boxes.append(b.permute(0, 2, 3, 1).reshape(n, -1, 4))
    return torch.cat(classes, dim=1), torch.cat(boxes, dim=1)  # (N, total, K), (N, total, 4)
