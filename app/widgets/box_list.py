"""Box list dock: the boxes of the current image; selection follows the canvas both ways."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from app.document.project import Document
from app.i18n import tr


class BoxList(QListWidget):
    boxes_selected = Signal(list)  # box ids chosen in the list

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.image_id: int | None = None
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.itemSelectionChanged.connect(self._selection_changed)
        document.on_change.append(self._changed)

    def set_image(self, image_id: int | None) -> None:
        self.image_id = image_id
        self.refresh()

    def _changed(self, kind: str, payload) -> None:
        if kind == "reset":
            self.image_id = None
        if (
            kind == "reset"
            or kind.startswith("class")
            or getattr(payload, "image_id", None) == self.image_id
        ):
            self.refresh()

    def refresh(self) -> None:
        selected = set(self.selected_ids())
        with QSignalBlocker(self):
            self.clear()
            if self.image_id is None:
                return
            for rec in self.document.boxes(self.image_id):
                cat = self.document.category(rec.category_id)
                x, y, w, h = rec.bbox
                size = tr("{w} \u00d7 {h} px at ({x}, {y})").format(
                    w=f"{w:.0f}", h=f"{h:.0f}", x=f"{x:.0f}", y=f"{y:.0f}"
                )
                item = QListWidgetItem(f"{cat.name}   {size}")
                swatch = QPixmap(12, 12)
                swatch.fill(QColor(cat.color))
                item.setIcon(swatch)
                item.setData(Qt.ItemDataRole.UserRole, rec.id)
                self.addItem(item)
                item.setSelected(rec.id in selected)

    def selected_ids(self) -> list[int]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.selectedItems()]

    def select_ids(self, box_ids: list[int]) -> None:
        """Mirror the canvas selection without echoing it back."""
        wanted = set(box_ids)
        with QSignalBlocker(self):
            for row in range(self.count()):
                item = self.item(row)
                item.setSelected(item.data(Qt.ItemDataRole.UserRole) in wanted)

    def _selection_changed(self) -> None:
        self.boxes_selected.emit(self.selected_ids())
