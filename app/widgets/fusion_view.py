"""Fusion inspector: the BiFPN cell drawn like the paper, with the learned fusion weights.

Columns: P3-P7 inputs (left), top-down nodes ``Pk_td`` (middle), bottom-up outputs ``Pk_out``
(right); P7 at the top. Edge width and colour encode the normalized weight, the number shows on
hover. A slider walks the run's Fusion events (one per evaluation); the heat map (its own tab)
shows every cell x node x input at once. ``sum`` models have no weights: edges are drawn equal.

The drawing fits the view; its texts never shrink below ``MIN_LABEL_PT`` on screen (a small
dock scales them up around their anchors, and the layout leaves room for that).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import tr
from app.theme import PALETTE_EVENTS, mix, readable_on
from app.widgets.file_dialogs import start_dir
from app.widgets.fusion_layout import (
    DX,
    DY,
    LABEL_PT,
    MIN_LABEL_PT,
    R,
    cell_layout,
    level_spacing,
    weight_colour,
)
from core import topology
from core.events import Fusion, FusionNode

SUM_NOTE = QT_TRANSLATE_NOOP(
    "",
    'This model fuses by plain sums (the official choice of D6-D7x, "for training '
    'stability", and of EfficientDet-Lite): every input counts the same, there are no '
    "weights to learn.",
)


class FusionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events: list[Fusion] = []
        self.start_dir = ""  # the export dialog starts here (the open project)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self.redraw)
        self.cell = QSpinBox(prefix=tr("cell") + " ")
        self.cell.valueChanged.connect(self.redraw)
        self.title = QLabel(
            tr("No fusion weights yet: they arrive after each evaluation."), wordWrap=True
        )
        self.note = QLabel(tr(SUM_NOTE), wordWrap=True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, any theme
        italic = self.note.font()
        italic.setItalic(True)
        self.note.setFont(italic)
        self.note.hide()
        png, svg = QPushButton(tr("Export PNG…")), QPushButton(tr("Export SVG…"))
        png.clicked.connect(lambda: self._export(tr("PNG image") + " (*.png)", self.export_png))
        svg.clicked.connect(lambda: self._export(tr("SVG image") + " (*.svg)", self.export_svg))
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setToolTip(tr("Hover an edge for its weight"))
        # the drawing always fits the view: no scroll bars of its own inside the scrolling dock
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.heat = QTableWidget()
        # the graph gets the dock's whole height; the heat map is one tab away
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.view, tr("Cell"))
        self.tabs.addTab(self.heat, tr("All cells"))
        top = QHBoxLayout()  # the title has a line of its own: a narrow dock wraps nothing else
        top.addWidget(self.slider, 1)
        top.addWidget(self.cell)
        top.addWidget(png)
        top.addWidget(svg)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(top)
        lay.addWidget(self.note)
        lay.addWidget(self.tabs, 1)
        self._dy = DY  # the level spacing drawn now (level_spacing)
        self.labels: list[QGraphicsTextItem] = []  # texts kept legible when the view is small
        self.edges: list[tuple[str, str, float | None]] = []  # (output, input, weight) drawn now
        self.positions: dict[str, QPointF] = {}  # every feature of the drawn cell
        # each node's outline and label: the outline grows with the label (_size_nodes)
        self.nodes: list[tuple[QGraphicsEllipseItem, QGraphicsTextItem]] = []

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
        self.labels = []
        self.edges = []
        self.positions = {}
        self.nodes = []
        event = self.current()
        if event is None:
            return
        cells = sorted({n.cell for n in event.nodes})
        self.cell.setRange(cells[0], cells[-1])
        nodes = [n for n in event.nodes if n.cell == self.cell.value()]
        self.title.setText(
            tr("Fusion weights after epoch {epoch} ({shown}/{count}), method: {method}").format(
                epoch=event.epoch + 1,
                shown=self.slider.value() + 1,
                count=len(self.events),
                method=event.method,
            )
        )
        self.note.setVisible(event.method == "sum")
        self._draw_cell(nodes)
        self._fill_heat(event)

    def _draw_cell(self, nodes: list[FusionNode]) -> None:
        min_level, max_level = topology.level_range(
            {n.output for n in nodes} | {i for n in nodes for i in n.inputs}
        )
        dy = self._dy = level_spacing(
            max_level - min_level + 1, self.view.viewport().width(), self.view.viewport().height()
        )
        pos = self.positions = cell_layout(min_level, max_level, dy)
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
                    path.quadTo(QPointF(mid[0], a.y() - dy * 0.95), b)
                else:
                    path.lineTo(b)
                shown = 1.0 / len(spec.inputs) if w is None else w
                colour = QColor(130, 130, 130) if w is None else weight_colour(w)
                pen = QPen(colour, 1.5 + 10 * shown)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                item = self.scene.addPath(path, pen)
                item.setToolTip(
                    f"{src} → {spec.output}: "
                    + (tr("sum (unweighted)") if w is None else f"{w:.3f}")
                )
                item.setAcceptHoverEvents(True)
                self.edges.append((spec.output, src, w))
        font = QFont()
        font.setPointSize(LABEL_PT)
        palette = self.palette()  # read at each drawing: a theme switch redraws
        ink, paper = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        for name, p in pos.items():
            fill = QBrush(mix(paper, ink, 0.06))
            outline = self.scene.addEllipse(QRectF(-R, -R, 2 * R, 2 * R), QPen(ink, 1.5), fill)
            outline.setPos(p)
            outline.setZValue(1)
            text = self._label(name.replace("_", " "), font, ink, p, centre=True)
            text.setZValue(2)
            self.nodes.append((outline, text))
        self._size_nodes()
        # legend under the lowest level: colour and width per weight
        y = (max_level - min_level) * dy + dy * 0.8
        for k in range(11):
            w = k / 10
            self.scene.addLine(
                k * DX / 5, y, (k + 1) * DX / 5 - 4, y, QPen(weight_colour(w), 1.5 + 10 * w)
            )
        self._label(tr("normalized weight: 0 → 1"), font, ink, QPointF(0, y + 10))
        for col, label in enumerate((tr("inputs"), tr("top-down"), tr("bottom-up"))):
            self._label(label, font, ink, QPointF(col * DX, -dy * 0.9), centre=True)
        self._fit()

    def _label(
        self, text: str, font: QFont, colour: QColor, at: QPointF, centre: bool = False
    ) -> QGraphicsTextItem:
        """A text of the drawing, centred on ``at`` (else its top-left corner there); it scales
        around that point (``_fit``)."""
        item = self.scene.addText(text, font)
        item.setDefaultTextColor(colour)
        r = item.boundingRect()
        origin = r.center() if centre else QPointF(0, 0)
        item.setTransformOriginPoint(origin)
        item.setPos(at - origin)
        self.labels.append(item)
        return item

    def _fit(self) -> None:
        """Fit the drawing to the view, texts scaled up to at least MIN_LABEL_PT on screen."""
        if not self.edges:
            return
        levels = len({p.y() for p in self.positions.values()})
        vp = self.view.viewport()
        if abs(level_spacing(levels, vp.width(), vp.height()) - self._dy) > 0.05 * self._dy:
            self.redraw()  # another shape of view: lay the levels out again (it fits after)
            return
        for _ in range(3):  # bigger texts widen the drawing a little: settle in a few rounds
            self.view.fitInView(
                self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20),
                Qt.AspectRatioMode.KeepAspectRatio,
            )
            zoom = self.view.transform().m11()
            grow = max(1.0, MIN_LABEL_PT / (LABEL_PT * zoom)) if zoom > 0 else 1.0
            for item in self.labels:
                item.setScale(grow)
            self._size_nodes()

    def _size_nodes(self) -> None:
        """Each node a circle of radius R, or an ellipse around its label when the label (as
        scaled now) would not fit: a name never runs over its outline."""
        for outline, text in self.nodes:
            margin = text.document().documentMargin()
            r = text.boundingRect().adjusted(margin, margin, -margin, -margin)  # the ink
            # the smallest ellipse of this shape around a w x h box has radii w/√2, h/√2
            rx = max(R, r.width() * text.scale() / 2**0.5 + 3)
            ry = max(R, r.height() * text.scale() / 2**0.5 + 3)
            outline.setRect(QRectF(-rx, -ry, 2 * rx, 2 * ry))

    def node_rects(self) -> list[tuple[QRectF, QRectF]]:
        """(outline, label) scene rectangles of every node drawn (for checks and tests)."""
        return [(o.sceneBoundingRect(), t.sceneBoundingRect()) for o, t in self.nodes]

    def label_scale(self) -> float:
        """How much the texts are scaled up now (1: drawn at their own size)."""
        return self.labels[0].scale() if self.labels else 1.0

    def resizeEvent(self, event) -> None:  # noqa: N802 - the drawing follows the dock's size
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit)  # after the layout has resized the view

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:  # the theme changed: draw in its colours
            self.redraw()

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
        self.heat.setVerticalHeaderLabels([tr("cell {c}").format(c=c) for c in cells])
        by_key = {(n.cell, n.node): n for n in event.nodes}
        for r, cell in enumerate(cells):
            for c, (node_i, inp, label) in enumerate(slots):
                node = by_key.get((cell, node_i))
                w = node.weights[inp] if node and node.weights else None
                item = QTableWidgetItem("" if w is None else f"{w:.2f}")
                value = tr("sum") if w is None else f"{w:.4f}"
                item.setToolTip(
                    tr("cell {cell}, {slot}: {value}").format(cell=cell, slot=label, value=value)
                )
                if w is not None:
                    item.setBackground(weight_colour(w))
                    item.setForeground(readable_on(weight_colour(w)))
                self.heat.setItem(r, c, item)
        self.heat.resizeColumnsToContents()

    def _render(self, painter: QPainter) -> QRectF:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self.scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        return rect

    @contextlib.contextmanager
    def _natural_size(self):
        """Texts at their own size while exporting (the file is not the small dock)."""
        grown = self.label_scale()
        for item in self.labels:
            item.setScale(1.0)
        self._size_nodes()
        try:
            yield
        finally:
            for item in self.labels:
                item.setScale(grown)
            self._size_nodes()

    def export_png(self, path: str, scale: float = 2.0) -> None:
        with self._natural_size():
            self._export_png(path, scale)

    def _export_png(self, path: str, scale: float) -> None:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        image = QImage(
            int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32
        )
        image.fill(self.view.palette().color(QPalette.ColorRole.Base))  # as on screen
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        self._render(painter)
        painter.end()
        if not image.save(path):
            raise OSError(tr("could not write {path}").format(path=path))

    def export_svg(self, path: str) -> None:
        with self._natural_size():
            self._export_svg(path)

    def _export_svg(self, path: str) -> None:
        rect = self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        gen = QSvgGenerator()
        gen.setFileName(path)
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        gen.setTitle(tr("BiFPN fusion weights"))
        painter = QPainter(gen)
        self._render(painter)
        painter.end()

    def _export(self, filt: str, fn) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export"), start_dir(self.start_dir), filt)
        if path:
            fn(path)
