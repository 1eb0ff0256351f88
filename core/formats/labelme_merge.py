"""A labelme export over labelme files: the rectangles the studio wrote are replaced, every other
shape (polygons, circles, points, rectangles drawn in labelme) is kept as it was.

The studio marks each rectangle it writes with ``STUDIO_MARK`` (labelme keeps unknown shape keys
when it saves). A box of the studio that stands for a kept shape (same class, IoU > 0.95 with the
shape's bounding box, which is what importing the shape gave) is not written a second time.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from core.boxes.geometry import iou_xywh
from core.formats.common import FormatError, read_json

STUDIO_MARK = "efficientdet_studio"
SAME_BOX_IOU = 0.95
_BOXED = ("rectangle", "polygon", "circle", "mask")


def existing_document(target: Path, image: Path) -> dict:
    """The labelme document at ``target`` to merge into; FormatError when it cannot be merged."""
    if target.is_symlink():
        raise FormatError(target, "", "is a symbolic link; an export never writes through one")
    doc = read_json(target)
    if not isinstance(doc, dict) or not isinstance(doc.get("shapes"), list):
        raise FormatError(
            target, "", "exists and is not a labelme file; not replaced (export to another folder)"
        )
    named = doc.get("imagePath")
    if isinstance(named, str) and named.strip():
        theirs = os.path.normpath(target.parent / named.replace("\\", "/"))
        if not _same_file(Path(theirs), image):
            raise FormatError(
                target,
                "imagePath",
                f"describes another image ({named!r}, not {image.name!r}); not merged",
            )
    return doc


def merge_shapes(old: dict, new: dict) -> dict:
    """``new`` (the studio's document) merged into ``old``: see the module text."""
    kept = [s for s in old["shapes"] if not (isinstance(s, dict) and s.get(STUDIO_MARK))]
    size = (new["imageWidth"], new["imageHeight"])
    boxes = [b for b in (_box(s, *size) for s in kept) if b is not None]
    ours = [s for s in new["shapes"] if not _stands_for_kept(s, boxes)]
    return {**new, **old, "shapes": kept + ours, "imageWidth": size[0], "imageHeight": size[1]}


def _stands_for_kept(shape: dict, boxes: list[tuple[str, list[float]]]) -> bool:
    (x0, y0), (x1, y1) = shape["points"]
    same = [b for label, b in boxes if label == shape["label"]]
    return bool(same) and float(iou_xywh([[x0, y0, x1 - x0, y1 - y0]], same).max()) > SAME_BOX_IOU


def _box(shape: object, width: int, height: int) -> tuple[str, list[float]] | None:
    """(class, clipped [x, y, w, h]) that importing ``shape`` gives; None when it gives none."""
    if not isinstance(shape, dict) or not isinstance(shape.get("label"), str):
        return None
    kind, points = shape.get("shape_type") or "polygon", shape.get("points")
    if kind not in _BOXED or not isinstance(points, list) or len(points) < 2:
        return None
    try:
        xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
    except (TypeError, ValueError, IndexError):
        return None
    if not all(math.isfinite(v) for v in xs + ys):
        return None
    if kind == "circle":
        r = math.hypot(xs[1] - xs[0], ys[1] - ys[0])
        xs, ys = [xs[0] - r, xs[0] + r], [ys[0] - r, ys[0] + r]
    x0, x1 = (min(max(v, 0.0), width) for v in (min(xs), max(xs)))
    y0, y1 = (min(max(v, 0.0), height) for v in (min(ys), max(ys)))
    return shape["label"].strip(), [x0, y0, x1 - x0, y1 - y0]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
