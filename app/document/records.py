"""The document's immutable records, and a frozen snapshot of them that serializes to COCO.

All coordinates are pixels of the EXIF-oriented image, COCO ``bbox = [x, y, w, h]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#bfef45",
    "#fabed4",
    "#469990",
    "#9a6324",
    "#800000",
    "#aaffc3",
    "#808000",
    "#000075",
    "#ffe119",
)


class DocumentError(ValueError):
    """A request the document cannot honour (unknown id, duplicate name, bad bbox)."""


@dataclass(frozen=True)
class ImageRecord:
    id: int
    file_name: str  # relative to the image root, "/" separators
    width: int = 0  # 0 until read from the file header
    height: int = 0
    extra: dict = field(default_factory=dict, compare=False)  # other COCO keys, kept as-is


@dataclass(frozen=True)
class Category:
    id: int
    name: str
    color: str  # "#rrggbb"
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class BoxRecord:
    id: int
    image_id: int
    category_id: int
    bbox: tuple[float, float, float, float]  # (x, y, w, h), pixels
    extra: dict = field(default_factory=dict, compare=False)  # score, iscrowd, ...


@dataclass(frozen=True)
class Snapshot:
    """Frozen view of a document at one moment; safe to serialize on another thread."""

    info: dict
    images: tuple[ImageRecord, ...]
    categories: tuple[Category, ...]
    boxes: tuple[BoxRecord, ...]

    def to_coco(self) -> dict:
        return {
            **self.info,
            "images": [
                {
                    **i.extra,
                    "id": i.id,
                    "file_name": i.file_name,
                    **({"width": i.width, "height": i.height} if i.width and i.height else {}),
                }
                for i in self.images
            ],
            "categories": [{**c.extra, "id": c.id, "name": c.name} for c in self.categories],
            "annotations": [_annotation(b) for b in self.boxes],
        }


def _annotation(b: BoxRecord) -> dict:
    bbox = [round(v, 2) for v in b.bbox]  # 1/100 px is plenty and keeps the file small
    return {
        **b.extra,
        "id": b.id,
        "image_id": b.image_id,
        "category_id": b.category_id,
        "bbox": bbox,
        "area": round(bbox[2] * bbox[3], 2),
        "iscrowd": b.extra.get("iscrowd", 0),
    }
