"""Detection loss: sigmoid focal loss on classes plus Huber loss on box codes.

A plain function of (outputs, anchors, targets). Anchors of the whole batch are labelled in one
go on the outputs' device (core.boxes.matcher.match_batch). Both terms are normalised by
(number of positive anchors in the batch + 1), as in the effdet port; the box term also by 4
(codes per anchor). Differences from the port, on purpose: the Huber term covers every code of
a positive anchor (the port skips codes whose target is exactly 0.0, e.g. a box centred on its
anchor), and losses are computed in float32 even under autocast.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from core.boxes.anchors import flatten_outputs
from core.boxes.coder import encode
from core.boxes.matcher import match_batch


def focal_loss_sum(
    logits: Tensor, positives: tuple[Tensor, ...], alpha: float, gamma: float
) -> Tensor:
    """Summed sigmoid focal loss of float32 logits (..., K) against one-hot targets.

    positives indexes the entries whose target is 1 (unique, e.g. (image, anchor, class)); all
    other entries have target 0. The sum is taken as if every entry were negative, then the
    positive entries are swapped to their positive term: no dense target tensor is built.
    """
    p = logits.sigmoid()
    # target 0: (1 - alpha) * p^gamma * BCE, where BCE(x, 0) = softplus(x)
    negative = ((1.0 - alpha) * p.pow(gamma) * F.softplus(logits)).sum()
    x, p_pos = logits[positives], p[positives]  # (P,) each
    as_negative = (1.0 - alpha) * p_pos.pow(gamma) * F.softplus(x)
    # target 1: alpha * (1 - p)^gamma * BCE, where BCE(x, 1) = softplus(-x)
    as_positive = alpha * (1.0 - p_pos).pow(gamma) * F.softplus(-x)
    return negative + (as_positive - as_negative).sum()


def huber_sum(pred: Tensor, target: Tensor, delta: float) -> Tensor:
    """Summed Huber loss: 0.5 e^2 for |e| <= delta, delta * (|e| - 0.5 delta) beyond."""
    err = (pred - target).abs()
    quad = err.clamp(max=delta)
    return (0.5 * quad**2 + delta * (err - quad)).sum()


def pad_targets(
    targets: list[dict[str, Tensor]], num_classes: int, device: torch.device
) -> tuple[Tensor, Tensor, Tensor]:
    """Stack per-image targets into (N, M, 4) boxes, (N, M) labels and (N, M) valid mask."""
    m = max((len(t["labels"]) for t in targets), default=0)
    n = len(targets)
    boxes = torch.zeros(n, m, 4, device=device)
    labels = torch.zeros(n, m, dtype=torch.long, device=device)
    valid = torch.zeros(n, m, dtype=torch.bool, device=device)
    for i, t in enumerate(targets):
        b, lab = t["boxes"], t["labels"]
        if b.dim() != 2 or b.shape[-1] != 4 or b.shape[0] != lab.shape[0]:
            raise ValueError(
                f"targets[{i}]: boxes must be (M, 4) and labels (M,), got {tuple(b.shape)} "
                f"and {tuple(lab.shape)}"
            )
        k = b.shape[0]
        boxes[i, :k] = b.to(device=device, dtype=torch.float32)
        labels[i, :k] = lab.to(device=device, dtype=torch.long)
        valid[i, :k] = True
    if valid.any():
        used = labels[valid]
        lo, hi = int(used.min()), int(used.max())  # one sync per batch
        if lo < 0 or hi >= num_classes:
            raise ValueError(
                f"target labels must be 0-based class indices in [0, {num_classes - 1}], "
                f"found values from {lo} to {hi}"
            )
    return boxes, labels, valid


def detection_loss(
    class_outputs: list[Tensor],
    box_outputs: list[Tensor],
    anchors: Tensor,
    targets: list[dict[str, Tensor]],
    num_classes: int,
    *,
    alpha: float = 0.25,
    gamma: float = 1.5,
    delta: float = 0.1,
    box_weight: float = 50.0,
    iou_threshold: float = 0.5,
) -> dict[str, Tensor]:
    """Loss of one batch: {"loss", "class_loss", "box_loss"}, scalar float32 tensors.

    class_outputs / box_outputs: per level (N, A*K, H, W) / (N, A*4, H, W) from the model;
    anchors: (total, 4) xyxy from make_anchors; targets: N dicts with "boxes" (M, 4) xyxy input
    pixels and "labels" (M,) 0-based. An image may have no boxes; a batch without any box gives
    a box loss of exactly 0.
    """
    cls, box = flatten_outputs(class_outputs, box_outputs, num_classes)  # (N,T,K), (N,T,4)
    n, total, _ = cls.shape
    if len(targets) != n:
        raise ValueError(f"got {len(targets)} targets for a batch of {n} images")
    if anchors.shape != (total, 4):
        raise ValueError(
            f"anchors have shape {tuple(anchors.shape)} but the outputs hold {total} anchors; "
            "were they made for another image size or level?"
        )
    device = cls.device
    cls, box, anchors = cls.float(), box.float(), anchors.to(device=device, dtype=torch.float32)
    gt_boxes, gt_labels, gt_valid = pad_targets(targets, num_classes, device)

    with torch.no_grad():
        matches = match_batch(anchors, gt_boxes, gt_valid, iou_threshold)  # (N, T)
        positive = matches >= 0  # (N, T)
        img_idx, anchor_idx = positive.nonzero(as_tuple=True)  # (P,) each
        gt_idx = matches[img_idx, anchor_idx]  # (P,)
        positives = (img_idx, anchor_idx, gt_labels[img_idx, gt_idx])  # where targets are 1
        box_target = encode(gt_boxes[img_idx, gt_idx], anchors[anchor_idx])  # (P, 4)
        normalizer = positive.sum().float() + 1.0

    class_loss = focal_loss_sum(cls, positives, alpha, gamma) / normalizer
    box_loss = huber_sum(box[img_idx, anchor_idx], box_target, delta) / (normalizer * 4.0)
    return {
        "loss": class_loss + box_weight * box_loss,
        "class_loss": class_loss,
        "box_loss": box_loss,
    }
