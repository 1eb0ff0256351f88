"""Image list dock: a QAbstractListModel over the document's images (nothing is decoded to list
them), a filter (all / labelled / unlabelled / broken, plus predicates other docks register, such
as "images with misses"), a name search, counts and multi-selection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.document.project import Document
from app.i18n import tr

FILTERS = ("all", "labelled", "unlabelled", "broken")
FILTER_LABELS = {  # shown in the combo (translated there); FILTERS are the values
    "all": QT_TRANSLATE_NOOP("", "all"),
    "labelled": QT_TRANSLATE_NOOP("", "labelled"),
    "unlabelled": QT_TRANSLATE_NOOP("", "unlabelled"),
    "broken": QT_TRANSLATE_NOOP("", "broken"),
}
_COLORS = {
    "labelled": QColor("#3cb44b"),
    "unlabelled": QColor("#9e9e9e"),
    "broken": QColor("#e6194b"),
}
ImageIdRole = Qt.ItemDataRole.UserRole + 1


class ImageListModel(QAbstractListModel):
    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.broken: dict[int, str] = {}  # image id -> reason
        self.filter, self.search = "all", ""
        self.predicates: dict[str, Callable[[int], bool]] = {}  # extra filters: name -> test
        self.rows: list[int] = document.image_ids()
        document.on_change.append(self._changed)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def state(self, image_id: int) -> str:
        if image_id in self.broken:
            return "broken"
        return "labelled" if self.document.box_count(image_id) else "unlabelled"

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        image_id = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            rec = self.document.image(image_id)
            n = self.document.box_count(image_id)
            return f"{rec.file_name}  ({n})" if n else rec.file_name
        if role == Qt.ItemDataRole.DecorationRole:
            return _COLORS[self.state(image_id)]
        if role == Qt.ItemDataRole.ToolTipRole:
            rec = self.document.image(image_id)
            if image_id in self.broken:
                reason = tr("broken: {reason}").format(reason=self.broken[image_id])
                return f"{rec.file_name}\n{reason}"
            size = (
                tr("{w} x {h} px").format(w=rec.width, h=rec.height)
                if rec.width
                else tr("size not read yet")
            )
            n = self.document.box_count(image_id)
            boxes = tr("1 box") if n == 1 else tr("{n} boxes").format(n=n)
            return f"{rec.file_name}\n{size}, {boxes}"
        if role == ImageIdRole:
            return image_id
        return None

    def filters(self) -> list[str]:
        return [*FILTERS, *self.predicates]

    def set_filter(self, mode: str, search: str | None = None) -> None:
        if mode not in FILTERS and mode not in self.predicates:
            raise ValueError(f"unknown image filter {mode!r}; expected one of {self.filters()}")
        self.filter = mode
        if search is not None:
            self.search = search.lower()
        self.refilter()

    def refilter(self) -> None:
        self.beginResetModel()
        ids = self.document.image_ids()
        if self.search:
            ids = [i for i in ids if self.search in self.document.image(i).file_name.lower()]
        if self.filter in self.predicates:
            test = self.predicates[self.filter]
            ids = [i for i in ids if test(i)]
        elif self.filter != "all":
            ids = [i for i in ids if self.state(i) == self.filter]
        self.rows = ids
        self.endResetModel()

    def set_broken(self, image_id: int, reason: str) -> None:
        if reason:
            self.broken[image_id] = reason
        else:
            self.broken.pop(image_id, None)
        self._row_changed(image_id)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(FILTERS, 0)
        for i in self.document.image_ids():
            out["all"] += 1
            out[self.state(i)] += 1
        return out

    def row_of(self, image_id: int) -> int:
        try:
            return self.rows.index(image_id)
        except ValueError:
            return -1

    def _row_changed(self, image_id: int) -> None:
        row = self.row_of(image_id)
        if row >= 0:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)

    def _changed(self, kind: str, payload) -> None:
        if kind in ("image_added", "reset"):
            if kind == "reset":
                self.broken = {}
            self.refilter()
        elif kind.startswith("box_") and kind != "box_changed":
            self._row_changed(payload.image_id)


class ImageList(QWidget):
    image_activated = Signal(int)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.model = ImageListModel(document, self)
        self.filter_box = QComboBox()
        for mode in FILTERS:
            self.filter_box.addItem(tr(FILTER_LABELS[mode]), mode)
        self.search = QLineEdit(placeholderText=tr("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.view = QListView()
        self.view.setUniformItemSizes(True)  # no per-row measuring for 10,000 files
        # Shift/Ctrl-click select several images (e.g. "Run on selection"); the current one shows
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setModel(self.model)
        self.counts = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.counts)
        self.filter_box.currentTextChanged.connect(lambda m: self._refilter())
        self.search.textChanged.connect(lambda t: self._refilter())
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.selectionModel().currentChanged.connect(lambda cur, prev: self._clicked(cur))
        document.on_change.append(
            lambda kind, payload: kind.startswith("box_") and self.update_counts()
        )
        self.update_counts()

    def add_filter(
        self, name: str, predicate: Callable[[int], bool], label: str | None = None
    ) -> None:
        """Offer another filter: the images (ids) for which ``predicate`` is true.

        ``name`` is the filter's value; ``label`` (default: ``name``) is the text shown.
        """
        if name in FILTERS:
            raise ValueError(f"{name!r} is a built-in image filter; choose another name")
        self.model.predicates[name] = predicate
        if self.filter_box.findData(name) < 0:
            self.filter_box.addItem(label or name, name)

    def reset_view(self) -> None:
        """Show every image again, with no search text (another project was opened)."""
        for w in (self.filter_box, self.search):
            w.blockSignals(True)
        self.filter_box.setCurrentIndex(self.filter_box.findData("all"))
        self.search.clear()
        for w in (self.filter_box, self.search):
            w.blockSignals(False)
        self._refilter()

    def refresh_filter(self) -> None:
        """Re-run the filter (a registered predicate's answers may have changed)."""
        if self.model.filter in self.model.predicates:
            keep = self.selected_ids()
            self._refilter()
            self._select(keep)

    def _refilter(self) -> None:
        self.model.set_filter(self.filter_box.currentData() or "all", self.search.text())
        self.update_counts()

    def selected_ids(self) -> list[int]:
        """Selected images in list order (the current one alone when nothing is selected)."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _select(self, image_ids: list[int]) -> None:
        sel = self.view.selectionModel()
        with QSignalBlocker(sel):
            sel.clearSelection()
            for image_id in image_ids:
                row = self.model.row_of(image_id)
                if row >= 0:
                    sel.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        self.view.viewport().update()

    def select_ids(self, image_ids: list[int]) -> None:
        """Select these images (those shown), as Ctrl-clicks would."""
        self._select(image_ids)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.image_activated.emit(self.model.rows[index.row()])

    def update_counts(self) -> None:
        c = self.model.counts()
        self.counts.setText(
            tr(
                "{all} images: {labelled} labelled, {unlabelled} unlabelled, "
                "{broken} broken; {shown} shown"
            ).format(
                all=c["all"],
                labelled=c["labelled"],
                unlabelled=c["unlabelled"],
                broken=c["broken"],
                shown=len(self.model.rows),
            )
        )

    def set_current(self, image_id: int) -> None:
        row = self.model.row_of(image_id)
        if row >= 0:
            idx = self.model.index(row)
            sel = self.view.selectionModel()
            if sel.currentIndex() != idx:  # the view made it current itself on a click: keep
                with QSignalBlocker(sel):  # its (Ctrl/Shift) selection; no echo to the window
                    sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.viewport().update()
            self.view.scrollTo(idx)

    def neighbour(self, image_id: int | None, step: int) -> int | None:
        """The image ``step`` rows away in the shown list (clamped), or None if it is empty."""
        rows = self.model.rows
        if not rows:
            return None
        row = self.model.row_of(image_id) if image_id is not None else -1
        if row < 0:
            return rows[0]
        return rows[min(max(row + step, 0), len(rows) - 1)]
