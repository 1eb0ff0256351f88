"""Prediction review, the pure part: match predictions to labels, rank images, overlay items.

Boxes are COCO ``[x, y, w, h]`` in pixels of the EXIF-oriented image. ``match`` is greedy by
score, same class, IoU >= 0.5, each label used once - the COCO rule, with core.boxes.geometry's
IoU and greedy matcher (the evaluation's confusion matrix uses the same). No widgets here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.i18n import tr
from core.boxes.geometry import NO_MATCH, greedy_match, iou_xywh

TP, FP, MISS = "#2ca02c", "#d62728", "#ff7f0e"


def iou(a: list[float], b: list[float]) -> float:
    """IoU of two xywh boxes (core.boxes.geometry.iou_xywh for one pair)."""
    return float(iou_xywh([a], [b])[0, 0])


@dataclass
class Match:
    tp: list[tuple[int, int]] = field(default_factory=list)  # (prediction index, label index)
    fp: list[int] = field(default_factory=list)  # prediction indices
    misses: list[int] = field(default_factory=list)  # label indices


def match(
    labels: list[tuple[list[float], str]],
    preds: list[dict],
    threshold: float = 0.0,
    iou_threshold: float = 0.5,
) -> Match:
    """Classify predictions scoring >= ``threshold`` as TP/FP and unmatched labels as misses.

    ``labels``: (xywh box, class name); ``preds``: {"box", "score", "category"}.
    """
    keep = [i for i, p in enumerate(preds) if p["score"] >= threshold]
    found = greedy_match(
        iou_xywh([preds[i]["box"] for i in keep], [box for box, _ in labels]),
        [preds[i]["score"] for i in keep],
        [preds[i]["category"] for i in keep],
        [cat for _, cat in labels],
        iou_threshold,
    )
    out = Match()
    for i, j in sorted(zip(keep, found.tolist(), strict=True), key=lambda m: -preds[m[0]]["score"]):
        if j == NO_MATCH:
            out.fp.append(i)
        else:
            out.tp.append((i, j))
    used = {j for _, j in out.tp}
    out.misses = [j for j in range(len(labels)) if j not in used]
    return out


def uncertainty(preds: list[dict]) -> float:
    """How unsure the model is about an image: its most ambiguous score (0.5 -> 1, 0 or 1 -> 0)."""
    return max((1.0 - abs(2.0 * p["score"] - 1.0) for p in preds), default=0.0)


def review_queue(predictions: dict[int, list[dict]], unlabelled: Iterable[int]) -> list[int]:
    """Unlabelled images with predictions, most uncertain first (ties: image id)."""
    ids = [i for i in unlabelled if i in predictions]
    return sorted(ids, key=lambda i: (-uncertainty(predictions[i]), i))


def overlay_items(labels: list[tuple[list[float], str]], preds: list[dict], m: Match) -> list[dict]:
    """Canvas overlay dicts: TP green, FP red, missed labels dashed orange."""
    items = [
        {
            "box": preds[i]["box"],
            "color": TP,
            "dashed": False,
            "label": f"{preds[i]['category']} {preds[i]['score']:.2f}",
        }
        for i, _ in m.tp
    ]
    items += [
        {
            "box": preds[i]["box"],
            "color": FP,
            "dashed": False,
            "label": tr("FP {label}").format(
                label=f"{preds[i]['category']} {preds[i]['score']:.2f}"
            ),
        }
        for i in m.fp
    ]
    items += [
        {
            "box": labels[j][0],
            "color": MISS,
            "dashed": True,
            "label": tr("missed {label}").format(label=labels[j][1]),
        }
        for j in m.misses
    ]
    return items


def short_path(path: str) -> str:
    """``<run folder>/best.pt``: enough to tell runs apart in a narrow dock."""
    parts = path.replace("\\", "/").rstrip("/").split("/")
    return "/".join(parts[-2:])
