"""Dataset checks before training starts; no widgets, on the COCO dict and the images' sizes.

Boxes are COCO ``[x, y, w, h]`` in pixels of the EXIF-oriented image. Every finding says what is
wrong, where, and how to fix it; findings with severity "error" block Start.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.i18n import tr
from core.options import MAX_DETECTIONS  # the model keeps at most this many boxes per image
from core.tiling import TileSpec, suggest_tile_size

SEVERITY_LABELS = {
    "error": QT_TRANSLATE_NOOP("", "ERROR"),
    "warning": QT_TRANSLATE_NOOP("", "WARNING"),
}


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
        label = tr(SEVERITY_LABELS.get(self.severity, self.severity.upper()))
        return tr("{severity}: {message} Fix: {fix}").format(
            severity=label, message=self.message, fix=self.fix
        )


def min_matchable_side(anchor_scale: float = 4.0, min_level: int = 3) -> float:
    """Smallest square object (pixels at the network input) that can reach IoU 0.5 with the
    smallest anchor (side ``anchor_scale * 2**min_level``, e.g. 32 px): side / sqrt(2)."""
    return anchor_scale * 2**min_level / math.sqrt(2)


def scaled_side(box: list[float], img_w: int, img_h: int, input_size: int) -> float:
    """Shorter side of a box after the image is resized to fit ``input_size`` (longest side)."""
    return min(box[2], box[3]) * input_size / max(img_w, img_h, 1)


def _ids(ids: Collection[int], limit: int = 5) -> str:
    ids = sorted(ids)
    more = tr(" and {n} more").format(n=len(ids) - limit) if len(ids) > limit else ""
    return ", ".join(str(i) for i in ids[:limit]) + more


def check_dataset(
    coco: Mapping,
    image_sizes: Mapping[int, tuple[int, int] | None],
    val_ids: Collection[int] | None,
    input_size: int,
    anchor_scale: float = 4.0,
    min_level: int = 3,
    tiling: TileSpec | None = None,
) -> list[Finding]:
    """All findings for a training run at ``input_size`` (on tiles of ``tiling`` when given).

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
    sides: list[float] = []  # box sides, full-image px
    sizes: list[tuple[int, int]] = []  # their images' sizes

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
        sides.append(min(w, h))
        sizes.append(wh)
        seen = min(max(wh), tiling.size) if tiling else max(wh)  # the side resized to the input
        if scaled_side(box, seen, seen, input_size) < limit:
            tiny += 1

    labelled = {i for i in per_image if i not in unreadable}
    if not labelled:
        out.append(
            Finding(
                "error",
                "no_boxes",
                tr("No readable image has a box."),
                tr("Label some images before training."),
            )
        )
    if val_ids is not None and not (set(val_ids) & labelled):
        out.append(
            Finding(
                "error",
                "empty_val",
                tr("The validation split has no labelled image."),
                tr("Move about 10-20% of the labelled images to the validation split."),
            )
        )
    if val_ids is not None and labelled and labelled <= set(val_ids):
        out.append(
            Finding(
                "error",
                "empty_train",
                tr("Every labelled image is in validation."),
                tr("Move most labelled images back to the training split."),
            )
        )
    if unreadable:
        sev = "error" if unreadable >= set(images) else "warning"
        out.append(
            Finding(
                sev,
                "unreadable",
                tr("%n image(s) cannot be read (ids {ids}).", "", len(unreadable)).format(
                    ids=_ids(unreadable)
                ),
                tr(
                    "Fix or re-export the files, or remove them from the project; training "
                    "skips them."
                ),
                sorted(unreadable),
            )
        )
    if degenerate:
        out.append(
            Finding(
                "error",
                "degenerate",
                tr(
                    "Boxes with zero or negative size on %n image(s) (ids {ids}).",
                    "",
                    len(degenerate),
                ).format(ids=_ids(degenerate)),
                tr("Delete or redraw those boxes."),
                sorted(degenerate),
            )
        )
    if unknown_cat:
        out.append(
            Finding(
                "error",
                "unknown_ref",
                tr("Annotations refer to a missing class or image (image ids {ids}).").format(
                    ids=_ids(i for i in unknown_cat if i is not None)
                ),
                tr("Re-import the annotations or delete the orphaned boxes."),
                sorted(i for i in unknown_cat if isinstance(i, int)),
            )
        )
    if outside:
        out.append(
            Finding(
                "error",
                "outside",
                tr(
                    "Boxes lie entirely outside the image on %n image(s) (ids {ids}).",
                    "",
                    len(outside),
                ).format(ids=_ids(outside)),
                tr("Delete them; the image may have been rotated after labelling."),
                sorted(outside),
            )
        )
    if partial:
        out.append(
            Finding(
                "warning",
                "partly_outside",
                tr(
                    "Boxes reach past the image border on %n image(s) (ids {ids}).",
                    "",
                    len(partial),
                ).format(ids=_ids(partial)),
                tr("They will be clipped; redraw them if the clip is wrong."),
                sorted(partial),
            )
        )
    empty_classes = [name for cid, name in cats.items() if per_cat[cid] == 0]
    if empty_classes:
        out.append(
            Finding(
                "warning",
                "empty_class",
                tr("Classes without boxes: {names}.").format(names=", ".join(empty_classes)),
                tr("Label some, or delete the class (the model still spends an output on it)."),
            )
        )
    crowded = {i for i, n in per_image.items() if n > MAX_DETECTIONS}
    if crowded:
        out.append(
            Finding(
                "warning",
                "many_boxes",
                tr("%n image(s) hold more than {max} boxes (ids {ids}).", "", len(crowded)).format(
                    max=MAX_DETECTIONS, ids=_ids(crowded)
                ),
                tr(
                    "The model reports at most {max} detections per image: tile those images "
                    "or accept missed objects."
                ).format(max=MAX_DETECTIONS),
                sorted(crowded),
            )
        )
    total = sum(per_image.values())
    if tiny:
        out.append(
            Finding(
                "warning",
                "tiny_objects",
                tr(
                    "{tiny} of {total} boxes are under {limit} px at input size {size} and "
                    "cannot match an anchor at IoU 0.5."
                ).format(tiny=tiny, total=total, limit=f"{limit:.0f}", size=input_size),
                _tiny_hint(sides, sizes, input_size, limit, tiling),
            )
        )
    return out


def _tiny_hint(sides: list, sizes: list, input_size: int, limit: float, tiling) -> str:
    tile = None if tiling else suggest_tile_size(sides, sizes, input_size, limit)
    if tile:
        return tr(
            "Train on tiles: Large images, tiles of {px} px (or raise the input size)."
        ).format(px=tile)
    return (
        tr("Raise the input size, or use smaller tiles.")
        if tiling
        else tr("Raise the input size, or crop/tile the images.")
    )


def blocking(findings: list[Finding]) -> bool:
    return any(f.blocking for f in findings)
