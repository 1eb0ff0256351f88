"""Sliced prediction: detections of one large image from the model run on its tiles.

The image is covered by core.tiling.tile_grid squares of ``spec.size`` full-resolution pixels;
each tile (and, by default, the whole image letterboxed down once, for objects larger than a
tile) goes through ``Predictor.predict_batch``. Tile detections are shifted to full-image
pixels, fragments are dropped, and the passes are merged by class-wise NMS or weighted box
fusion. Detections leave as the Predictor's: ``{"box": [x, y, w, h], "score", "label",
"category"}`` in pixels of the (EXIF-oriented) image, best first, at most MAX_DETECTIONS.

A *fragment* is a tile detection that touches an inner tile border (one that is not an image
border) within ``edge_px``: the tile saw the object cut. It is dropped when a non-fragment
detection of the same class (from another tile or the whole-image pass) covers at least
FRAGMENT_COVER of it: a neighbour saw the object whole. A fragment no one saw whole stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
from torchvision.ops import batched_nms

from core.options import MAX_DETECTIONS
from core.tiling import TileSpec, tile_grid

if TYPE_CHECKING:
    from core.predict import Predictor

MERGES = ("nms", "wbf")  # class-wise NMS | weighted box fusion
MERGE_IOU = 0.5  # IoU at which two boxes of a class are one object (NMS and WBF alike)
EDGE_PX = 3.0  # full-image px: a box this close to an inner tile border is cut by it
FRAGMENT_COVER = 0.5  # share of a fragment's area a whole view must cover to replace it
WHOLE = -1  # pass index of the whole-image pass (tiles are 0, 1, ...)


@dataclass
class PassDetections:
    """Every pass's detections in full-image pixels: xyxy (D, 4), scores, labels, passes."""

    boxes: np.ndarray  # (D, 4) float64 xyxy full-image px
    scores: np.ndarray  # (D,) float64
    labels: np.ndarray  # (D,) int64, 0-based class index
    passes: np.ndarray  # (D,) int64: tile index, or WHOLE

    def take(self, keep: np.ndarray) -> PassDetections:
        return PassDetections(
            self.boxes[keep], self.scores[keep], self.labels[keep], self.passes[keep]
        )


def needs_slicing(image: np.ndarray, spec: TileSpec | None) -> bool:
    """Whether an (H, W, 3) image is larger than one tile of ``spec`` (None: never)."""
    return spec is not None and (image.shape[0] > spec.size or image.shape[1] > spec.size)


def sliced_predict(
    predictor: Predictor,
    image: np.ndarray,
    spec: TileSpec,
    score: float,
    *,
    merge: str = "nms",
    whole_image: bool = True,
    iou_threshold: float = MERGE_IOU,
    edge_px: float = EDGE_PX,
) -> list[dict]:
    """Detections of one (H, W, 3) uint8 RGB image, in full-image pixels (module docstring).

    An image no larger than one tile gets exactly ``predictor.predict_batch([image], score)``.
    """
    if merge not in MERGES:
        raise ValueError(f"merge must be one of {MERGES}, not {merge!r}")
    if not needs_slicing(image, spec):
        return predictor.predict_batch([image], score)[0]
    height, width = image.shape[:2]
    tiles = tile_grid(width, height, spec.size, spec.overlap)
    found = _run_passes(predictor, image, tiles, score, whole_image)
    fragment = _fragments(found, tiles, width, height, edge_px)
    found = found.take(~fragment | ~_seen_whole(found, fragment))
    if merge == "nms":
        keep = batched_nms(
            torch.from_numpy(found.boxes),
            torch.from_numpy(found.scores),
            torch.from_numpy(found.labels),
            iou_threshold,
        ).numpy()
        boxes, scores, labels = found.boxes[keep], found.scores[keep], found.labels[keep]
    else:
        boxes, scores, labels = weighted_box_fusion(found, tiles, iou_threshold)
        ok = scores > score  # the fused score may fall under the threshold
        boxes, scores, labels = boxes[ok], scores[ok], labels[ok]
    order = np.argsort(-scores, kind="stable")[:MAX_DETECTIONS]
    return [_detection(boxes[i], scores[i], int(labels[i]), predictor.classes) for i in order]


def _run_passes(
    predictor: Predictor,
    image: np.ndarray,
    tiles: Sequence[tuple[int, int, int, int]],
    score: float,
    whole_image: bool,
) -> PassDetections:
    """The tiles (and the whole image) through the model, ``predictor.batch_size`` at a time."""
    views = [np.ascontiguousarray(image[y0:y1, x0:x1]) for x0, y0, x1, y1 in tiles]
    offsets = [(x0, y0) for x0, y0, _, _ in tiles]
    passes = list(range(len(tiles)))
    if whole_image:
        views.append(image)
        offsets.append((0, 0))
        passes.append(WHOLE)
    boxes, scores, labels, where = [], [], [], []
    step = predictor.batch_size
    for start in range(0, len(views), step):
        dets = predictor.predict_batch(views[start : start + step], score)
        for k, per_view in enumerate(dets, start):
            dx, dy = offsets[k]
            for d in per_view:
                x, y, w, h = d["box"]  # xywh px of the view
                boxes.append([x + dx, y + dy, x + dx + w, y + dy + h])
                scores.append(d["score"])
                labels.append(d["label"])
                where.append(passes[k])
    return PassDetections(
        np.asarray(boxes, np.float64).reshape(-1, 4),
        np.asarray(scores, np.float64),
        np.asarray(labels, np.int64),
        np.asarray(where, np.int64),
    )


