"""A view of one image that zooms and pans: the part of the canvas that knows nothing of boxes.

Scene coordinates are pixels of the EXIF-oriented image (the pixmap sits at (0, 0), unscaled).
Zoom is the view's scale: screen pixels per image pixel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QLabel

from app.theme import PALETTE_EVENTS, is_dark

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
        self._pixmap = QGraphicsPixmapItem()
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._pixmap)
        # why an image cannot be shown: centred over the viewport, wrapped to its width (a child
        # of the view, not of the viewport, whose scrolling would carry it off)
        self._message = QLabel(self, wordWrap=True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._message.hide()
        self._follow_palette()
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
            self._message.setVisible(bool(error))
            self._place_message()
        else:
            self._pixmap.setPixmap(
                image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
            )
            self.image_size = (float(image.width()), float(image.height()))
            self._message.setText("")
            self._message.hide()
        w, h = self.image_size
        # one image size of margin on every side, so any image point can be centred
        self.scene().setSceneRect(QRectF(0, 0, max(w, 1), max(h, 1)).adjusted(-w, -h, w, h))

    # -- colours (the theme's palette, read again when it changes) ---------------------
    def backdrop(self) -> QColor:
        """The colour around and behind the image: a shade of the window's."""
        return self.palette().color(QPalette.ColorRole.Window).darker(115)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        painter.fillRect(rect, self.backdrop())

    def _follow_palette(self) -> None:
        """Restyle what the palette does not paint by itself (scene items)."""
        colour = "#ff8080" if is_dark(self.palette()) else "#b00020"
        self._message.setStyleSheet(f"color: {colour}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:
            self._follow_palette()
            self.viewport().update()

    def message(self) -> str:
        """The text shown instead of the image ("" when the image shows)."""
        return self._message.text()

    def _place_message(self) -> None:
        margin = 16
        area = self.viewport().geometry()
        self._message.setGeometry(area.adjusted(margin, margin, -margin, -margin))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_message()

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
