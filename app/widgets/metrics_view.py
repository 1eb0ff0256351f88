"""Metrics of one run: the COCO table, per-class AP, PR curves and the confusion matrix.

Reads what core/evaluate.py saves (``eval-<tag>.json``) through ``app.runs.load_evaluation``.
AP values of -1 mean "no ground truth for this class" and are shown as "-".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import tr
from app.runs import MISSING, Evaluation, list_evaluations, load_evaluation
from app.theme import PALETTE_EVENTS, ShadeDelegate, is_dark
from app.widgets.plots import follow_palette

METRIC_HELP = {  # translated where shown
    "AP": QT_TRANSLATE_NOOP("", "AP at IoU .50:.05:.95 (the COCO metric)"),
    "AP50": QT_TRANSLATE_NOOP("", "AP at IoU 0.50"),
    "AP75": QT_TRANSLATE_NOOP("", "AP at IoU 0.75"),
    "APs": QT_TRANSLATE_NOOP("", "AP, small objects (< 32² px)"),
    "APm": QT_TRANSLATE_NOOP("", "AP, medium objects"),
    "APl": QT_TRANSLATE_NOOP("", "AP, large objects (> 96² px)"),
    "AR1": QT_TRANSLATE_NOOP("", "recall, 1 detection per image"),
    "AR10": QT_TRANSLATE_NOOP("", "recall, 10 detections per image"),
    "AR100": QT_TRANSLATE_NOOP("", "recall, 100 detections per image"),
    "ARs": QT_TRANSLATE_NOOP("", "recall, small objects"),
    "ARm": QT_TRANSLATE_NOOP("", "recall, medium objects"),
    "ARl": QT_TRANSLATE_NOOP("", "recall, large objects"),
}
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]


def _fmt(v: float) -> str:
    return "-" if v is None or v <= MISSING else f"{v:.3f}"


def in_order(names: Iterable[str], classes: list[str]) -> list[str]:
    """``names`` in the project's class order; others (and "background") after, as given."""
    rank = {c: i for i, c in enumerate(classes)}
    names = list(names)
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n == "background"))


def pr_colour(i: int, palette: QPalette) -> QColor:
    """The colour of the ``i``-th PR curve, lighter on a dark background."""
    colour = QColor(PALETTE[i % len(PALETTE)])
    return colour.lighter(150) if is_dark(palette) else colour


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return t


class MetricsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_dir: Path | None = None
        self.evaluation = Evaluation()
        self.classes: Callable[[], list[str]] = lambda: []  # the project's class order
        self.title = QLabel(tr("Choose a run to see its metrics."))
        self.which = QComboBox()
        self.which.currentTextChanged.connect(self._on_tag)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.which)
        self.coco = _table([tr("metric"), tr("value"), tr("meaning")])
        self.per_class = _table([tr("class"), "AP"])
        self.pr = pg.PlotWidget()
        self.pr.setLabel("bottom", tr("recall"))
        self.pr.setLabel("left", tr("precision (IoU 0.5)"))
        self.pr.setXRange(0, 1)
        self.pr.setYRange(0, 1.02)
        self.pr.addLegend()
        follow_palette(self.pr, self.palette())
        self.confusion = QTableWidget()
        self.confusion.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for table in (self.per_class, self.confusion):  # shades over the theme's base colour
            table.setItemDelegate(ShadeDelegate(table))
        self.tabs = QTabWidget()
        for w, name in (
            (self.coco, "COCO"),
            (self.per_class, tr("Per class")),
            (self.pr, tr("PR curves")),
            (self.confusion, tr("Confusion")),
        ):
            self.tabs.addTab(w, name)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:  # the theme changed: the plot follows it
            follow_palette(self.pr, self.palette())
            for i, item in enumerate(self.pr.getPlotItem().listDataItems()):
                item.setPen(pg.mkPen(pr_colour(i, self.palette()), width=2))

    def clear(self) -> None:
        """Show nothing (another project was opened)."""
        self.run_dir = None
        self.which.blockSignals(True)
        self.which.clear()
        self.which.blockSignals(False)
        self.which.hide()
        self._show(Evaluation(), tr("Choose a run to see its metrics."))

    def load_run(self, run_dir: str | Path) -> None:
        """Show a run's evaluations (best/final first); the combo box picks another one."""
        self.run_dir = Path(run_dir)
        tags = list_evaluations(self.run_dir)
        self.which.blockSignals(True)
        self.which.clear()
        self.which.addItems(tags)
        self.which.blockSignals(False)
        self.which.setVisible(bool(tags))
        self._show(
            load_evaluation(self.run_dir, tags[0] if tags else None),
            self.run_dir.name
            if tags
            else tr("{run} (from the last Eval event)").format(run=self.run_dir.name),
        )

    def _on_tag(self, tag: str) -> None:
        if self.run_dir is not None and tag:
            self._show(load_evaluation(self.run_dir, tag), f"{self.run_dir.name}: {tag}")

    def set_evaluation(self, evaluation: Evaluation, title: str = "") -> None:
        self._show(evaluation, title)

    def _show(self, e: Evaluation, title: str) -> None:
        self.evaluation = e
        self.title.setText(title)
        self.coco.setRowCount(len(e.metrics))
        for r, (k, v) in enumerate(e.metrics.items()):
            meaning = tr(METRIC_HELP[k]) if k in METRIC_HELP else ""
            for c, text in enumerate((k, _fmt(v), meaning)):
                self.coco.setItem(r, c, QTableWidgetItem(text))
        self.coco.resizeColumnsToContents()
        classes = self.classes()
        names = in_order(e.per_class_ap, classes)
        self.per_class.setRowCount(len(names))
        for r, name in enumerate(names):
            ap = e.per_class_ap[name]
            self.per_class.setItem(r, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(_fmt(ap))
            if ap > 0:  # a shade that deepens with AP; AP 0 (and "-") stays unshaded
                item.setBackground(QColor.fromHsvF(0.33, 0.1 + 0.6 * min(ap, 1.0), 0.95))
            self.per_class.setItem(r, 1, item)
        self.per_class.resizeColumnsToContents()
        self.pr.clear()
        for i, name in enumerate(in_order(sorted(e.pr_curves), classes)):
            curve = e.pr_curves[name]
            pen = pg.mkPen(pr_colour(i, self.palette()), width=2)
            self.pr.plot(curve.get("recall", []), curve.get("precision", []), pen=pen, name=name)
        self._fill_confusion(e.confusion)

    def _fill_confusion(self, confusion: dict) -> None:
        """Rows: true class, columns: predicted class; "background" row = false positives,
        "background" column = missed boxes. Cell shade: share of its row."""
        labels, matrix = confusion.get("labels", []), confusion.get("matrix", [])
        if len(matrix) == len(labels):  # rows and columns in the project's class order
            perm = [labels.index(n) for n in in_order(labels, self.classes())]
            labels = [labels[i] for i in perm]
            matrix = [[matrix[i][j] for j in perm] for i in perm]
        self.confusion.clear()
        self.confusion.setRowCount(len(labels))
        self.confusion.setColumnCount(len(labels))
        self.confusion.setHorizontalHeaderLabels([tr("pred {c}").format(c=x) for x in labels])
        self.confusion.setVerticalHeaderLabels([tr("true {c}").format(c=x) for x in labels])
        for r, row in enumerate(matrix):
            total = max(sum(row), 1)
            for c, n in enumerate(row):
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = n / total
                item.setBackground(QColor.fromHsvF(0.6 if r == c else 0.0, 0.7 * share, 1.0))
                item.setToolTip(
                    tr("true {true}, predicted {pred}: {n} ({share})").format(
                        true=labels[r], pred=labels[c], n=n, share=f"{share:.0%}"
                    )
                )
                self.confusion.setItem(r, c, item)
        self.confusion.resizeColumnsToContents()

    def shown_metrics(self) -> dict[str, str]:
        """The COCO table as drawn, metric -> text (for tests)."""
        return {
            self.coco.item(r, 0).text(): self.coco.item(r, 1).text()
            for r in range(self.coco.rowCount())
        }
