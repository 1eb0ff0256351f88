"""Anchor matching by IoU, for one image or a whole padded batch at once.

One threshold, as in the reference: an anchor whose best IoU with a ground-truth box is >= the
threshold is positive (matched to that box); every other anchor is negative. Like the effdet
port (ArgMaxMatcher with force_match_for_each_row), each ground-truth box also claims its
best-overlapping anchor even when that IoU is below the threshold, so small or oddly shaped boxes
still train. Ties go to the lowest index, as in the port. One deliberate difference: a box that
overlaps no anchor at all (IoU 0 everywhere, e.g. degenerate) claims nothing, where the port
would force-match anchor 0.
"""

from __future__ import annotations

import torch
from torch import Tensor

BELOW_THRESHOLD = -1  # match value of a negative (background) anchor

# Largest IoU tensor (in elements) built at once; bigger batches are matched in chunks of images.
_MAX_IOU_ELEMENTS = 1 << 25


def box_iou(boxes: Tensor, anchors: Tensor) -> Tensor:
    """Pairwise IoU of xyxy boxes (..., M, 4) with xyxy anchors (A, 4) -> (..., M, A).

    Pairs that do not intersect get exactly 0 (also for zero-area boxes, never NaN).
    """
    bx1, by1, bx2, by2 = (c.unsqueeze(-1) for c in boxes.unbind(-1))  # (..., M, 1) each
    ax1, ay1, ax2, ay2 = anchors.t().contiguous()  # (A,) each
    inter = (torch.minimum(bx2, ax2) - torch.maximum(bx1, ax1)).clamp_(min=0)  # (..., M, A)
    inter *= (torch.minimum(by2, ay2) - torch.maximum(by1, ay1)).clamp_(min=0)
    area_b = (bx2 - bx1) * (by2 - by1)  # (..., M, 1)
    area_a = (ax2 - ax1) * (ay2 - ay1)  # (A,)
    union = (area_b + area_a).sub_(inter)  # (..., M, A); > 0 wherever inter > 0
    return inter.div_(union.clamp_(min=1e-12))


def _match_chunk(anchors: Tensor, gt: Tensor, valid: Tensor, iou_threshold: float) -> Tensor:
    n, m = valid.shape
    iou = box_iou(gt, anchors)  # (n, M, A)
    iou.masked_fill_(~valid.unsqueeze(-1), -1.0)  # padding never wins
    best_iou, best_gt = iou.max(dim=1)  # (n, A) each; ties -> lowest gt index
    matches = torch.where(best_iou >= iou_threshold, best_gt, BELOW_THRESHOLD)
    # Force-match: each real box claims its best anchor; if two boxes claim the same anchor,
    # the lower box index wins (amin), as in the reference.
    gt_best_iou, gt_best_anchor = iou.max(dim=2)  # (n, M) each
    claims = valid & (gt_best_iou > 0)
    gt_index = torch.arange(m, device=gt.device).expand(n, m)
    src = torch.where(claims, gt_index, m)  # m = "no claim", loses every amin
    forced = torch.full_like(matches, m).scatter_reduce_(1, gt_best_anchor, src, reduce="amin")
    return torch.where(forced < m, forced, matches)


def match_batch(
    anchors: Tensor, gt_boxes: Tensor, gt_valid: Tensor | None = None, iou_threshold: float = 0.5
) -> Tensor:
    """Match a padded batch: anchors (A, 4), gt_boxes (N, M, 4), gt_valid (N, M) bool.

    All boxes xyxy in input pixels, on the same device. Returns (N, A) long: index into M of the
    matched box, or BELOW_THRESHOLD.
    """
    if gt_boxes.dim() != 3 or gt_boxes.shape[-1] != 4:
        raise ValueError(f"gt_boxes must have shape (N, M, 4), got {tuple(gt_boxes.shape)}")
    n, m = gt_boxes.shape[:2]
    num_anchors = anchors.shape[0]
    if gt_valid is None:
        gt_valid = torch.ones(n, m, dtype=torch.bool, device=gt_boxes.device)
    if m == 0:
        shape = (n, num_anchors)
        return torch.full(shape, BELOW_THRESHOLD, dtype=torch.long, device=anchors.device)
    anchors = anchors.float()
    gt_boxes = gt_boxes.float()
    step = max(1, _MAX_IOU_ELEMENTS // (m * num_anchors))  # images per chunk
    parts = [
        _match_chunk(anchors, gt_boxes[i : i + step], gt_valid[i : i + step], iou_threshold)
        for i in range(0, n, step)
    ]
    return torch.cat(parts)


def match(anchors: Tensor, gt_boxes: Tensor, iou_threshold: float = 0.5) -> Tensor:
    """Match one image: anchors (A, 4), gt_boxes (M, 4) xyxy -> (A,) long gt index or -1."""
    if gt_boxes.dim() != 2 or gt_boxes.shape[-1] != 4:
        raise ValueError(f"gt_boxes must have shape (M, 4), got {tuple(gt_boxes.shape)}")
    return match_batch(anchors, gt_boxes.unsqueeze(0), iou_threshold=iou_threshold)[0]
