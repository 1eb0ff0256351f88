"""Post-processing: raw head outputs -> per-image detections (xyxy input pixels, 0-based labels).

Steps, as in the effdet port: top-k over all anchor x class logits of an image, decode the
chosen anchors' codes, clip to the input, class-aware NMS, keep the best max_detections. On top
of the port: a score threshold before NMS, and soft-NMS (gaussian) that stops as soon as
max_detections boxes are chosen instead of re-scoring every candidate.

The threshold is applied to the logits of each level's raw output before the top-k (the top-k
of the survivors are exactly the surviving top-k of all), so only survivors are gathered and
decoded: no copy of the (N, anchors, classes) map is made.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor
from torchvision.ops import batched_nms

from core.boxes.coder import decode
from core.boxes.matcher import box_iou
from core.options import MAX_DETECTIONS

SOFT_NMS_SIGMA = 0.5  # gaussian decay exp(-iou^2 / sigma), the port's and the paper's default


def gaussian_soft_nms(
    boxes: Tensor,
    scores: Tensor,
    labels: Tensor,
    *,
    sigma: float = SOFT_NMS_SIGMA,
    score_threshold: float = 0.001,
    max_detections: int = MAX_DETECTIONS,
) -> tuple[Tensor, Tensor]:
    """Class-aware gaussian soft-NMS of one image: boxes (D, 4) xyxy, scores (D,), labels (D,).

    Repeatedly picks the highest (decayed) score, then multiplies the score of every other box
    of the same class by exp(-iou^2 / sigma) and drops those below score_threshold. Returns the
    picked indices (in picking order, so by decreasing decayed score) and their decayed scores.
    """
    scores = scores.float().clone()
    alive = scores > score_threshold
    keep, kept_scores = [], []
    while len(keep) < max_detections and bool(alive.any()):
        masked = torch.where(alive, scores, torch.full_like(scores, -1.0))
        top = int(masked.argmax())  # ties -> lowest index
        keep.append(top)
        kept_scores.append(scores[top])
        alive[top] = False
        iou = box_iou(boxes[top : top + 1], boxes)[0]  # (D,)
        iou = torch.where(labels == labels[top], iou, torch.zeros_like(iou))
        scores = scores * torch.exp(-(iou**2) / sigma)
        alive &= scores > score_threshold
    if not keep:
        return torch.zeros(0, dtype=torch.long, device=boxes.device), scores[:0]
    return torch.tensor(keep, device=boxes.device), torch.stack(kept_scores)


def _input_size(class_outputs: list[Tensor], anchors: Tensor) -> tuple[int, int]:
    """(height, width) of the model input, from the first level's map and its anchor stride."""
    first = anchors[0]  # top-left cell of the first level: centre = stride / 2
    stride_x = float(first[0] + first[2])
    stride_y = float(first[1] + first[3])
    h, w = class_outputs[0].shape[-2:]
    return round(h * stride_y), round(w * stride_x)


