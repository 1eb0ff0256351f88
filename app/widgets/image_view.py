"""A view of one image that zooms and pans: the part of the canvas that knows nothing of boxes.

Scene coordinates are pixels of the EXIF-oriented image (the pixmap sits at (0, 0), unscaled).
Zoom is the view's scale: screen pixels per image pixel.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QImage,
    QMouseEvent,
    QPainter,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

MIN_ZOOM, MAX_ZOOM = 0.02, 64.0


class ImageView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # see zoom_at
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(QColor(48, 48, 48))
        self._pixmap = QGraphicsPixmapItem()
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._pixmap)
        self._message = self.scene().addSimpleText("")
        self._message.setBrush(QBrush(QColor("#ff8080")))
        self._message.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.image_size = (0.0, 0.0)  # oriented (width, height), pixels
        self._pan_last: QPointF | None = None  # viewport position during a pan drag

    def show_pixmap(
        self, image: QImage | QPixmap | None, size: tuple[float, float], error: str = ""
    ) -> None:
        """Show ``image`` (already oriented), or ``error`` over an empty image of ``size``."""
        if image is None or image.isNull():
            self._pixmap.setPixmap(QPixmap())
            self.image_size = size
            self._message.setText(error)
        else:
            self._pixmap.setPixmap(
                image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
            )
            self.image_size = (float(image.width()), float(image.height()))
            self._message.setText("")
        w, h = self.image_size
        # one image size of margin on every side, so any image point can be centred
        self.scene().setSceneRect(QRectF(0, 0, max(w, 1), max(h, 1)).adjusted(-w, -h, w, h))

    # -- zoom -------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, z: float) -> None:
        z = min(max(z, MIN_ZOOM), MAX_ZOOM)
        self.setTransform(QTransform.fromScale(z, z))
        # zoomed in, show the true pixels (the ones boxes snap to); zoomed out, smooth
        self._pixmap.setTransformationMode(
            Qt.TransformationMode.FastTransformation
            if z > 2
            else Qt.TransformationMode.SmoothTransformation
        )
        self.zoom_changed.emit(z)

    def zoom_by(self, factor: float) -> None:
        """Zoom around the cursor when it is over the image view, else around the centre."""
        pos = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(pos):
            pos = self.viewport().rect().center()
        self.zoom_at(factor, pos)

    def zoom_at(self, factor: float, pos: QPoint) -> None:
        """Zoom so that the image point under viewport position ``pos`` stays under it."""
        anchor = self.mapToScene(pos)
        self.set_zoom(self.zoom() * factor)
        self._scroll_by(self.mapFromScene(anchor) - pos)

    def fit(self) -> None:
        w, h = self.image_size
        if w > 0 and h > 0:
            vw, vh = self.viewport().width() - 4, self.viewport().height() - 4
            self.set_zoom(min(vw / w, vh / h))
            self.centerOn(w / 2, h / 2)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # 120 per notch -> x1.2
            self.zoom_at(1.0015 ** event.angleDelta().y(), event.position().toPoint())
        else:
            super().wheelEvent(event)

    # -- pan --------------------------------------------------------------------------
    def start_pan(self, event: QMouseEvent) -> None:
        self._pan_last = event.position()
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def pan_to(self, event: QMouseEvent) -> None:
        """Move the view with the mouse (a pan started by ``start_pan``)."""
        delta = event.position() - self._pan_last
        self._pan_last = event.position()
        self._scroll_by(-delta)

    def end_pan(self, cursor: Qt.CursorShape) -> None:
        self._pan_last = None
        self.viewport().setCursor(cursor)

    def _scroll_by(self, delta: QPoint | QPointF) -> None:
        """Scroll the view by ``delta`` viewport pixels."""
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + int(round(delta.x())))
        v.setValue(v.value() + int(round(delta.y())))
