"""Box geometry in numpy: IoU, greedy matching, and mapping letterboxed boxes back to images.

No torch here (the GUI imports this module). Boxes are COCO ``[x, y, w, h]`` unless a name says
xyxy. The letterbox (core.data.transforms) resizes an image by ``scale`` to the rounded size
``scaled_size(...)`` and pads bottom/right; ``to_image_xywh`` undoes exactly that, so the boxes
evaluation measures are the boxes the Predictor returns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NO_MATCH = -1


def iou_xywh(a: np.ndarray | Sequence, b: np.ndarray | Sequence) -> np.ndarray:
    """Pairwise IoU of (P, 4) and (G, 4) ``[x, y, w, h]`` boxes -> (P, G) float64.

    Pairs that do not overlap (zero-area boxes included) get exactly 0, never NaN.
    """
    a = np.asarray(a, np.float64).reshape(-1, 4)
    b = np.asarray(b, np.float64).reshape(-1, 4)
    a1, a2 = a[:, None, :2], a[:, None, :2] + a[:, None, 2:]
    b1, b2 = b[None, :, :2], b[None, :, :2] + b[None, :, 2:]
    inter = np.clip(np.minimum(a2, b2) - np.maximum(a1, b1), 0, None).prod(-1)
    union = a[:, None, 2:].prod(-1) + b[None, :, 2:].prod(-1) - inter
    return np.where(inter > 0, inter / np.maximum(union, 1e-12), 0.0)


def greedy_match(
    iou: np.ndarray,
    scores: Sequence[float] | np.ndarray,
    pred_classes: Sequence | np.ndarray,
    gt_classes: Sequence | np.ndarray,
    iou_threshold: float = 0.5,
    *,
    any_class: bool = False,
) -> np.ndarray:
    """Match predictions to ground-truth boxes greedily by score; (P,) gt index or NO_MATCH.

    ``iou`` is (P, G). Predictions are taken by score, high to low (equal scores: lower index
    first); each claims the unclaimed box of its own class with the highest IoU >=
    ``iou_threshold`` (equal IoU: lower box index). With ``any_class``, a prediction that finds
    none of its class claims the unclaimed box of any class with the highest such IoU (a
    confusion).
    """
    iou = np.asarray(iou, np.float64).reshape(len(scores), len(gt_classes))
    p_cls, g_cls = np.asarray(pred_classes), np.asarray(gt_classes)
    out = np.full(len(scores), NO_MATCH, dtype=np.int64)
    claimed = np.zeros(len(g_cls), dtype=bool)
    if not len(g_cls):
        return out
    for i in np.argsort(-np.asarray(scores, np.float64), kind="stable"):
        ok = (iou[i] >= iou_threshold) & ~claimed
        pool = ok & (g_cls == p_cls[i])
        if any_class and not pool.any():
            pool = ok
        if pool.any():
            j = int(np.argmax(np.where(pool, iou[i], -1.0)))
            claimed[j] = True
            out[i] = j
    return out


def scaled_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """(width, height) of an image resized by ``scale``, rounded to whole pixels (at least 1)."""
    return max(1, round(width * scale)), max(1, round(height * scale))


def to_image_xywh(
    boxes_xyxy: np.ndarray | Sequence, scale: float, width: int, height: int
) -> np.ndarray:
    """Letterboxed-input xyxy boxes (D, 4) -> (D, 4) ``[x, y, w, h]`` pixels of the image.

    ``scale`` is the letterbox's (input px per image px, as in transforms.Sample); the image of
    ``width`` x ``height`` was resized to ``scaled_size(width, height, scale)`` and padded
    bottom/right, so each axis is divided by its own exact factor. Boxes are clipped to the
    image and rounded to 0.01 px.
    """
    sw, sh = scaled_size(width, height, scale)
    b = np.asarray(boxes_xyxy, np.float64).reshape(-1, 4) / np.array(
        [sw / width, sh / height] * 2, np.float64
    )
    b[:, 0::2] = b[:, 0::2].clip(0, width)
    b[:, 1::2] = b[:, 1::2].clip(0, height)
    xywh = np.concatenate([b[:, :2], b[:, 2:] - b[:, :2]], axis=1)
    return np.round(xywh, 2)


def image_detections(
    boxes_xyxy: np.ndarray | Sequence,
    scores: np.ndarray | Sequence,
    labels: np.ndarray | Sequence,
    scale: float,
    width: int,
    height: int,
) -> list[tuple[list[float], float, int]]:
    """Detections in letterboxed-input pixels -> ``(xywh box, score, label)`` in image pixels.

    Boxes as ``to_image_xywh``; scores rounded to 5 decimals; boxes left with no width or
    height (wholly in the padding) are dropped. The order is kept.
    """
    xywh = to_image_xywh(boxes_xyxy, scale, width, height)
    scores = np.asarray(scores, np.float64).reshape(-1)
    labels = np.asarray(labels).reshape(-1)
    return [
        ([float(v) for v in box], round(float(s), 5), int(k))
        for box, s, k in zip(xywh, scores, labels, strict=True)
        if box[2] > 0 and box[3] > 0
    ]