@torch.no_grad()
def postprocess(
    class_outputs: list[Tensor],
    box_outputs: list[Tensor],
    anchors: Tensor,
    num_classes: int,
    *,
    score_threshold: float = 0.001,
    max_candidates: int = 5000,
    iou_threshold: float = 0.5,
    max_detections: int = MAX_DETECTIONS,
    soft_nms: bool = False,
    image_size: tuple[int, int] | None = None,
) -> list[dict[str, Tensor]]:
    """Detections per image: {"boxes": (D, 4) xyxy input pixels, "scores": (D,), "labels": (D,)}.

    Labels are 0-based long; scores are sigmoid probabilities, sorted high to low. Boxes are
    clipped to the input of size image_size = (height, width) (default: found from the outputs
    and anchors). With soft_nms, iou_threshold is not used (gaussian decay instead).
    """
    total = _check_levels(class_outputs, box_outputs, num_classes)
    anchors = anchors.to(device=class_outputs[0].device, dtype=torch.float32)
    if anchors.shape != (total, 4):
        raise ValueError(
            f"anchors have shape {tuple(anchors.shape)} but the outputs hold {total} anchors"
        )
    height, width = image_size or _input_size(class_outputs, anchors)
    limit = torch.tensor([width, height, width, height], device=anchors.device, dtype=torch.float32)
    # Prefilter on logits a little below logit(threshold); the exact test is on the scores.
    cut = _logit(score_threshold) - 1e-3 if score_threshold > 0 else -math.inf
    n = class_outputs[0].shape[0]
    candidates = []
    for i in range(n):
        logits, anchor_idx, labels, codes = _survivors(
            class_outputs, box_outputs, num_classes, i, cut
        )
        if logits.numel() > max_candidates:
            logits, order = logits.topk(max_candidates)
        else:
            logits, order = logits.sort(descending=True)
        anchor_idx, labels, codes = anchor_idx[order], labels[order], codes[order]
        boxes = decode(codes.float(), anchors[anchor_idx]).clamp(min=0).minimum(limit)
        candidates.append((boxes, logits.float().sigmoid(), labels))

    results = []
    for boxes, scores, labels in candidates:  # NMS cost grows with the square of candidates
        ok = scores > score_threshold
        b, s, lab = boxes[ok], scores[ok], labels[ok]  # (D, 4), (D,), (D,)
        if soft_nms:
            keep, s = gaussian_soft_nms(
                b, s, lab, score_threshold=score_threshold, max_detections=max_detections
            )
        else:
            keep = batched_nms(b, s, lab, iou_threshold)[:max_detections]  # by score, descending
            s = s[keep]
        results.append({"boxes": b[keep], "scores": s, "labels": lab[keep]})
    return results


def _logit(p: float) -> float:
    return math.inf if p >= 1 else math.log(p / (1 - p))


def _check_levels(class_outputs: list[Tensor], box_outputs: list[Tensor], num_classes: int) -> int:
    """Total anchors of per-level outputs (N, A*K, H, W) and (N, A*4, H, W), checked."""
    if len(class_outputs) != len(box_outputs) or not class_outputs:
        raise ValueError(
            f"expected the same non-zero number of class and box levels, got "
            f"{len(class_outputs)} and {len(box_outputs)}"
        )
    total = 0
    for level, (c, b) in enumerate(zip(class_outputs, box_outputs, strict=True)):
        if c.shape[1] % num_classes or c.shape[1] // num_classes * 4 != b.shape[1]:
            raise ValueError(
                f"level {level}: class channels {c.shape[1]} and box channels {b.shape[1]} do "
                f"not fit num_classes={num_classes} with the same anchors per location"
            )
        total += c.shape[1] // num_classes * c.shape[2] * c.shape[3]
    return total


def _survivors(
    class_outputs: list[Tensor], box_outputs: list[Tensor], num_classes: int, i: int, cut: float
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Image i's logits above ``cut``: (logits (D,), anchor rows (D,), labels (D,), codes (D, 4)).

    Anchor rows follow core.boxes.anchors order (level, y, x, anchor at the location), which is
    the (H, W, A*K) order of a level's map: a view, not a copy, for channels_last outputs.
    """
    logits, rows, labels, codes = [], [], [], []
    offset = 0
    for c, b in zip(class_outputs, box_outputs, strict=True):
        cls = c[i].permute(1, 2, 0).reshape(-1)  # (H*W*A*K,)
        count = cls.numel() // num_classes  # anchors of this level
        if cut == -math.inf or bool(cls.amax() > cut):
            flat = torch.nonzero(cls > cut).squeeze(1)
            row = flat // num_classes
            logits.append(cls[flat])
            labels.append(flat % num_classes)
            rows.append(offset + row)
            codes.append(b[i].permute(1, 2, 0).reshape(count, 4)[row])
        offset += count
    if not logits:
        empty = torch.zeros(0, dtype=torch.long, device=class_outputs[0].device)
        return class_outputs[0].new_zeros(0), empty, empty, box_outputs[0].new_zeros(0, 4)
    return torch.cat(logits), torch.cat(rows), torch.cat(labels), torch.cat(codes)
