"""Undo commands: each one calls the document's methods in ``redo`` and reverses them in ``undo``.

Push them on a ``QUndoStack``; ``push`` runs ``redo`` once. Records are immutable, so keeping
the old record is enough to put it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QUndoCommand

from app.document.project import BoxRecord, Category, Document
from app.i18n import tr

NUDGE_ID = 1001  # commands with this id merge (a run of arrow presses is one undo step)


class AddBox(QUndoCommand):
    def __init__(
        self, document: Document, image_id: int, bbox: Sequence[float], category_id: int
    ) -> None:
        super().__init__(tr("Add box"))
        self.document = document
        self.args = (image_id, tuple(bbox), category_id)
        self.box_id: int | None = None

    def redo(self) -> None:
        rec = self.document.add_box(*self.args, box_id=self.box_id)
        self.box_id = rec.id

    def undo(self) -> None:
        self.document.remove_box(self.box_id)


class AddBoxes(QUndoCommand):
    """Several boxes on one image as one step: ``boxes`` are dicts with "bbox", "category_id".

    Used to paste, to copy from the previous image, and to accept model predictions.
    """

    def __init__(
        self,
        document: Document,
        image_id: int,
        boxes: Iterable[dict],
        text: str | None = None,  # the undo text (default "Add boxes")
    ) -> None:
        super().__init__(tr("Add boxes") if text is None else text)
        self.document = document
        self.image_id = image_id
        self.boxes = [(tuple(b["bbox"]), int(b["category_id"])) for b in boxes]
        self.box_ids: list[int] = []

    def redo(self) -> None:
        ids = self.box_ids or [None] * len(self.boxes)
        self.box_ids = [
            self.document.add_box(self.image_id, bbox, cat, box_id=i).id
            for (bbox, cat), i in zip(self.boxes, ids, strict=False)
        ]

    def undo(self) -> None:
        for box_id in reversed(self.box_ids):
            self.document.remove_box(box_id)


class RemoveBoxes(QUndoCommand):
    def __init__(self, document: Document, box_ids: Iterable[int]) -> None:
        super().__init__(tr("Delete boxes"))
        self.document = document
        self.box_ids = list(box_ids)
        self.removed: list[BoxRecord] = []

    def redo(self) -> None:
        self.removed = [self.document.remove_box(b) for b in self.box_ids]

    def undo(self) -> None:
        for rec in self.removed:
            self.document.restore_box(rec)


class SetBoxGeometry(QUndoCommand):
    """Move or resize boxes: ``changes`` maps box id -> new (x, y, w, h)."""

    def __init__(
        self,
        document: Document,
        changes: dict[int, Sequence[float]],
        text: str | None = None,  # the undo text (default "Move box")
        merge: bool = False,
    ) -> None:
        super().__init__(tr("Move box") if text is None else text)
        self.document = document
        self.new = {k: tuple(v) for k, v in changes.items()}
        self.old = {k: document.box(k).bbox for k in changes}
        self.merge = merge

    def id(self) -> int:
        return NUDGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt name)
        if not isinstance(other, SetBoxGeometry) or set(other.new) != set(self.new):
            return False
        self.new = dict(other.new)
        return True

    def redo(self) -> None:
        for box_id, bbox in self.new.items():
            self.document.set_box_bbox(box_id, bbox)

    def undo(self) -> None:
        for box_id, bbox in self.old.items():
            self.document.set_box_bbox(box_id, bbox)


class SetBoxClass(QUndoCommand):
    def __init__(self, document: Document, box_ids: Iterable[int], category_id: int) -> None:
        super().__init__(tr("Set class"))
        self.document = document
        self.category_id = category_id
        self.old = {b: document.box(b).category_id for b in box_ids}

    def redo(self) -> None:
        for box_id in self.old:
            self.document.set_box_class(box_id, self.category_id)

    def undo(self) -> None:
        for box_id, cat in self.old.items():
            self.document.set_box_class(box_id, cat)


class AddClass(QUndoCommand):
    def __init__(self, document: Document, name: str, color: str | None = None) -> None:
        super().__init__(tr("Add class {name}").format(name=name))
        self.document = document
        self.name, self.color = name, color
        self.category: Category | None = None

    def redo(self) -> None:
        if self.category is None:
            self.category = self.document.add_class(self.name, self.color)
        else:
            self.document.restore_class(self.category)

    def undo(self) -> None:
        self.document.delete_class(self.category.id)


class RenameClass(QUndoCommand):
    def __init__(self, document: Document, category_id: int, name: str) -> None:
        super().__init__(tr("Rename class to {name}").format(name=name))
        self.document, self.category_id, self.name = document, category_id, name
        self.old = document.category(category_id).name

    def redo(self) -> None:
        self.document.rename_class(self.category_id, self.name)

    def undo(self) -> None:
        self.document.rename_class(self.category_id, self.old)


class RecolourClass(QUndoCommand):
    def __init__(self, document: Document, category_id: int, color: str) -> None:
        super().__init__(tr("Recolour class"))
        self.document, self.category_id, self.color = document, category_id, color
        self.old = document.category(category_id).color

    def redo(self) -> None:
        self.document.recolour_class(self.category_id, self.color)

    def undo(self) -> None:
        self.document.recolour_class(self.category_id, self.old)


class DeleteClass(QUndoCommand):
    def __init__(self, document: Document, category_id: int) -> None:
        super().__init__(tr("Delete class"))
        self.document, self.category_id = document, category_id
        self.category: Category | None = None
        self.removed: list[BoxRecord] = []

    def redo(self) -> None:
        self.category, self.removed = self.document.delete_class(self.category_id)

    def undo(self) -> None:
        self.document.restore_class(self.category)
        for rec in self.removed:
            self.document.restore_box(rec)


class MergeClass(QUndoCommand):
    def __init__(self, document: Document, source_id: int, target_id: int) -> None:
        super().__init__(tr("Merge classes"))
        self.document, self.source_id, self.target_id = document, source_id, target_id
        self.category: Category | None = None
        self.moved: list[int] = []

    def redo(self) -> None:
        self.category, self.moved = self.document.merge_class(self.source_id, self.target_id)

    def undo(self) -> None:
        self.document.restore_class(self.category)
        for box_id in self.moved:
            self.document.set_box_class(box_id, self.source_id)
