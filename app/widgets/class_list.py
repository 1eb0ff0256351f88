"""Classes dock: add, rename, recolour, merge, delete (undoable), with box counts per class.

Row n (1-9) is the class keys 1-9 pick.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.document.commands import AddClass, DeleteClass, MergeClass, RecolourClass, RenameClass
from app.document.project import Document, DocumentError
from app.i18n import tr


class ClassList(QWidget):
    class_chosen = Signal(int)  # category id

    def __init__(self, document: Document, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.document, self.undo_stack = document, undo_stack
        self.list = QListWidget()
        buttons = QHBoxLayout()
        for text, slot in (
            (tr("Add"), self.ask_add),
            (tr("Rename"), self.ask_rename),
            (tr("Colour"), self.ask_recolour),
            (tr("Merge"), self.ask_merge),
            (tr("Delete"), self.ask_delete),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.list.itemClicked.connect(lambda item: self.class_chosen.emit(item.data(Qt.UserRole)))
        self.list.itemDoubleClicked.connect(lambda item: self.ask_rename())
        document.on_change.append(self._changed)
        self.refresh()

    def _changed(self, kind: str, payload) -> None:
        if kind.startswith("class") or kind in ("reset", "box_added", "box_removed", "box_changed"):
            self.refresh()

    def refresh(self) -> None:
        current = self.current_id()
        counts = self.document.class_counts()
        self.list.clear()
        for n, cat in enumerate(self.document.categories, start=1):
            key = f"{n}: " if n <= 9 else "    "
            item = QListWidgetItem(f"{key}{cat.name}  ({counts.get(cat.id, 0)})")
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(cat.color))
            item.setIcon(swatch)
            item.setData(Qt.UserRole, cat.id)
            self.list.addItem(item)
            if cat.id == current:
                self.list.setCurrentItem(item)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.UserRole)

    def id_for_key(self, n: int) -> int | None:
        """Category of key ``n`` (1-based row), or None."""
        cats = self.document.categories
        return cats[n - 1].id if 0 < n <= len(cats) else None

    # -- actions (also callable without dialogs) ----------------------------------
    def add_class(self, name: str, color: str | None = None) -> bool:
        return self._push(AddClass(self.document, name, color))

    def rename_class(self, category_id: int, name: str) -> bool:
        return self._push(RenameClass(self.document, category_id, name))

    def merge_class(self, source_id: int, target_id: int) -> bool:
        return self._push(MergeClass(self.document, source_id, target_id))

    def delete_class(self, category_id: int) -> bool:
        return self._push(DeleteClass(self.document, category_id))

    def _push(self, cmd) -> bool:
        try:
            cmd.redo()  # validate first: a failing command never reaches the stack
            cmd.undo()
        except DocumentError as e:
            QMessageBox.warning(self, tr("Classes"), str(e))
            return False
        self.undo_stack.push(cmd)
        return True

    # -- dialogs -----------------------------------------------------------------
    def ask_add(self) -> None:
        name, ok = QInputDialog.getText(self, tr("Add class"), tr("Name:"))
        if ok and name.strip():
            self.add_class(name)

    def ask_rename(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        old = self.document.category(cid).name
        name, ok = QInputDialog.getText(self, tr("Rename class"), tr("Name:"), text=old)
        if ok and name.strip() and name != old:
            self.rename_class(cid, name)

    def ask_recolour(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        color = QColorDialog.getColor(QColor(self.document.category(cid).color), self)
        if color.isValid():
            self.undo_stack.push(RecolourClass(self.document, cid, color.name()))

    def ask_merge(self) -> None:
        cid = self.current_id()
        others = [c for c in self.document.categories if c.id != cid]
        if cid is None or not others:
            return
        n = len(self.document.boxes_of_class(cid))
        name, ok = QInputDialog.getItem(
            self,
            tr("Merge class"),
            tr("Move the {n} boxes of {name} into:").format(
                n=n, name=repr(self.document.category(cid).name)
            ),
            [c.name for c in others],
            0,
            False,
        )
        if ok:
            self.merge_class(cid, self.document.category_by_name(name).id)

    def ask_delete(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        n = len(self.document.boxes_of_class(cid))
        name = self.document.category(cid).name
        answer = QMessageBox.question(
            self,
            tr("Delete class"),
            tr(
                "Delete class {name} and the {n} boxes that use it? (Undo brings them back.)"
            ).format(name=repr(name), n=n),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_class(cid)
