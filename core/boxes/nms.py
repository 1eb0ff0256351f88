"""Post-processing: raw head outputs -> per-image detections (xyxy input pixels, 0-based labels).

Steps, as in the effdet port: top-k over all anchor x class logits of an image, decode the
chosen anchors' codes, clip to the input, class-aware NMS, keep the best max_detections. On top
of the port: a score threshold before NMS, and soft-NMS (gaussian) that stops as soon as
max_detections boxes are chosen instead of re-scoring every candidate.
"""

from __future__ import annotations

import torch
from torch import Tensor
from torchvision.ops import batched_nms

from core.boxes.anchors import flatten_outputs
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
    cls, box = flatten_outputs(class_outputs, box_outputs, num_classes)  # (N,T,K), (N,T,4)
    n, total, k = cls.shape
    anchors = anchors.to(device=cls.device, dtype=torch.float32)
    if anchors.shape != (total, 4):
        raise ValueError(
            f"anchors have shape {tuple(anchors.shape)} but the outputs hold {total} anchors"
        )
    height, width = image_size or _input_size(class_outputs, anchors)
    num = min(max_candidates, total * k)
    logits, flat_idx = cls.reshape(n, total * k).topk(num, dim=1)  # (N, num) each
    anchor_idx = flat_idx // k  # (N, num)
    labels = flat_idx % k  # (N, num)
    codes = box.gather(1, anchor_idx.unsqueeze(-1).expand(-1, -1, 4)).float()  # (N, num, 4)
    boxes = decode(codes, anchors[anchor_idx])  # (N, num, 4) xyxy
    limit = torch.tensor([width, height, width, height], device=boxes.device, dtype=boxes.dtype)
    boxes = boxes.clamp(min=0).minimum(limit)
    scores = logits.float().sigmoid()  # (N, num)

    results = []
    for i in range(n):  # per image: NMS cost grows with the square of the candidates
        ok = scores[i] > score_threshold
        b, s, lab = boxes[i][ok], scores[i][ok], labels[i][ok]  # (D, 4), (D,), (D,)
        if soft_nms:
            keep, s = gaussian_soft_nms(
                b, s, lab, score_threshold=score_threshold, max_detections=max_detections
            )
        else:
            keep = batched_nms(b, s, lab, iou_threshold)[:max_detections]  # by score, descending
            s = s[keep]
        results.append({"boxes": b[keep], "scores": s, "labels": lab[keep]})
    return results
