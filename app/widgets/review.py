"""Prediction review: run a checkpoint (in the ``serve`` worker) and compare with the labels.

Boxes are COCO ``[x, y, w, h]`` in pixels of the EXIF-oriented image; the matching and ranking
are the pure functions of ``app.review_logic``. Accepting predictions goes through the undo stack
as ``AddBoxes`` commands. The worker and its requests are ``review_runs.PredictRuns``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.document.commands import AddBoxes
from app.document.project import Document
from app.i18n import tr
from app.review_logic import (  # iou and review_queue are imported from here by others
    FP,
    MISS,
    TP,
    Match,
    iou,
    match,
    overlay_items,
    review_queue,
    uncertainty,
)  # fmt: skip
from app.theme import PALETTE_EVENTS, is_dark
from app.widgets.file_dialogs import start_dir
from app.widgets.review_runs import PredictRuns
from core.events import PredictProgress


class ReviewPanel(PredictRuns, QWidget):
    image_requested = Signal(int)  # the user picked an image in the review queue
    results_changed = Signal()  # new predictions or another threshold: TP/FP/misses changed

    def __init__(
        self,
        document: Document,
        undo_stack: QUndoStack,
        canvas,
        path_of: Callable[[int], str],
        parent: QWidget | None = None,
        worker_argv: Callable[[str], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.undo_stack, self.canvas, self.path_of = (
            document,
            undo_stack,
            canvas,
            path_of,
        )
        self.worker_argv = worker_argv
        self.predictions: dict[int, list[dict]] = {}
        self._path_to_id: dict[str, int] = {}
        self.current: int | None = None
        self._pending = 0  # images asked for and not answered yet
        self._runs: dict[str, PredictProgress] = {}  # requests not finished, by id
        self.selection: Callable[[], list[int]] = lambda: [self.current] if self.current else []
        self.start_dir = ""  # where the checkpoint dialog starts without a path in the field
        self._make_client()
        # labels change under the predictions (accept, undo, edits): re-match once they settle
        self._follow = QTimer(self, singleShot=True, interval=0)
        self._follow.timeout.connect(self._labels_changed)
        document.on_change.append(self._on_document_change)
        self.destroyed.connect(lambda: self._forget(document))

        self.checkpoint = QLineEdit(placeholderText=tr("checkpoint (.pt)"))
        browse, load = QPushButton("…"), QPushButton(tr("Load"))
        browse.setFixedWidth(32)
        browse.clicked.connect(self._browse)
        load.clicked.connect(lambda: self.load(self.checkpoint.text()))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 95)  # percent; 0 shows everything the worker sent
        self.slider.setValue(50)
        self.slider.valueChanged.connect(self.redraw)
        self.slider.valueChanged.connect(lambda _: self.results_changed.emit())
        # the summary counts every image: once the slider rests, not at every tick
        self._summary = QTimer(self, singleShot=True, interval=200)
        self._summary.timeout.connect(lambda: self.predictions and self._say_done())
        self.slider.valueChanged.connect(lambda _: self._summary.start())
        self.slider_label = QLabel()
        self.status, self.counts = QLabel(tr("No checkpoint loaded")), QLabel()
        self.status.setWordWrap(True)
        # room for two lines even in a short dock (a wrapped label is not given its height)
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        self.det_list, self.queue = QListWidget(), QListWidget()
        self.queue.itemActivated.connect(
            lambda it: self.image_requested.emit(it.data(Qt.ItemDataRole.UserRole))
        )
        lay = QVBoxLayout(self)
        for row in (
            (self.checkpoint, browse, load),
            # two rows of run buttons: the dock fits a narrow right column (~320 px)
            (
                self._button(tr("Run on image"), self.run_current),
                self._button(tr("Run on selection"), lambda: self.run(self.selection())),
            ),
            (self._button(tr("Run on all"), lambda: self.run(self.document.image_ids())),),
            (QLabel(tr("Score ≥")), self.slider, self.slider_label),
        ):
            h = QHBoxLayout()
            for w in row:
                h.addWidget(w)
            lay.addLayout(h)
        self.progress_bar, self.progress_label = QProgressBar(), QLabel()
        self.progress_bar.setTextVisible(False)
        self.cancel_button = self._button(tr("Cancel"), self.cancel)
        self.progress_row = QWidget()
        h = QHBoxLayout(self.progress_row)
        h.setContentsMargins(0, 0, 0, 0)
        for w in (self.progress_bar, self.progress_label, self.cancel_button):
            h.addWidget(w)
        self.progress_row.hide()
        lay.addWidget(self.progress_row)
        lay.addWidget(self.status)
        lay.addWidget(self.counts)
        lay.addWidget(self.det_list)
        for text, fn in (
            (tr("Accept selected prediction"), self.accept_selected),
            (tr("Accept all above threshold"), self.accept_all),
            (tr("Pre-label all unlabelled images"), self.prelabel_unlabelled),
        ):
            lay.addWidget(self._button(text, fn))
        lay.addWidget(QLabel(tr("Review queue (unlabelled, most uncertain first):"), wordWrap=True))
        lay.addWidget(self.queue)
        self.redraw()

    def reset(self) -> None:
        """Forget the previous project's predictions and model (ids restart in a new one)."""
        self.client.close()
        self.predictions.clear()
        self._path_to_id.clear()
        self.current, self._pending = None, 0
        self._end_runs()
        self.checkpoint.clear()
        self.queue.clear()
        self.status.setText(tr("No checkpoint loaded"))
        self.redraw()
        self.results_changed.emit()

    def _on_document_change(self, kind: str, payload: object) -> None:
        if kind != "image_changed" and self.predictions:
            self._follow.start()

    def _forget(self, document: Document) -> None:
        if self._on_document_change in document.on_change:
            document.on_change.remove(self._on_document_change)

    def _labels_changed(self) -> None:
        self.redraw()
        self._fill_queue()
        self.results_changed.emit()

    def _button(self, text: str, fn: Callable) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda: fn())
        return b

    @property
    def threshold(self) -> float:
        return self.slider.value() / 100

    # -- showing --------------------------------------------------------------------
    def set_current_image(self, image_id: int | None) -> None:
        self.current = image_id
        self.redraw()

    def labels(self, image_id: int) -> list[tuple[list[float], str]]:
        return [
            (list(b.bbox), self.document.category(b.category_id).name)
            for b in self.document.boxes(image_id)
        ]

    def match_for(self, image_id: int) -> Match | None:
        preds = self.predictions.get(image_id)
        return None if preds is None else match(self.labels(image_id), preds, self.threshold)

    def has_misses(self, image_id: int) -> bool:
        """Image-list filter: labelled objects the model misses at the current threshold."""
        m = self.match_for(image_id)
        return bool(m and m.misses)

    def has_false_positives(self, image_id: int) -> bool:
        m = self.match_for(image_id)
        return bool(m and m.fp)

    def redraw(self) -> None:
        self.slider_label.setText(f"{self.threshold:.2f}")
        self.det_list.clear()
        m = self.match_for(self.current) if self.current is not None else None
        if m is None:
            self._counts = ()
            self.counts.setText("")
            self.canvas.clear_overlay()
            return
        preds, labels = self.predictions[self.current], self.labels(self.current)
        self.canvas.set_overlay(overlay_items(labels, preds, m))
        shown = (
            (TP, tr("{n} correct").format(n=len(m.tp))),
            (FP, tr("{n} false positives").format(n=len(m.fp))),
            (MISS, tr("{n} missed").format(n=len(m.misses))),
        )
        self._counts = shown
        self._paint_counts()
        tp = {i for i, _ in m.tp}
        for i, p in enumerate(preds):
            if p["score"] >= self.threshold:
                kind = tr("TP") if i in tp else tr("FP")
                item = QListWidgetItem(f"{kind}  {p['category']}  {p['score']:.2f}")
                item.setData(Qt.ItemDataRole.UserRole, i)
                self.det_list.addItem(item)

    def _paint_counts(self) -> None:
        """The TP/FP/miss counts in their colours, lighter on a dark palette."""
        dark = is_dark(self.palette())
        self.counts.setText(
            " · ".join(
                f"<span style='color:{QColor(c).lighter(135).name() if dark else c}'>{t}</span>"
                for c, t in self._counts
            )
        )

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and getattr(self, "_counts", None):
            self._paint_counts()

    def _fill_queue(self) -> None:
        self.queue.clear()
        unlabelled = [i for i in self.document.image_ids() if self.document.box_count(i) == 0]
        for i in review_queue(self.predictions, unlabelled):
            u = tr("uncertainty {u}").format(u=f"{uncertainty(self.predictions[i]):.2f}")
            item = QListWidgetItem(f"{self.document.image(i).file_name}  ({u})")
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.queue.addItem(item)

    # -- accepting (each action is one undo step) ------------------------------------
    def _boxes(self, preds: list[dict]) -> list[dict]:
        out = []
        for p in preds:
            cat = self.document.category_by_name(p["category"])
            if cat is None:
                self.status.setText(
                    tr("Class {name} is not in this project: skipped.").format(
                        name=repr(p["category"])
                    )
                )
                continue
            out.append({"bbox": p["box"], "category_id": cat.id})
        return out

    def accept_selected(self) -> None:
        item = self.det_list.currentItem()
        if item is None or self.current is None:
            return
        pred = self.predictions[self.current][item.data(Qt.ItemDataRole.UserRole)]
        self._push(self.current, [pred], tr("Accept prediction"))

    def accept_all(self) -> None:
        if self.current is None or self.current not in self.predictions:
            return
        m = self.match_for(self.current)
        preds = [self.predictions[self.current][i] for i in m.fp]  # matched ones exist already
        self._push(self.current, preds, tr("Accept {n} predictions").format(n=len(preds)))

    def prelabel_unlabelled(self) -> int:
        """Every unlabelled image gets its predictions above the threshold: one undo step."""
        todo = [
            (i, [p for p in ps if p["score"] >= self.threshold])
            for i, ps in self.predictions.items()
            if self.document.box_count(i) == 0
        ]
        todo = [(i, ps) for i, ps in todo if ps]
        if not todo:
            return 0
        self.undo_stack.beginMacro(tr("Pre-label {n} images").format(n=len(todo)))
        for image_id, preds in todo:
            self._push(image_id, preds, tr("Pre-label image"))
        self.undo_stack.endMacro()
        self._fill_queue()
        return len(todo)

    def _push(self, image_id: int, preds: list[dict], text: str) -> None:
        boxes = self._boxes(preds)
        if boxes:
            self.undo_stack.push(AddBoxes(self.document, image_id, boxes, text))
            self.redraw()

    def _browse(self) -> None:
        here = start_dir(self.checkpoint.text(), self.start_dir)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Checkpoint"), here, tr("Checkpoints") + " (*.pt)"
        )
        if path:
            self.load(path)


__all__ = ["Match", "ReviewPanel", "iou", "match", "review_queue", "uncertainty"]
