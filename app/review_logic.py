"""Prediction review, the pure part: match predictions to labels, rank images, overlay items.

Boxes are COCO ``[x, y, w, h]`` in pixels of the EXIF-oriented image. ``match`` is greedy by
score, same class, IoU >= 0.5, each label used once - the COCO rule. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

TP, FP, MISS = "#2ca02c", "#d62728", "#ff7f0e"


def iou(a: list[float], b: list[float]) -> float:
    """IoU of two xywh boxes."""
    iw = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    ih = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(iw, 0.0) * max(ih, 0.0)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


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
    out = Match()
    used: set[int] = set()
    order = sorted(
        (i for i, p in enumerate(preds) if p["score"] >= threshold),
        key=lambda i: -preds[i]["score"],
    )
    for i in order:
        best, best_iou = -1, iou_threshold
        for j, (box, cat) in enumerate(labels):
            if j in used or cat != preds[i]["category"]:
                continue
            v = iou(preds[i]["box"], box)
            if v >= best_iou:
                best, best_iou = j, v
        if best >= 0:
            used.add(best)
            out.tp.append((i, best))
        else:
            out.fp.append(i)
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
            "label": f"FP {preds[i]['category']} {preds[i]['score']:.2f}",
        }
        for i in m.fp
    ]
    items += [
        {"box": labels[j][0], "color": MISS, "dashed": True, "label": f"missed {labels[j][1]}"}
        for j in m.misses
    ]
    return items


def short_path(path: str) -> str:
    """``<run folder>/best.pt``: enough to tell runs apart in a narrow dock."""
    parts = path.replace("\\", "/").rstrip("/").split("/")
    return "/".join(parts[-2:])