def _fragments(
    found: PassDetections,
    tiles: Sequence[tuple[int, int, int, int]],
    width: int,
    height: int,
    edge_px: float,
) -> np.ndarray:
    """(D,) bool: the tile detections that touch an inner border of their tile."""
    out = np.zeros(len(found.scores), bool)
    for i, (box, p) in enumerate(zip(found.boxes, found.passes, strict=True)):
        if p == WHOLE:
            continue
        x0, y0, x1, y1 = tiles[p]
        out[i] = (
            (x0 > 0 and box[0] - x0 <= edge_px)
            or (y0 > 0 and box[1] - y0 <= edge_px)
            or (x1 < width and x1 - box[2] <= edge_px)
            or (y1 < height and y1 - box[3] <= edge_px)
        )
    return out


def _seen_whole(found: PassDetections, fragment: np.ndarray) -> np.ndarray:
    """(D,) bool: fragments that a same-class non-fragment of another pass covers enough."""
    out = np.zeros(len(fragment), bool)
    whole = np.flatnonzero(~fragment)
    for i in np.flatnonzero(fragment):
        others = whole[
            (found.labels[whole] == found.labels[i]) & (found.passes[whole] != found.passes[i])
        ]
        if others.size:
            inter = _intersection(found.boxes[i], found.boxes[others])  # (K,) px^2
            out[i] = bool((inter >= FRAGMENT_COVER * _area(found.boxes[i])).any())
    return out


def weighted_box_fusion(
    found: PassDetections,
    tiles: Sequence[tuple[int, int, int, int]],
    iou_threshold: float = MERGE_IOU,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fuse the passes' detections: (boxes (F, 4) xyxy, scores (F,), labels (F,)).

    Detections are taken by score, high to low; each joins the first cluster of its class whose
    fused box it overlaps at IoU >= ``iou_threshold``, else starts one. A cluster's box is the
    score-weighted mean of its members' coordinates; its score is the members' mean score times
    ``found / could``: ``found`` is the number of distinct passes among the members, ``could``
    the number of passes that could have seen the object, i.e. the tiles holding the fused box
    whole, plus the whole-image pass when it is a member (it is a bonus, never a penalty: a
    downscaled image may not resolve a small object), and never fewer than ``found``.
    """
    n = len(found.scores)
    fused = np.zeros((n, 4))  # (C, 4) xyxy of the clusters so far (the first C rows)
    weighted = np.zeros((n, 4))  # (C, 4) sum of score * member box
    weight = np.zeros(n)  # (C,) sum of member scores
    cluster_label = np.full(n, -1, np.int64)
    clusters: list[list[int]] = []
    for i in np.argsort(-found.scores, kind="stable"):
        box, c = found.boxes[i], len(clusters)
        same = np.flatnonzero(cluster_label[: len(clusters)] == found.labels[i])
        if same.size:
            hit = same[_iou_many(box, fused[same]) >= iou_threshold]
            c = int(hit[0]) if hit.size else c
        if c == len(clusters):
            clusters.append([])
            cluster_label[c] = found.labels[i]
        clusters[c].append(i)
        weighted[c] += found.scores[i] * box
        weight[c] += found.scores[i]
        fused[c] = weighted[c] / weight[c]
    fused = fused[: len(clusters)]
    tile_boxes = np.asarray(tiles, np.float64).reshape(-1, 4)
    scores, labels = [], []
    for members, box in zip(clusters, fused, strict=True):
        passes = set(found.passes[members].tolist())
        inside = (
            (tile_boxes[:, 0] <= box[0])
            & (tile_boxes[:, 1] <= box[1])
            & (tile_boxes[:, 2] >= box[2])
            & (tile_boxes[:, 3] >= box[3])
        )
        could = max(len(passes), int(inside.sum()) + (WHOLE in passes))
        scores.append(found.scores[members].mean() * len(passes) / could)
        labels.append(found.labels[members[0]])
    return (
        np.asarray(fused, np.float64).reshape(-1, 4),
        np.asarray(scores, np.float64),
        np.asarray(labels, np.int64),
    )


def _area(box: np.ndarray) -> float:
    return float(max(box[2] - box[0], 0) * max(box[3] - box[1], 0))


def _intersection(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(K,) intersection areas of one xyxy box with (K, 4) xyxy boxes."""
    lo = np.maximum(box[:2], others[:, :2])
    hi = np.minimum(box[2:], others[:, 2:])
    return np.clip(hi - lo, 0, None).prod(-1)


def _iou_many(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(K,) IoU of one xyxy box with (K, 4) xyxy boxes."""
    inter = _intersection(box, others)
    areas = np.clip(others[:, 2:] - others[:, :2], 0, None).prod(-1)
    union = _area(box) + areas - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def _detection(box: np.ndarray, score: float, label: int, classes: Sequence[str]) -> dict:
    """The Predictor's detection dict: xywh rounded to 0.01 px, score to 5 decimals."""
    x0, y0, x1, y1 = (float(v) for v in box)
    xywh = [round(x0, 2), round(y0, 2), round(x1 - x0, 2), round(y1 - y0, 2)]
    return {
        "box": xywh,
        "score": round(float(score), 5),
        "label": label,
        "category": classes[label],
    }
