"""Which boxes of an import go where in the open project, and which are there already (no Qt).

A box counts as already there when the project has a box on the same image, of the same class,
with IoU > 0.95: importing one's own export again finds every box there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.document.project import Document
from core.boxes.geometry import iou_xywh
from core.formats import ImportResult

SAME_BOX_IOU = 0.95


@dataclass(frozen=True)
class IncomingBox:
    file_name: str  # relative to the project's image root
    class_name: str
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class IncomingImport:
    """The boxes of an import that land in the project, and what was left out or noted."""

    classes: list[str]  # every class the import names, with boxes or without
    boxes: list[IncomingBox]
    outside: int  # boxes of images outside the project's image root
    warnings: list[str]


def incoming(result: ImportResult, image_root: Path) -> IncomingImport:
    """The boxes of ``result`` by their file name under ``image_root`` (the project's)."""
    root = Path(result.image_root) if result.image_root else image_root
    project_root = image_root.resolve()
    names = {c["id"]: c["name"] for c in result.data["categories"]}
    images = {im["id"]: im for im in result.data["images"]}
    boxes, outside = [], 0
    for ann in result.data["annotations"]:
        path = Path(root, images[ann["image_id"]]["file_name"]).resolve()
        try:
            name = path.relative_to(project_root).as_posix()
        except ValueError:
            outside += 1
            continue
        x, y, w, h = (float(v) for v in ann["bbox"])
        boxes.append(IncomingBox(name, names[ann["category_id"]], (x, y, w, h)))
    return IncomingImport(list(names.values()), boxes, outside, list(result.warnings))


def already_there(doc: Document, boxes: list[IncomingBox]) -> list[bool]:
    """For each box, whether the project has it already (see the module text)."""
    by_name = {rec.file_name: rec.id for rec in doc.images}
    found = []
    for box in boxes:
        cat = doc.category_by_name(box.class_name)
        image_id = by_name.get(box.file_name)
        if cat is None or image_id is None:
            found.append(False)
            continue
        same = [b.bbox for b in doc.boxes(image_id) if b.category_id == cat.id]
        found.append(bool(same) and float(iou_xywh([box.bbox], same).max()) > SAME_BOX_IOU)
    return found
