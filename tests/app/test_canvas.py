"""The canvas with the mouse and keys (offscreen): draw, select, move, resize, nudge, overlay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QUndoStack

from app.document.project import Document
from app.widgets.canvas import Canvas


@pytest.fixture
def canvas(qtbot):
    doc = Document()
    doc.add_image("a.png", 200, 100)
    doc.add_class("cat")
    doc.add_class("dog")
    stack = QUndoStack()
    c = Canvas(doc, stack)
    c.stack_ref = stack  # keep the stack alive as long as the canvas
    qtbot.addWidget(c)
    c.resize(400, 240)
    c.show()
    qtbot.waitExposed(c)
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGray)
    c.set_image(1, image)
    c.set_zoom(1.0)
    c.centerOn(100, 50)
    return c


def _pt(c: Canvas, x: float, y: float) -> QPoint:
    return c.mapFromScene(QPointF(x, y))


def _drag(qtbot, c: Canvas, a, b, mods=Qt.KeyboardModifier.NoModifier) -> None:
    vp = c.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, mods, _pt(c, *a))
    qtbot.mouseMove(vp, _pt(c, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    qtbot.mouseMove(vp, _pt(c, *b))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, _pt(c, *b))


def test_draw_mode_drag_adds_a_box_clamped_to_the_image(qtbot, canvas):
    canvas.set_draw_mode(True)
    _drag(qtbot, canvas, (20, 10), (250, 60))  # past the right edge
    (box,) = canvas.document.boxes(1)
    assert box.bbox == pytest.approx((20, 10, 180, 50), abs=1)
    assert canvas.selected_ids() == [box.id]


def test_ctrl_drag_on_empty_space_draws(qtbot, canvas):
    _drag(qtbot, canvas, (10, 10), (60, 50), Qt.KeyboardModifier.ControlModifier)
    assert canvas.document.box_count(1) == 1


def test_boxes_under_four_pixels_are_discarded(qtbot, canvas):
    canvas.set_draw_mode(True)
    _drag(qtbot, canvas, (10, 10), (12, 60))
    assert canvas.document.box_count(1) == 0
    assert not canvas.undo_stack.canUndo()


def test_drag_inside_moves_and_handle_resizes(qtbot, canvas):
    box = canvas.document.add_box(1, (20, 20, 40, 30), 1)
    _drag(qtbot, canvas, (40, 35), (60, 45))
    assert canvas.document.box(box.id).bbox == pytest.approx((40, 30, 40, 30), abs=1)
    _drag(qtbot, canvas, (80, 60), (100, 90))  # bottom-right corner
    assert canvas.document.box(box.id).bbox == pytest.approx((40, 30, 60, 60), abs=1)
    canvas.undo_stack.undo()
    canvas.undo_stack.undo()
    assert canvas.document.box(box.id).bbox == (20, 20, 40, 30)
    assert canvas.items[box.id].box() == (20, 20, 40, 30)  # the item follows the document


def test_arrow_keys_nudge_the_selection(qtbot, canvas):
    box = canvas.document.add_box(1, (20, 20, 40, 30), 1)
    canvas.select([box.id])
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.document.box(box.id).bbox == (21, 30, 40, 30)


def test_arrow_keys_without_selection_ask_for_another_image(qtbot, canvas):
    with qtbot.waitSignal(canvas.image_step_requested) as blocker:
        qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert blocker.args == [-1]


def test_class_key_sets_selection_or_next_box(qtbot, canvas):
    box = canvas.document.add_box(1, (20, 20, 40, 30), 1)
    canvas.select([box.id])
    canvas.apply_class(2)
    assert canvas.document.box(box.id).category_id == 2
    canvas.select([])
    canvas.apply_class(2)
    canvas.set_draw_mode(True)
    _drag(qtbot, canvas, (100, 10), (150, 60))
    new = canvas.selected_ids()[0]
    assert canvas.document.box(new).category_id == 2


def test_delete_and_copy_paste(qtbot, canvas):
    box = canvas.document.add_box(1, (20, 20, 40, 30), 1)
    canvas.select([box.id])
    canvas.copy_selected()
    canvas.delete_selected()
    assert canvas.document.box_count(1) == 0 and box.id not in canvas.items
    assert canvas.clipboard == [{"bbox": (20, 20, 40, 30), "category_id": 1}]


def test_overlay_is_drawn_and_never_edited(qtbot, canvas):
    canvas.set_overlay(
        [{"box": [10, 10, 50, 50], "color": "#00ff00", "label": "cat 0.9", "dashed": True}]
    )
    assert len(canvas._overlay) == 1
    _drag(qtbot, canvas, (30, 30), (60, 60))  # on the overlay: it stays, a label is drawn
    assert canvas._overlay[0].rect() == QRectF(10, 10, 50, 50)
    (box,) = canvas.document.boxes(1)
    assert box.bbox == pytest.approx((30, 30, 30, 30), abs=1)
    canvas.clear_overlay()
    assert canvas._overlay == []
    with pytest.raises(ValueError, match="overlay item 0"):
        canvas.set_overlay([{"box": [1, 2]}])


def test_zoom_keeps_limits_and_fit(qtbot, canvas):
    canvas.set_zoom(1000)
    assert canvas.zoom() == 64
    canvas.fit()
    assert canvas.zoom() == pytest.approx(min(396 / 200, 236 / 100), rel=0.05)


def test_ctrl_wheel_zooms_around_the_cursor(qtbot, canvas):
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = _pt(canvas, 150, 70)
    before = canvas.mapToScene(pos)
    event = QWheelEvent(
        QPointF(pos),
        QPointF(canvas.viewport().mapToGlobal(pos)),
        P(0, 0),
        P(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), event)
    assert canvas.zoom() == pytest.approx(1.0015**120, rel=1e-3)
    after = canvas.mapToScene(pos)
    assert (after.x(), after.y()) == pytest.approx((before.x(), before.y()), abs=1.5)


def test_middle_drag_pans(qtbot, canvas):
    canvas.set_zoom(4.0)
    canvas.centerOn(100, 50)
    vp = canvas.viewport()
    start = canvas.mapToScene(vp.rect().center())
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=vp.rect().center())
    qtbot.mouseMove(vp, vp.rect().center() + QPoint(40, 0))
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=vp.rect().center() + QPoint(40, 0))
    moved = canvas.mapToScene(vp.rect().center())
    assert moved.x() == pytest.approx(start.x() - 10, abs=1)  # 40 screen px at 4x = 10 image px
    assert canvas.document.box_count(1) == 0


def test_plain_drag_on_empty_space_draws_one_box(qtbot, canvas):
    assert canvas.hint_visible()
    _drag(qtbot, canvas, (20, 15), (120, 75))
    (box,) = canvas.document.boxes(1)
    assert box.bbox == pytest.approx((20, 15, 100, 60), abs=1)
    assert canvas.selected_ids() == [box.id] and not canvas.draw_mode
    assert not canvas.hint_visible()


def test_plain_drag_inside_a_box_moves_it(qtbot, canvas):
    box_id = canvas.add_box((20, 20, 60, 40))
    canvas.select([])
    _drag(qtbot, canvas, (50, 40), (80, 50))
    (box,) = canvas.document.boxes(1)
    assert box.id == box_id
    assert box.bbox == pytest.approx((50, 30, 60, 40), abs=1)


def test_plain_click_on_empty_space_clears_the_selection(qtbot, canvas):
    canvas.add_box((20, 20, 60, 40))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_pt(canvas, 150, 80))
    assert canvas.selected_ids() == [] and canvas.document.box_count(1) == 1


def test_middle_drag_pans_and_draws_nothing(qtbot, canvas):
    canvas.set_zoom(4.0)
    vp, before = canvas.viewport(), canvas.mapToScene(canvas.viewport().rect().center())
    a, b = vp.rect().center(), vp.rect().center() + QPoint(40, 20)
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=a)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=b)
    after = canvas.mapToScene(vp.rect().center())
    assert (before.x() - after.x(), before.y() - after.y()) == pytest.approx((10, 5), abs=1)
    assert canvas.document.box_count(1) == 0
