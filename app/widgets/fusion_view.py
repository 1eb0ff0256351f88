"""Fusion inspector: the BiFPN cell drawn like the paper, with the learned fusion weights.

Columns: P3-P7 inputs (left), top-down nodes ``Pk_td`` (middle), bottom-up outputs ``Pk_out``
(right); P7 at the top. Edge width and colour encode the normalized weight, the number shows on
hover. A slider walks the run's Fusion events (one per evaluation); the heat map below shows
every cell x node x input at once. ``sum`` models have no weights: edges are drawn equal.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.widgets.file_dialogs import start_dir
from core import topology
from core.events import Fusion, FusionNode

SUM_NOTE = (
    'This model fuses by plain sums (the official choice of D6-D7x, "for training '
    'stability", and of EfficientDet-Lite): every input counts the same, there are no '
    "weights to learn."
)
COLUMN_OF = {kind: i for i, kind in enumerate(topology.KINDS)}  # inputs, top-down, outputs
DX, DY, R = 220.0, 90.0, 24.0  # scene units: column spacing, level spacing, node radius


def weight_colour(w: float) -> QColor:
    """0 -> light blue, 0.5 -> orange, 1 -> dark red."""
    w = min(max(w, 0.0), 1.0)
    stops = ((0.0, (158, 202, 225)), (0.5, (253, 141, 60)), (1.0, (165, 15, 21)))
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if w <= b:
            t = (w - a) / (b - a)
            return QColor(*(int(x + (y - x) * t) for x, y in zip(ca, cb, strict=True)))
    return QColor(*stops[-1][1])


def node_position(name: str, max_level: int) -> QPointF:
    level, kind = topology.parse_name(name)
    return QPointF(COLUMN_OF[kind] * DX, (max_level - level) * DY)


def cell_layout(min_level: int, max_level: int) -> dict[str, QPointF]:
    """Where every feature of the topology's cell over P{min_level}..P{max_level} is drawn."""
    return {
        name: node_position(name, max_level)
        for name in topology.feature_names(min_level, max_level)
    }


class FusionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events: list[Fusion] = []
        self.start_dir = ""  # the export dialog starts here (the open project)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self.redraw)
        self.cell = QSpinBox(prefix="cell ")
        self.cell.valueChanged.connect(self.redraw)
        self.title = QLabel("No fusion weights yet: they arrive after each evaluation.")
        self.note = QLabel(SUM_NOTE, wordWrap=True)
        self.note.setStyleSheet("color: #555; font-style: italic")
        self.note.hide()
        png, svg = QPushButton("Export PNG…"), QPushButton("Export SVG…")
        png.clicked.connect(lambda: self._export("PNG (*.png)", self.export_png))
        svg.clicked.connect(lambda: self._export("SVG (*.svg)", self.export_svg))
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.heat = QTableWidget()
        self.heat.setMaximumHeight(240)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.cell)
        top.addWidget(png)
        top.addWidget(svg)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.slider)
        lay.addWidget(self.note)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.heat)
        self.edges: list[tuple[str, str, float | None]] = []  # (output, input, weight) drawn now
        self.positions: dict[str, QPointF] = {}  # every feature of the drawn cell

    def set_events(self, events: list[Fusion]) -> None:
        """Show a run's Fusion events; the slider jumps to the newest."""
        self.events = list(events)
        self.slider.setRange(0, max(len(self.events) - 1, 0))
        self.slider.setValue(max(len(self.events) - 1, 0))
        self.redraw()

    def add_event(self, event: Fusion) -> None:
        at_end = self.slider.value() == self.slider.maximum()
        self.events.append(event)
        self.slider.setRange(0, len(self.events) - 1)
        if at_end:
            self.slider.setValue(len(self.events) - 1)
        self.redraw()

    def current(self) -> Fusion | None:
        return self.events[self.slider.value()] if self.events else None

    def shown_weights(self) -> dict[str, list[float | None]]:
        """Weights of the drawn cell, node output -> one per input, as drawn."""
        out: dict[str, list[float | None]] = {}
        for output, _, w in self.edges:
            out.setdefault(output, []).append(w)
        return out

    def redraw(self) -> None:
        self.scene.clear()
        self.edges = []
        self.positions = {}
        event = self.current()
        if event is None:
            return
        cells = sorted({n.cell for n in event.nodes})
        self.cell.setRange(cells[0], cells[-1])
        nodes = [n for n in event.nodes if n.cell == self.cell.value()]
        self.title.setText(
            f"Fusion weights after epoch {event.epoch + 1} "
            f"({self.slider.value() + 1}/{len(self.events)}), "
            f"method: {event.method}"
        )
        self.note.setVisible(event.method == "sum")
        self._draw_cell(nodes)
        self._fill_heat(event)

    def _draw_cell(self, nodes: list[FusionNode]) -> None:
        min_level, max_level = topology.level_range(
            {n.output for n in nodes} | {i for n in nodes for i in n.inputs}
        )
        pos = self.positions = cell_layout(min_level, max_level)
        occupied = {(p.x(), p.y()) for p in pos.values()}
        by_output = {n.output: n for n in nodes}
        for spec in topology.bifpn_nodes(min_level, max_level):
            node = by_output.get(spec.output)
            weights = (
                dict(zip(node.inputs, node.weights, strict=True)) if node and node.weights else {}
            )
            for src in spec.inputs:
                w = weights.get(src)
                a, b = pos[src], pos[spec.output]
                path = QPainterPath(a)
                mid = ((a.x() + b.x()) / 2, a.y())
                if a.y() == b.y() and mid in occupied and a.x() != mid[0]:  # skip around Pk_td
                    path.quadTo(QPointF(mid[0], a.y() - DY * 0.95), b)
                else:
                    path.lineTo(b)
                shown = 1.0 / len(spec.inputs) if w is None else w
                colour = QColor(130, 130, 130) if w is None else weight_colour(w)
                pen = QPen(colour, 1.5 + 10 * shown)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                item = self.scene.addPath(path, pen)
                item.setToolTip(
                    f"{src} → {spec.output}: " + ("sum (unweighted)" if w is None else f"{w:.3f}")
                )
                item.setAcceptHoverEvents(True)
                self.edges.append((spec.output, src, w))
        font = QFont()
        font.setPointSize(9)
        for name, p in pos.items():
            circle = self.scene.addEllipse(
                QRectF(p.x() - R, p.y() - R, 2 * R, 2 * R),
                QPen(Qt.GlobalColor.black, 1.5),
                QBrush(QColor("#f7f7f7")),
            )
            circle.setZValue(1)
            text = self.scene.addText(name.replace("_", "\n"), font)
            text.setZValue(2)
            r = text.boundingRect()
            text.setPos(p.x() - r.width() / 2, p.y() - r.height() / 2)
        # legend under the lowest level: colour and width per weight
        y = (max_level - min_level) * DY + DY * 0.8
        for k in range(11):
            w = k / 10
            self.scene.addLine(
                k * DX / 5, y, (k + 1) * DX / 5 - 4, y, QPen(weight_colour(w), 1.5 + 10 * w)
            )
        legend = self.scene.addText("normalized weight: 0 → 1 (hover an edge for its value)", font)
        legend.setPos(0, y + 10)
        for col, label in enumerate(("inputs", "top-down", "bottom-up (outputs)")):
            t = self.scene.addText(label, font)
            t.setPos(col * DX - t.boundingRect().width() / 2, -DY * 0.9)
        self._fit()

    def _fit(self) -> None:
        if self.edges:
            self.view.fitInView(
                self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20),
                Qt.AspectRatioMode.KeepAspectRatio,
            )

    def resizeEvent(self, event) -> None:  # noqa: N802 - the drawing follows the dock's size
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit)  # after the layout has resized the view

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit)

    def _fill_heat(self, event: Fusion) -> None:
        """Rows: cells; columns: every (node, input) slot; colour and text: the weight."""
        cells = sorted({n.cell for n in event.nodes})
        slots = [
            (n.node, i, f"{n.output}←{src}")
            for n in event.nodes
            if n.cell == cells[0]
            for i, src in enumerate(n.inputs)
        ]
        self.heat.clear()
        self.heat.setRowCount(len(cells))
        self.heat.setColumnCount(len(slots))
        self.heat.setHorizontalHeaderLabels([s[2] for s in slots])
        self.heat.setVerticalHeaderLabels([f"cell {c}" for c in cells])
        by_key = {(n.cell, n.node): n for n in event.nodes}
        for r, cell in enumerate(cells):
            for c, (node_i, inp, label) in enumerate(slots):
                node = by_key.get((cell, node_i))
                w = node.weights[inp] if node and node.weights else None
                item = QTableWidgetItem("" if w is None else f"{w:.2f}")
                item.setToolTip(f"cell {cell}, {label}: " + ("sum" if w is None else f"{w:.4f}"))
                if w is not None:
                    item.setBackground(weight_colour(w))
                self.heat.setItem(r, c, item)
        self.heat.resizeColumnsToContents()

    def _render(self, painter: QPainter) -> QRectF:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self.scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        return rect

    def export_png(self, path: str, scale: float = 2.0) -> None:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        image = QImage(
            int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        self._render(painter)
        painter.end()
        if not image.save(path):
            raise OSError(f"could not write {path}")

    def export_svg(self, path: str) -> None:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        gen = QSvgGenerator()
        gen.setFileName(path)
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        gen.setTitle("BiFPN fusion weights")
        painter = QPainter(gen)
        self._render(painter)
        painter.end()

    def _export(self, filt: str, fn) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export", start_dir(self.start_dir), filt)
        if path:
            fn(path)
