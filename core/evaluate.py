"""COCO evaluation of detections: metrics, per-class AP, PR curves and a confusion matrix.

Pure numpy + pycocotools (no torch), so the GUI may import it. Boxes are COCO [x, y, w, h] in
pixels of the EXIF-oriented image, for the ground truth and the results alike.

Missing values: pycocotools reports -1 for a metric that has no ground truth to measure (e.g.
APs when there are no small boxes, or the AP of a class without boxes). We keep MISSING = -1.0
for those: a plain float that survives JSON and the event schema, never NaN; plots and tables
should show it as "n/a".
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
from pathlib import Path

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from core.boxes.geometry import NO_MATCH, greedy_match, iou_xywh
from core.fileio import write_atomic

MISSING = -1.0
BACKGROUND = "background"
# In the order of COCOeval.stats.
METRIC_NAMES = ("AP", "AP50", "AP75", "APs", "APm", "APl")
METRIC_NAMES += ("AR1", "AR10", "AR100", "ARs", "ARm", "ARl")


def _float(x: float) -> float:
    x = float(x)
    return x if math.isfinite(x) and x >= 0 else MISSING


def _coco(dataset: dict) -> COCO:
    coco = COCO()
    coco.dataset = dataset
    with contextlib.redirect_stdout(io.StringIO()):
        coco.createIndex()
    return coco


def _prepare_gt(gt: dict) -> dict:
    """A copy of gt with the fields pycocotools needs (id, area, iscrowd) filled in."""
    images, annotations = gt.get("images") or [], gt.get("annotations") or []
    if not images or not annotations:
        raise ValueError(
            f"cannot evaluate: the ground truth has {len(images)} images and "
            f"{len(annotations)} annotations (the validation split needs labelled images)"
        )
    if not gt.get("categories"):
        raise ValueError("cannot evaluate: the ground truth has no categories")
    anns = []
    for i, a in enumerate(annotations):
        if len(a.get("bbox", ())) != 4:
            raise ValueError(f"ground-truth annotation {i} has no [x, y, w, h] bbox: {a!r}")
        w, h = a["bbox"][2], a["bbox"][3]
        anns.append({"id": i + 1, "area": w * h, "iscrowd": 0, **a})
    return {**gt, "images": list(images), "annotations": anns}


def _prepare_results(results: list[dict], image_ids: set, category_ids: set) -> dict:
    dets = []
    for i, r in enumerate(results):
        bbox = r.get("bbox")
        if r.get("image_id") not in image_ids:
            raise ValueError(
                f"result {i}: image_id {r.get('image_id')!r} is not in the ground truth"
            )
        if r.get("category_id") not in category_ids:
            raise ValueError(
                f"result {i}: category_id {r.get('category_id')!r} is not in the ground truth"
            )
        if bbox is None or len(bbox) != 4 or bbox[2] < 0 or bbox[3] < 0:
            raise ValueError(f"result {i}: bbox must be [x, y, w, h] with w, h >= 0, got {bbox!r}")
        score = float(r.get("score", math.nan))
        if not math.isfinite(score):
            raise ValueError(f"result {i}: score must be a finite number, got {r.get('score')!r}")
        x, y, w, h = (float(v) for v in bbox)
        dets.append(
            {
                "id": i + 1,
                "image_id": r["image_id"],
                "category_id": r["category_id"],
                "bbox": [x, y, w, h],
                "area": w * h,
                "score": score,
                "iscrowd": 0,
            }
        )
    return {"images": [{"id": i} for i in image_ids], "categories": [], "annotations": dets}


def confusion_matrix(
    gt: dict, results: list[dict], *, iou_threshold: float = 0.5, score_threshold: float = 0.5
) -> dict:
    """Counts of (true class, predicted class) with "background" as the last row and column.

    Per image, detections with score >= score_threshold are taken best first; each claims the
    unclaimed ground-truth box of its own class with the highest IoU >= iou_threshold, or else
    the unclaimed box of any class with the highest such IoU (a confusion). matrix[t][p]:
    t = true class (background row: false positives), p = predicted class (background column:
    missed boxes). Crowd boxes are left out.
    """
    cats = sorted(gt["categories"], key=lambda c: c["id"])
    index = {c["id"]: i for i, c in enumerate(cats)}
    bg = len(cats)
    matrix = np.zeros((bg + 1, bg + 1), dtype=np.int64)
    gts: dict = {}
    for a in gt["annotations"]:
        if not a.get("iscrowd", 0):
            gts.setdefault(a["image_id"], []).append(a)
    dets: dict = {}
    for r in results:
        if r["score"] >= score_threshold:
            dets.setdefault(r["image_id"], []).append(r)
    for image_id in set(gts) | set(dets):
        g = gts.get(image_id, [])
        d = sorted(dets.get(image_id, []), key=lambda r: -r["score"])
        g_cls = np.array([index[a["category_id"]] for a in g], dtype=np.int64)
        p_cls = np.array([index[r["category_id"]] for r in d], dtype=np.int64)
        iou = iou_xywh([r["bbox"] for r in d], [a["bbox"] for a in g])
        scores = [r["score"] for r in d]
        matched = greedy_match(iou, scores, p_cls, g_cls, iou_threshold, any_class=True)
        claimed = np.zeros(len(g), dtype=bool)
        for p, j in zip(p_cls, matched, strict=True):
            if j == NO_MATCH:
                matrix[bg, p] += 1
            else:
                claimed[j] = True
                matrix[g_cls[j], p] += 1
        for t in g_cls[~claimed]:
            matrix[t, bg] += 1
    names = [c["name"] for c in cats] + [BACKGROUND]
    return {"labels": names, "matrix": matrix.tolist()}


def coco_evaluate(
    gt: dict, results: list[dict], *, score_threshold: float = 0.5, iou_threshold: float = 0.5
) -> dict:
    """Evaluate COCO results (image_id, category_id, bbox [x, y, w, h], score) against gt.

    Returns {"metrics": {name: float}, "per_class_ap": {class name: AP@[.5:.95]},
    "pr_curves": {class name: {"recall": [...], "precision": [...]}} at IoU 0.5 (classes with
    boxes only), "confusion": confusion_matrix(...) at iou_threshold and score_threshold}.
    Metrics without ground truth to measure are MISSING (-1.0). Raises ValueError for an empty
    ground truth or results that name unknown images or categories.
    """
    gt = _prepare_gt(gt)
    coco_gt = _coco(gt)
    image_ids = set(coco_gt.getImgIds())
    cats = sorted(gt["categories"], key=lambda c: c["id"])
    coco_dt = _coco(_prepare_results(results, image_ids, {c["id"] for c in cats}))
    ev = COCOeval(coco_gt, coco_dt, "bbox")
    with contextlib.redirect_stdout(io.StringIO()):
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    metrics = {name: _float(v) for name, v in zip(METRIC_NAMES, ev.stats, strict=True)}

    # precision: (IoU thresholds, recall points, classes, area ranges, max dets); all areas, 100
    precision = ev.eval["precision"][:, :, :, 0, -1]
    recall_points = [float(r) for r in ev.params.recThrs]
    order = {cid: k for k, cid in enumerate(ev.params.catIds)}
    per_class_ap, pr_curves = {}, {}
    for c in cats:
        p = precision[:, :, order[c["id"]]]
        valid = p[p > -1]
        per_class_ap[c["name"]] = float(valid.mean()) if valid.size else MISSING
        if (p[0] > -1).any():
            pr_curves[c["name"]] = {"recall": recall_points, "precision": [float(v) for v in p[0]]}
    return {
        "metrics": metrics,
        "per_class_ap": per_class_ap,
        "pr_curves": pr_curves,
        "confusion": confusion_matrix(
            gt, results, iou_threshold=iou_threshold, score_threshold=score_threshold
        ),
    }


def save_eval(run_dir: str | os.PathLike, result: dict, tag: str) -> Path:
    """Write result to <run_dir>/eval-<tag>.json atomically and return the path.

    tag names the evaluation (e.g. "epoch012", "best", "final"): letters, digits, '.', '_', '-'.
    """
    if not re.fullmatch(r"[A-Za-z0-9._-]+", tag) or tag.startswith("."):
        raise ValueError(f"evaluation tag {tag!r} must be letters, digits, '.', '_' or '-'")
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise ValueError(f"run folder {run_dir} does not exist")
    path = run_dir / f"eval-{tag}.json"
    write_atomic(path, json.dumps(result, indent=1, allow_nan=False).encode("utf-8"))
    return path
