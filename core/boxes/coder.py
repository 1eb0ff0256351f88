"""Box coder: xyxy boxes <-> (ty, tx, th, tw) codes relative to xyxy anchors.

The codes are the Faster R-CNN ones without scale factors, in the effdet channel order:
ty = (cy - cy_a) / h_a, tx = (cx - cx_a) / w_a, th = log(h / h_a), tw = log(w / w_a).
Encoding adds EPS to every width and height (as the effdet port does) so that a degenerate
box gives a finite code.
"""

from __future__ import annotations

import torch
from torch import Tensor

EPS = 1e-7


def _centre_size(boxes: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """(..., 4) xyxy -> centre x, centre y, width, height, each (...)."""
    x1, y1, x2, y2 = boxes.unbind(-1)
    w = x2 - x1
    h = y2 - y1
    return x1 + w / 2.0, y1 + h / 2.0, w, h


def encode(boxes_xyxy: Tensor, anchors_xyxy: Tensor) -> Tensor:
    """Codes (..., 4) as (ty, tx, th, tw) of boxes against anchors (broadcasting shapes)."""
    cx, cy, w, h = _centre_size(boxes_xyxy)
    cxa, cya, wa, ha = _centre_size(anchors_xyxy)
    wa, ha, w, h = wa + EPS, ha + EPS, w + EPS, h + EPS
    ty = (cy - cya) / ha
    tx = (cx - cxa) / wa
    th = torch.log(h / ha)
    tw = torch.log(w / wa)
    return torch.stack([ty, tx, th, tw], dim=-1)


def decode(rel: Tensor, anchors_xyxy: Tensor) -> Tensor:
    """Boxes (..., 4) xyxy from (ty, tx, th, tw) codes against anchors (broadcasting shapes)."""
    x1a, y1a, x2a, y2a = anchors_xyxy.unbind(-1)
    cxa, cya = (x1a + x2a) / 2, (y1a + y2a) / 2
    wa, ha = x2a - x1a, y2a - y1a
    ty, tx, th, tw = rel.unbind(-1)
    w = torch.exp(tw) * wa
    h = torch.exp(th) * ha
    cy = ty * ha + cya
    cx = tx * wa + cxa
    return torch.stack([cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0], dim=-1)
