"""A labelled box on the canvas: class colour, a translucent fill, a name tag, and handles."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from app.document import geometry as geo


class _Label(QGraphicsSimpleTextItem):
    """Class name on a coloured tag; ignores zoom so it stays readable."""

    def __init__(self, text: str, color: QColor, parent: QGraphicsItem) -> None:
        super().__init__(text, parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.set_color(color)

    def set_color(self, color: QColor) -> None:
        self.color = color
        luma = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
        light = luma > 0.6  # dark text on light tags (yellow, cyan)
        self.setBrush(QBrush(Qt.GlobalColor.black if light else Qt.GlobalColor.white))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.fillRect(self.boundingRect().adjusted(-2, 0, 2, 0), self.color)
        super().paint(painter, option, widget)


class BoxItem(QGraphicsRectItem):
    """One box drawn with its class colour; handles appear when selected."""

    def __init__(self, rect: QRectF, color: str, label: str, dashed: bool = False) -> None:
        super().__init__(rect)
        self.selected = False
        self.label = _Label(label, QColor(color), self)
        self.set_style(color, label, dashed)

    def set_style(self, color: str, label: str, dashed: bool = False) -> None:
        c = QColor(color)
        pen = QPen(c, 2)
        pen.setCosmetic(True)  # width in screen pixels at any zoom
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor(c)
        fill.setAlpha(40)
        self.setBrush(QBrush(fill))
        self.label.setText(label)
        self.label.set_color(c)
        self.label.setPos(self.rect().topLeft())

    def set_box(self, bbox: geo.Box) -> None:
        self.setRect(QRectF(*bbox))
        self.label.setPos(self.rect().topLeft())

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        if not self.selected:
            return
        scale = painter.worldTransform().m11() or 1.0
        half = 4.0 / scale
        palette = widget.palette() if widget is not None else QPalette()  # the theme's
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 0))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        for x, y in geo.handle_points(self.box()).values():
            painter.drawRect(QRectF(x - half, y - half, 2 * half, 2 * half))

    def box(self) -> geo.Box:
        r = self.rect()
        return (r.x(), r.y(), r.width(), r.height())


def rubber_band(x: float, y: float) -> QGraphicsRectItem:
    """The dashed outline of a box being drawn, starting at image point (x, y)."""
    item = QGraphicsRectItem(QRectF(x, y, 0, 0))
    pen = QPen(QColor("#ffff00"), 1, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)  # 1 screen pixel at any zoom
    item.setPen(pen)
    item.setZValue(20)
    return item
