"""Dataset checks before training starts; Qt-free, on the COCO dict and the images' sizes.

Boxes are COCO ``[x, y, w, h]`` in pixels of the EXIF-oriented image. Every finding says what is
wrong, where, and how to fix it; findings with severity "error" block Start.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from core.options import MAX_DETECTIONS  # the model keeps at most this many boxes per image


@dataclass
class Finding:
    severity: str  # "error" blocks training, "warning" does not
    code: str  # stable id, e.g. "empty_val"
    message: str
    fix: str
    image_ids: list[int] = field(default_factory=list)
    actions: tuple[str, ...] = ()  # buttons the form offers to fix it (app.start_choice)

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.message} Fix: {self.fix}"


def min_matchable_side(anchor_scale: float = 4.0, min_level: int = 3) -> float:
    """Smallest square object (pixels at the network input) that can reach IoU 0.5 with the
    smallest anchor (side ``anchor_scale * 2**min_level``, e.g. 32 px): side / sqrt(2)."""
    return anchor_scale * 2**min_level / math.sqrt(2)


def scaled_side(box: list[float], img_w: int, img_h: int, input_size: int) -> float:
    """Shorter side of a box after the image is resized to fit ``input_size`` (longest side)."""
    return min(box[2], box[3]) * input_size / max(img_w, img_h, 1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ids(ids: Collection[int], limit: int = 5) -> str:
    ids = sorted(ids)
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(str(i) for i in ids[:limit]) + more


def check_dataset(
    coco: Mapping,
    image_sizes: Mapping[int, tuple[int, int] | None],
    val_ids: Collection[int] | None,
    input_size: int,
    anchor_scale: float = 4.0,
    min_level: int = 3,
) -> list[Finding]:
    """All findings for a training run at ``input_size``.

    ``image_sizes[image_id]`` is (width, height) as decoded, or None when unreadable; images not
    in it fall back to the COCO width/height. ``val_ids``: the validation split (None: unknown).
    """
    out: list[Finding] = []
    images = {im["id"]: im for im in coco.get("images", [])}
    cats = {c["id"]: c.get("name", str(c["id"])) for c in coco.get("categories", [])}
    anns = coco.get("annotations", [])
    per_image: Counter[int] = Counter()
    per_cat: Counter[int] = Counter()
    degenerate, outside, partial, unknown_cat, tiny = set(), set(), set(), set(), 0
    limit = min_matchable_side(anchor_scale, min_level)

    unreadable = {i for i in images if i in image_sizes and image_sizes[i] is None}

    def size_of(image_id: int) -> tuple[int, int] | None:
        if image_sizes.get(image_id):
            return image_sizes[image_id]
        im = images.get(image_id, {})
        return (im["width"], im["height"]) if im.get("width") and im.get("height") else None

    for a in anns:
        iid, box = a.get("image_id"), a.get("bbox", [])
        if a.get("category_id") not in cats or iid not in images:
            unknown_cat.add(iid)
            continue
        if len(box) != 4 or not all(math.isfinite(v) for v in box) or box[2] <= 0 or box[3] <= 0:
            degenerate.add(iid)
            continue
        per_image[iid] += 1
        per_cat[a["category_id"]] += 1
        wh = size_of(iid)
        if wh is None:
            continue
        x, y, w, h = box
        if x >= wh[0] or y >= wh[1] or x + w <= 0 or y + h <= 0:
            outside.add(iid)
        elif x < -1 or y < -1 or x + w > wh[0] + 1 or y + h > wh[1] + 1:
            partial.add(iid)
        if scaled_side(box, wh[0], wh[1], input_size) < limit:
            tiny += 1

    labelled = {i for i in per_image if i not in unreadable}
    if not labelled:
        out.append(
            Finding(
                "error",
                "no_boxes",
                "No readable image has a box.",
                "Label some images before training.",
            )
        )
    if val_ids is not None and not (set(val_ids) & labelled):
        out.append(
            Finding(
                "error",
                "empty_val",
                "The validation split has no labelled image.",
                "Move about 10-20% of the labelled images to the validation split.",
            )
        )
    if val_ids is not None and labelled and labelled <= set(val_ids):
        out.append(
            Finding(
                "error",
                "empty_train",
                "Every labelled image is in validation.",
                "Move most labelled images back to the training split.",
            )
        )
    if unreadable:
        sev = "error" if unreadable >= set(images) else "warning"
        out.append(
            Finding(
                sev,
                "unreadable",
                f"{_plural(len(unreadable), 'image')} cannot be read (ids {_ids(unreadable)}).",
                "Fix or re-export the files, or remove them from the project; training skips them.",
                sorted(unreadable),
            )
        )
    if degenerate:
        out.append(
            Finding(
                "error",
                "degenerate",
                f"Boxes with zero or negative size on "
                f"{_plural(len(degenerate), 'image')} (ids {_ids(degenerate)}).",
                "Delete or redraw those boxes.",
                sorted(degenerate),
            )
        )
    if unknown_cat:
        out.append(
            Finding(
                "error",
                "unknown_ref",
                "Annotations refer to a missing class or "
                f"image (image ids {_ids(i for i in unknown_cat if i is not None)}).",
                "Re-import the annotations or delete the orphaned boxes.",
                sorted(i for i in unknown_cat if isinstance(i, int)),
            )
        )
    if outside:
        out.append(
            Finding(
                "error",
                "outside",
                f"Boxes lie entirely outside the image on "
                f"{_plural(len(outside), 'image')} (ids {_ids(outside)}).",
                "Delete them; the image may have been rotated after labelling.",
                sorted(outside),
            )
        )
    if partial:
        out.append(
            Finding(
                "warning",
                "partly_outside",
                f"Boxes reach past the image border on "
                f"{_plural(len(partial), 'image')} (ids {_ids(partial)}).",
                "They will be clipped; redraw them if the clip is wrong.",
                sorted(partial),
            )
        )
    empty_classes = [name for cid, name in cats.items() if per_cat[cid] == 0]
    if empty_classes:
        out.append(
            Finding(
                "warning",
                "empty_class",
                f"Classes without boxes: {', '.join(empty_classes)}.",
                "Label some, or delete the class (the model still spends an output on it).",
            )
        )
    crowded = {i for i, n in per_image.items() if n > MAX_DETECTIONS}
    if crowded:
        out.append(
            Finding(
                "warning",
                "many_boxes",
                f"{_plural(len(crowded), 'image')} hold more "
                f"than {MAX_DETECTIONS} boxes (ids {_ids(crowded)}).",
                f"The model reports at most {MAX_DETECTIONS} detections per image: "
                "tile those images or accept missed objects.",
                sorted(crowded),
            )
        )
    total = sum(per_image.values())
    if tiny:
        out.append(
            Finding(
                "warning",
                "tiny_objects",
                f"{tiny} of {total} boxes are under "
                f"{limit:.0f} px at input size {input_size} and cannot match an anchor "
                "at IoU 0.5.",
                "Raise the input size, or crop/tile the images.",
            )
        )
    return out


def blocking(findings: list[Finding]) -> bool:
    return any(f.blocking for f in findings)
