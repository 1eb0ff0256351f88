"""The annotation document: images, classes and boxes, with no Qt but app.i18n.

Records are immutable; every mutation is a method that replaces records and then tells the
``on_change`` listeners ``(kind, payload)``. Because records never change in place, a snapshot
for saving is a cheap copy of the containers (``snapshot()``), serialized later in another
process. The records themselves are in app.document.records.
All coordinates are pixels of the EXIF-oriented image, COCO ``bbox = [x, y, w, h]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from app.document.records import PALETTE, BoxRecord, Category, DocumentError, ImageRecord, Snapshot
from app.i18n import tr

__all__ = [
    "PALETTE",
    "BoxRecord",
    "Category",
    "Document",
    "DocumentError",
    "ImageRecord",
    "Snapshot",
]

Listener = Callable[[str, Any], None]


class Document:
    """Images, categories and boxes of one project. Mutate only through the methods."""

    def __init__(self) -> None:
        self.info: dict = {}
        self._images: dict[int, ImageRecord] = {}
        self._image_order: list[int] = []
        self._categories: dict[int, Category] = {}
        self._boxes: dict[int, BoxRecord] = {}
        self._by_image: dict[int, dict[int, None]] = {}  # image id -> ordered box ids
        self._next_box_id = 1
        self._next_image_id = 1
        self.on_change: list[Listener] = []
        self.revision = 0  # bumps on every mutation

    # -- reading -----------------------------------------------------------------
    @property
    def images(self) -> list[ImageRecord]:
        return [self._images[i] for i in self._image_order]

    @property
    def categories(self) -> list[Category]:
        return list(self._categories.values())

    def image(self, image_id: int) -> ImageRecord:
        return self._get(self._images, image_id, "image")

    def image_ids(self) -> list[int]:
        return list(self._image_order)

    def category(self, category_id: int) -> Category:
        return self._get(self._categories, category_id, "class")

    def category_by_name(self, name: str) -> Category | None:
        return next((c for c in self._categories.values() if c.name == name), None)

    def box(self, box_id: int) -> BoxRecord:
        return self._get(self._boxes, box_id, "box")

    def boxes(self, image_id: int) -> list[BoxRecord]:
        return [self._boxes[b] for b in self._by_image.get(image_id, ())]

    def box_count(self, image_id: int | None = None) -> int:
        if image_id is None:
            return len(self._boxes)
        return len(self._by_image.get(image_id, ()))

    def class_counts(self) -> dict[int, int]:
        counts = dict.fromkeys(self._categories, 0)
        for b in self._boxes.values():
            counts[b.category_id] = counts.get(b.category_id, 0) + 1
        return counts

    def snapshot(self) -> Snapshot:
        return Snapshot(
            dict(self.info),
            tuple(self.images),
            tuple(self._categories.values()),
            tuple(self._boxes.values()),
        )

    def to_coco(self) -> dict:
        return self.snapshot().to_coco()

    # -- images ------------------------------------------------------------------
    def add_image(
        self,
        file_name: str,
        width: int = 0,
        height: int = 0,
        image_id: int | None = None,
        extra: dict | None = None,
    ) -> ImageRecord:
        image_id = self._next_image_id if image_id is None else image_id
        if image_id in self._images:
            raise DocumentError(tr("image id {id} is used twice").format(id=image_id))
        self._next_image_id = max(self._next_image_id, image_id + 1)
        rec = ImageRecord(image_id, file_name, int(width), int(height), dict(extra or {}))
        self._images[image_id] = rec
        self._image_order.append(image_id)
        self._by_image.setdefault(image_id, {})
        self._emit("image_added", rec)
        return rec

    def set_image_size(self, image_id: int, width: int, height: int, quiet: bool = False) -> None:
        """Record the oriented size read from the file; ``quiet`` does not count as an edit."""
        rec = self.image(image_id)
        if (rec.width, rec.height) != (width, height):
            self._images[image_id] = replace(rec, width=int(width), height=int(height))
            if not quiet:
                self._emit("image_changed", self._images[image_id])

    def reset_from(self, other: Document) -> None:
        """Take over ``other``'s contents (opening a project keeps this object); emits "reset"."""
        self.info = other.info
        self._images, self._image_order = other._images, other._image_order
        self._categories, self._boxes = other._categories, other._boxes
        self._by_image, self._next_box_id = other._by_image, other._next_box_id
        self._next_image_id = other._next_image_id
        self._emit("reset", None)
        self.revision = 0

    # -- boxes -------------------------------------------------------------------
    def add_box(
        self,
        image_id: int,
        bbox: Iterable[float],
        category_id: int,
        box_id: int | None = None,
        extra: dict | None = None,
    ) -> BoxRecord:
        self.image(image_id)
        self.category(category_id)
        box_id = self._next_box_id if box_id is None else box_id
        if box_id in self._boxes:
            raise DocumentError(tr("box id {id} is used twice").format(id=box_id))
        rec = BoxRecord(box_id, image_id, category_id, _bbox(bbox), dict(extra or {}))
        self._insert_box(rec)
        self._emit("box_added", rec)
        return rec

    def restore_box(self, rec: BoxRecord) -> None:
        """Put back a box removed earlier, with its id (undo)."""
        self.add_box(rec.image_id, rec.bbox, rec.category_id, rec.id, rec.extra)

    def remove_box(self, box_id: int) -> BoxRecord:
        rec = self.box(box_id)
        del self._boxes[box_id]
        self._by_image[rec.image_id].pop(box_id, None)
        self._emit("box_removed", rec)
        return rec

    def set_box_bbox(self, box_id: int, bbox: Iterable[float]) -> BoxRecord:
        """Move or resize a box; returns the previous record."""
        old = self.box(box_id)
        self._boxes[box_id] = replace(old, bbox=_bbox(bbox))
        self._emit("box_changed", self._boxes[box_id])
        return old

    def set_box_class(self, box_id: int, category_id: int) -> BoxRecord:
        old = self.box(box_id)
        self.category(category_id)
        self._boxes[box_id] = replace(old, category_id=category_id)
        self._emit("box_changed", self._boxes[box_id])
        return old

    # -- classes -----------------------------------------------------------------
    def add_class(
        self, name: str, color: str | None = None, category_id: int | None = None
    ) -> Category:
        name = name.strip()
        if not name:
            raise DocumentError(tr("a class name cannot be empty"))
        if self.category_by_name(name) is not None:
            raise DocumentError(tr("a class named {name} exists already").format(name=repr(name)))
        category_id = max(self._categories, default=0) + 1 if category_id is None else category_id
        if category_id in self._categories:
            raise DocumentError(tr("class id {id} is used twice").format(id=category_id))
        color = color or PALETTE[(category_id - 1) % len(PALETTE)]
        cat = Category(category_id, name, color)
        self._categories[category_id] = cat
        self._emit("class_added", cat)
        return cat

    def restore_class(self, cat: Category) -> None:
        """Put back a deleted class with its id, name and colour (undo)."""
        if cat.id in self._categories:
            raise DocumentError(f"class id {cat.id} exists already")
        self._categories[cat.id] = cat
        self._categories = dict(sorted(self._categories.items()))
        self._emit("class_added", cat)

    def rename_class(self, category_id: int, name: str) -> str:
        """Returns the old name."""
        old = self.category(category_id)
        name = name.strip()
        other = self.category_by_name(name)
        if not name or (other is not None and other.id != category_id):
            text = tr("cannot rename class {old} to {new}: empty or taken")
            raise DocumentError(text.format(old=repr(old.name), new=repr(name)))
        self._categories[category_id] = replace(old, name=name)
        self._emit("class_changed", self._categories[category_id])
        return old.name

    def recolour_class(self, category_id: int, color: str) -> str:
        """Returns the old colour."""
        old = self.category(category_id)
        self._categories[category_id] = replace(old, color=color)
        self._emit("class_changed", self._categories[category_id])
        return old.color

    def boxes_of_class(self, category_id: int) -> list[BoxRecord]:
        return [b for b in self._boxes.values() if b.category_id == category_id]

    def merge_class(self, source_id: int, target_id: int) -> tuple[Category, list[int]]:
        """Move every box of ``source`` to ``target`` and delete ``source``.

        Returns the deleted class and the moved box ids (for undo).
        """
        if source_id == target_id:
            raise DocumentError(tr("cannot merge a class into itself"))
        self.category(target_id)
        moved = [b.id for b in self.boxes_of_class(source_id)]
        for box_id in moved:
            self.set_box_class(box_id, target_id)
        return self.delete_class(source_id)[0], moved

    def delete_class(self, category_id: int) -> tuple[Category, list[BoxRecord]]:
        """Delete a class and its boxes; returns both (for undo)."""
        cat = self.category(category_id)
        removed = [self.remove_box(b.id) for b in self.boxes_of_class(category_id)]
        del self._categories[category_id]
        self._emit("class_removed", cat)
        return cat, removed

    # -- COCO --------------------------------------------------------------------
    @classmethod
    def from_coco(
        cls, data: dict, source: str = "annotations", colors: dict[str, str] | None = None
    ) -> Document:
        """Build a document from a COCO dict; errors name ``source`` and the offending entry."""
        doc = cls()
        if not isinstance(data, dict):
            text = tr("{source}: the top level must be a JSON object")
            raise DocumentError(text.format(source=source))
        doc.info = {
            k: v for k, v in data.items() if k not in ("images", "categories", "annotations")
        }
        for key in ("images", "categories", "annotations"):
            if not isinstance(data.get(key, []), list):
                text = tr("{source}: '{key}' must be a list")
                raise DocumentError(text.format(source=source, key=key))
        colors = colors or {}
        for n, c in enumerate(data.get("categories", [])):
            where = f"{source}: categories[{n}]"
            try:
                cat = doc.add_class(str(c["name"]), colors.get(str(c["name"])), int(c["id"]))
            except (KeyError, TypeError, ValueError) as e:
                raise DocumentError(f"{where}: {_reason(e)}") from None
            extra = {k: v for k, v in c.items() if k not in ("id", "name")}
            doc._categories[cat.id] = replace(cat, extra=extra)
        for n, im in enumerate(data.get("images", [])):
            where = f"{source}: images[{n}]"
            try:
                name = im["file_name"]
                if not isinstance(name, str) or not name:
                    raise DocumentError(tr("'file_name' must be a non-empty string"))
                extra = {
                    k: v for k, v in im.items() if k not in ("id", "file_name", "width", "height")
                }
                doc.add_image(
                    name,
                    int(im.get("width") or 0),
                    int(im.get("height") or 0),
                    int(im["id"]),
                    extra,
                )
            except (KeyError, TypeError, ValueError) as e:
                raise DocumentError(f"{where}: {_reason(e)}") from None
        for n, a in enumerate(data.get("annotations", [])):
            where = f"{source}: annotations[{n}]"
            try:
                extra = {
                    k: v
                    for k, v in a.items()
                    if k not in ("id", "image_id", "category_id", "bbox", "area", "segmentation")
                }
                doc.add_box(
                    int(a["image_id"]),
                    a["bbox"],
                    int(a["category_id"]),
                    int(a["id"]) if "id" in a else None,
                    extra,
                )
            except (KeyError, TypeError, ValueError) as e:
                raise DocumentError(f"{where}: {_reason(e)}") from None
        doc.revision = 0
        return doc

    # -- internals ---------------------------------------------------------------
    def _insert_box(self, rec: BoxRecord) -> None:
        self._boxes[rec.id] = rec
        self._by_image.setdefault(rec.image_id, {})[rec.id] = None
        self._next_box_id = max(self._next_box_id, rec.id + 1)

    def _get(self, table: dict, key: int, what: str):
        try:
            return table[key]
        except KeyError:
            raise DocumentError(f"no {what} with id {key}") from None

    def _emit(self, kind: str, payload: Any) -> None:
        self.revision += 1
        for listener in list(self.on_change):
            listener(kind, payload)


def _bbox(values: Iterable[float]) -> tuple[float, float, float, float]:
    try:
        box = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        text = tr("bbox must be 4 numbers [x, y, w, h], got {values}")
        raise DocumentError(text.format(values=repr(values))) from None
    if len(box) != 4 or box[2] < 0 or box[3] < 0 or any(v != v for v in box):
        text = tr("bbox must be [x, y, w, h] with w, h >= 0, got {values}")
        raise DocumentError(text.format(values=list(box)))
    return box  # type: ignore[return-value]


def _reason(e: Exception) -> str:
    if isinstance(e, KeyError):
        return tr("missing key {key}").format(key=repr(e.args[0]))
    return str(e)
