"""The labelling canvas: one image and its boxes in a QGraphicsView.

Scene coordinates are pixels of the EXIF-oriented image (the pixmap sits at (0, 0), unscaled),
so a scene point is an image point. Mouse gestures never edit the document directly: they push
undo commands on release; during a drag only the items move. Geometry rules live in
``app.document.geometry``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import QLabel

from app.document import geometry as geo
from app.document.commands import AddBox, AddClass, RemoveBoxes, SetBoxClass, SetBoxGeometry
from app.document.project import BoxRecord, Document
from app.i18n import tr
from app.theme import PALETTE_EVENTS
from app.widgets.box_item import BoxItem, rubber_band
from app.widgets.image_view import ImageView

HIT_PX = 6.0  # handle grab distance in screen pixels
HINT = QT_TRANSLATE_NOOP("", "Drag to draw a box \u00b7 W draw mode \u00b7 ? shortcuts")


class Canvas(ImageView):
    """The image (zoom and pan are ImageView's) with its boxes, which it draws and edits."""

    selection_changed = Signal(list)  # selected box ids
    image_step_requested = Signal(int)  # -1 previous, +1 next (arrow keys, nothing selected)
    draw_mode_changed = Signal(bool)

    def __init__(self, document: Document, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.document, self.undo_stack = document, undo_stack
        self.image_id: int | None = None
        self.items: dict[int, BoxItem] = {}
        self._overlay: list[BoxItem] = []
        self._selected: list[int] = []
        self.draw_mode = False
        self.next_class_id: int | None = None  # class for the next drawn box
        self.clipboard: list[dict] = []
        self._drag: dict | None = None  # the gesture in progress
        self._space = False
        self._cursor_scene: QPointF | None = None
        self.fitted = True  # the zoom is the fitted one: a resize (say a mode switch) fits again
        self.setMinimumSize(320, 240)
        self._hint = QLabel(tr(HINT), self.viewport())
        self._style_hint()
        self._hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._hint.hide()
        document.on_change.append(self._document_changed)

    # -- image and items ----------------------------------------------------------
    def set_image(
        self, image_id: int | None, image: QImage | QPixmap | None, error: str = ""
    ) -> None:
        """Show ``image`` (already oriented) and the boxes of ``image_id``; None shows ``error``."""
        self._drag = None
        self.image_id = image_id
        rec = self.document.image(image_id) if image_id is not None else None
        self.show_pixmap(image, (float(rec.width), float(rec.height)) if rec else (0.0, 0.0), error)
        self._rebuild()
        self.fit()

    def _rebuild(self) -> None:
        for item in self.items.values():
            self.scene().removeItem(item)
        self.items = {}
        if self.image_id is not None:
            for rec in self.document.boxes(self.image_id):
                self._add_item(rec)
        self._set_selection([b for b in self._selected if b in self.items])
        self._update_hint()

    def _add_item(self, rec: BoxRecord) -> None:
        cat = self.document.category(rec.category_id)
        item = BoxItem(QRectF(*rec.bbox), cat.color, cat.name)
        item.setZValue(1)
        self.scene().addItem(item)
        self.items[rec.id] = item

    def _document_changed(self, kind: str, payload) -> None:
        if kind == "reset":
            self._selected = []
            self.set_image(None, None)
            self.clear_overlay()
        elif kind.startswith("class"):
            for box_id, item in self.items.items():
                cat = self.document.category(self.document.box(box_id).category_id)
                item.set_style(cat.color, cat.name)
            if kind == "class_removed" and self.next_class_id == payload.id:
                self.next_class_id = None
        elif kind == "box_added" and payload.image_id == self.image_id:
            self._add_item(payload)
            self._update_hint()
        elif kind == "box_removed" and payload.id in self.items:
            self.scene().removeItem(self.items.pop(payload.id))
            self._update_hint()
            if payload.id in self._selected:
                self._set_selection([b for b in self._selected if b != payload.id])
        elif kind == "box_changed" and payload.id in self.items:
            cat = self.document.category(payload.category_id)
            self.items[payload.id].set_box(payload.bbox)
            self.items[payload.id].set_style(cat.color, cat.name)

    # -- overlay (training GUI: predictions) ------------------------------------
    def set_overlay(self, items: list[dict]) -> None:
        """Non-editable boxes above the labels: {"box": [x,y,w,h], "color", "label", "dashed"}."""
        self.clear_overlay()
        for n, spec in enumerate(items):
            try:
                x, y, w, h = (float(v) for v in spec["box"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"overlay item {n}: 'box' must be [x, y, w, h]") from None
            item = BoxItem(
                QRectF(x, y, w, h),
                spec.get("color", "#ffff00"),
                str(spec.get("label", "")),
                bool(spec.get("dashed", False)),
            )
            item.setBrush(Qt.BrushStyle.NoBrush)
            item.setZValue(10)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.scene().addItem(item)
            self._overlay.append(item)

    def clear_overlay(self) -> None:
        for item in self._overlay:
            self.scene().removeItem(item)
        self._overlay = []

    # -- selection ----------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return list(self._selected)

    def select(self, box_ids: list[int]) -> None:
        self._set_selection([b for b in box_ids if b in self.items])

    def _set_selection(self, ids: list[int]) -> None:
        for box_id, item in self.items.items():
            item.selected = box_id in ids
            item.setZValue(2 if item.selected else 1)
            item.update()
        if ids != self._selected:
            self._selected = list(ids)
            self.selection_changed.emit(list(ids))

    # -- editing commands -----------------------------------------------------------
    def set_draw_mode(self, on: bool) -> None:
        if on != self.draw_mode:
            self.draw_mode = on
            self.viewport().setCursor(self._mode_cursor())
            self.draw_mode_changed.emit(on)
            self.viewport().update()

    def _mode_cursor(self) -> Qt.CursorShape:
        return Qt.CursorShape.CrossCursor if self.draw_mode else Qt.CursorShape.ArrowCursor

    def apply_class(self, category_id: int) -> None:
        """Keys 1-9: set the class of the selection, or of the next box when none is selected."""
        if self._selected:
            self.undo_stack.push(SetBoxClass(self.document, self._selected, category_id))
        else:
            self.next_class_id = category_id

    def delete_selected(self) -> None:
        if self._selected:
            self.undo_stack.push(RemoveBoxes(self.document, self._selected))

    def copy_selected(self) -> None:
        self.clipboard = [
            {"bbox": self.document.box(b).bbox, "category_id": self.document.box(b).category_id}
            for b in self._selected
        ]

    def nudge_selected(self, dx: int, dy: int, big: bool) -> None:
        w, h = self.image_size
        changes = {
            b: geo.nudge(self.document.box(b).bbox, dx, dy, big, w, h) for b in self._selected
        }
        self.undo_stack.push(SetBoxGeometry(self.document, changes, tr("Nudge box"), merge=True))

    def _class_for_new_box(self) -> int:
        if self.next_class_id is not None:
            return self.next_class_id
        cats = self.document.categories
        if cats:
            return cats[0].id
        self.undo_stack.push(AddClass(self.document, "object"))
        return self.document.categories[0].id

    def add_box(self, bbox: geo.Box) -> int | None:
        """Add a drawn box (kept inside the image; too-small boxes are dropped)."""
        w, h = self.image_size
        bbox = geo.clip_box(bbox, w, h)
        if self.image_id is None or geo.is_too_small(bbox):
            return None
        self.undo_stack.beginMacro(tr("Draw box"))
        cmd = AddBox(self.document, self.image_id, bbox, self._class_for_new_box())
        self.undo_stack.push(cmd)
        self.undo_stack.endMacro()
        self._set_selection([cmd.box_id])
        return cmd.box_id

    # -- events -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus()
        button, mods = event.button(), event.modifiers()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space
        ):
            self._drag = {"kind": "pan"}
            self.start_pan(event)
            return
        if button != Qt.MouseButton.LeftButton or self.image_id is None:
            return super().mousePressEvent(event)
        p = self.mapToScene(event.position().toPoint())
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        box_id, part = (
            (None, None)
            if self.draw_mode or self.image_id is None
            else geo.pick(
                {b.id: b.bbox for b in self.document.boxes(self.image_id)},
                self._selected,
                p.x(),
                p.y(),
                HIT_PX / max(self.zoom(), 1e-6),
            )
        )
        if ctrl and box_id is not None and part == geo.INSIDE:  # Ctrl+click toggles selection
            sel = [b for b in self._selected if b != box_id]
            self._set_selection(sel if box_id in self._selected else sel + [box_id])
            return
        if self.draw_mode or box_id is None:  # a drag on empty space draws
            if not ctrl:
                self._set_selection([])
            w, h = self.image_size
            start = geo.clamp_point(p.x(), p.y(), w, h)
            rubber = rubber_band(*start)
            self.scene().addItem(rubber)
            self._drag = {"kind": "draw", "start": start, "item": rubber}
        else:
            if box_id not in self._selected:
                self._set_selection([box_id])
            kind = "move" if part == geo.INSIDE else "resize"
            self._drag = {
                "kind": kind,
                "part": part,
                "box": box_id,
                "start": (p.x(), p.y()),
                "orig": {b: self.document.box(b).bbox for b in self._selected},
            }

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        p = self.mapToScene(event.position().toPoint())
        self._cursor_scene = p
        d = self._drag
        w, h = self.image_size
        if d is None:
            if self.draw_mode:
                self.viewport().update()
            return super().mouseMoveEvent(event)
        if d["kind"] == "pan":
            self.pan_to(event)
        elif d["kind"] == "draw":
            d["item"].setRect(QRectF(*geo.box_from_corners(d["start"], (p.x(), p.y()), w, h)))
            self.viewport().update()
        elif d["kind"] == "move":
            dx, dy = p.x() - d["start"][0], p.y() - d["start"][1]
            d["new"] = {b: geo.translate_inside(bb, dx, dy, w, h) for b, bb in d["orig"].items()}
            for b, bb in d["new"].items():
                self.items[b].set_box(bb)
        elif d["kind"] == "resize":
            bb = geo.resize(d["orig"][d["box"]], d["part"], p.x(), p.y(), w, h)
            d["new"] = {d["box"]: bb}
            self.items[d["box"]].set_box(bb)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        d, self._drag = self._drag, None
        if d is None:
            return super().mouseReleaseEvent(event)
        if d["kind"] == "pan":
            self.end_pan(self._mode_cursor())
        elif d["kind"] == "draw":
            self.scene().removeItem(d["item"])
            r = d["item"].rect()
            self.add_box((r.x(), r.y(), r.width(), r.height()))
        elif "new" in d:
            new = {b: bb for b, bb in d["new"].items() if bb != d["orig"][b]}
            if d["kind"] == "resize" and any(geo.is_too_small(bb) for bb in new.values()):
                new = {}  # a box resized below the minimum snaps back
            if new:
                text = tr("Move box") if d["kind"] == "move" else tr("Resize box")
                self.undo_stack.push(SetBoxGeometry(self.document, new, text))
            for b, _bb in d["orig"].items():  # items follow the document (or snap back)
                if b in self.items:
                    self.items[b].set_box(self.document.box(b).bbox)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in arrows and self._selected:
            self.nudge_selected(*arrows[key], bool(mods & Qt.KeyboardModifier.ShiftModifier))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.image_step_requested.emit(1 if key == Qt.Key.Key_Right else -1)
        elif key == Qt.Key.Key_Escape:
            if self._drag and self._drag["kind"] == "draw":
                self.scene().removeItem(self._drag["item"])
                self._drag = None
            elif self.draw_mode:
                self.set_draw_mode(False)
            else:
                self._set_selection([])
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(self._mode_cursor())
        else:
            super().keyReleaseEvent(event)

    def hint_visible(self) -> bool:
        return self._hint.isVisibleTo(self)

    def _update_hint(self) -> None:
        """The drawing hint shows over an image without boxes."""
        shown = self.image_id is not None and not self._pixmap.pixmap().isNull()
        self._hint.setVisible(shown and not self.items)
        self._place_hint()

    def _place_hint(self) -> None:
        self._hint.adjustSize()
        vp = self.viewport().rect()
        self._hint.move(vp.center().x() - self._hint.width() // 2, vp.bottom() - 40)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fitted:
            self.fit()
        self._place_hint()

    # -- zoom: fitted until the user zooms by hand ----------------------------------------
    def fit(self) -> None:
        super().fit()
        self.fitted = True

    def zoom_at(self, factor: float, pos) -> None:
        super().zoom_at(factor, pos)
        self.fitted = False

    def actual_size(self) -> None:
        super().actual_size()
        self.fitted = False

    def _style_hint(self) -> None:
        """The hint in the palette's window colours, slightly see-through over the image."""
        palette = self.palette()
        back = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        self._hint.setStyleSheet(
            f"background: rgba({back.red()}, {back.green()}, {back.blue()}, 215); "
            f"color: {text.name()}; padding: 4px 10px; border-radius: 4px"
        )

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:
            self._style_hint()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Crosshair through the cursor while in draw mode."""
        p = self._cursor_scene
        w, h = self.image_size
        if self.draw_mode and p is not None and 0 <= p.x() <= w and 0 <= p.y() <= h:
            colour = QColor(self.palette().color(QPalette.ColorRole.Text))
            colour.setAlpha(160)
            pen = QPen(colour, 0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(0, p.y()), QPointF(w, p.y()))
            painter.drawLine(QPointF(p.x(), 0), QPointF(p.x(), h))
