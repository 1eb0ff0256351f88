"""The inspection views as a new user finds them: training curves that survive a Resume, a
learning-rate axis whose label clears its ticks, a shortcuts dialog that cuts nothing, the
broken-image message inside the canvas, and a fusion graph legible in a small dock."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QAction, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QTableWidgetItem

from app.runs import RunState
from app.widgets import fusion_view
from app.widgets.fusion_view import FusionView
from app.widgets.image_view import ImageView
from app.widgets.plots import TrainingPlots, short_number
from app.widgets.shortcuts import DEFAULTS, ShortcutDialog
from app.widgets.training_panel import TrainingPanel
from core import events as ev

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
from fake_worker import fusion_event  # noqa: E402

FAKE = str(TESTS / "fake_worker.py")


def progress(epoch: int, step: int, steps: int = 10, lr: float = 0.01) -> ev.Progress:
    losses = {"loss": 1.0 / (1 + epoch + step / steps), "class_loss": 0.5, "box_loss": 0.05}
    return ev.Progress(epoch, 3, step, steps, losses, lr, 8.0, 60.0)


def test_resume_draws_the_curves_on_from_the_points_before_stop(qtbot, tmp_path):
    panel = TrainingPanel(command=lambda args: [sys.executable, FAKE, *args, "--delay", "0.02"])
    qtbot.addWidget(panel)
    panel.project_dir = str(tmp_path)
    panel.epochs.setValue(3)
    panel.start()
    qtbot.waitUntil(lambda: len(panel.state.evals) >= 1, timeout=10000)
    with qtbot.waitSignal(panel.run_ended, timeout=10000):
        panel.stop()
    panel.plots.redraw()
    before = panel.plots.curve_data("loss")
    assert before[0]
    assert panel.resume()
    panel.plots.redraw()
    assert panel.plots.curve_data("loss") == before  # drawn at once, before any new event
    n = len(before[0])
    qtbot.waitUntil(lambda: len(panel.state.series["loss"][0]) > n + 2, timeout=10000)
    panel.plots.redraw()
    xs, ys = panel.plots.curve_data("loss")
    assert (xs[:n], ys[:n]) == before and xs[n] > xs[n - 1]  # continued, not restarted
    with qtbot.waitSignal(panel.run_ended, timeout=20000):
        pass
    xs = panel.plots.curve_data("loss")[0]
    assert all(b > a for a, b in itertools.pairwise(xs))
    assert panel.plots.curve_data("AP")[0] == [1.0, 2.0, 3.0]


def test_steps_repeated_after_a_resume_replace_the_drawn_ones(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    state = RunState()
    for step in range(1, 11):
        state.add(progress(0, step))
    for step in range(1, 6):
        state.add(progress(1, step))
    plots.update_state(state)
    plots.redraw()
    # the checkpoint was at the end of epoch 0: epoch 1 runs again from its first step
    for step in range(1, 4):
        state.add(progress(1, step, lr=0.005))
    plots.update_state(state)
    plots.redraw()
    xs, ys = plots.curve_data("lr")
    assert xs == state.series["lr"][0] and len(xs) == 13
    assert all(b > a for a, b in itertools.pairwise(xs))
    assert ys[-3:] == [0.005] * 3
    assert state.rewinds == 4  # loss, class_loss, box_loss and lr went back once each


def drawn_tick_texts(axis) -> list[tuple[str, QRectF]]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    specs = axis.generateDrawSpecs(painter)
    painter.end()
    return [(text, rect) for rect, _flags, text in specs[2]]


@pytest.mark.parametrize("peak", [0.0015, 0.0125, 0.2])
def test_the_learning_rate_label_clears_its_tick_labels(qtbot, peak):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.resize(500, 900)
    plots.show()
    qtbot.waitExposed(plots)
    state = RunState()
    for i in range(1, 100):
        state.add(progress(i // 33, i % 33 + 1, steps=33, lr=peak * (1 - i / 100) + peak / 100))
    plots.update_state(state)
    plots.redraw()
    qtbot.wait(50)
    axis = plots.plots["lr"].getAxis("left")
    label = axis.label.mapRectToParent(axis.label.boundingRect())
    texts = drawn_tick_texts(axis)
    assert len(texts) >= 2
    for text, rect in texts:
        assert rect.left() >= label.right(), f"tick {text!r} runs into the axis label"


def test_short_numbers():
    assert [short_number(v) for v in (0, 0.005, 0.0125, 0.1, 2.0)] == [
        "0",
        "5e-3",
        "1.25e-2",
        "1e-1",
        "2e0",
    ]


def wrapped_height(table, text: str) -> int:
    """Height of ``text`` wrapped at words in the description column (its cell padding off)."""
    width = table.columnWidth(0) - 6  # the item delegate's text margins, 3 px a side
    flags = Qt.TextFlag.TextWordWrap
    return table.fontMetrics().boundingRect(QRect(0, 0, width, 10000), flags, text).height()


def test_the_shortcuts_dialog_cuts_no_text_and_fits_a_small_screen(qtbot):
    actions = {name: QAction(name) for name in DEFAULTS}
    for name, action in actions.items():
        action.setShortcuts(list(DEFAULTS[name][1]))
    dialog = ShortcutDialog(actions)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1366 and dialog.height() <= 768
    table = dialog.table
    assert table.horizontalScrollBar().maximum() == 0  # nothing off to the side
    fm = table.fontMetrics()
    keys_width = table.columnWidth(1)
    for row in range(table.rowCount()):
        keys: QTableWidgetItem | None = table.item(row, 1)
        if keys is not None:  # a fixed gesture: its keys on one line, never cut
            assert fm.horizontalAdvance(keys.text()) < keys_width, keys.text()
        what = table.item(row, 0).text()
        assert table.rowHeight(row) >= wrapped_height(table, what), what  # wrapped, all shown


def test_a_narrow_shortcuts_dialog_wraps_the_descriptions(qtbot):
    actions = {name: QAction(name) for name in DEFAULTS}
    dialog = ShortcutDialog(actions)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(480, 600)
    qtbot.wait(50)
    table, fm = dialog.table, dialog.table.fontMetrics()
    assert table.horizontalScrollBar().maximum() == 0
    tall = 0
    for row in range(table.rowCount()):
        what = table.item(row, 0).text()
        assert table.rowHeight(row) >= wrapped_height(table, what), what
        tall += wrapped_height(table, what) > fm.lineSpacing() + 1
    assert tall  # some descriptions did need two lines


def test_the_broken_image_message_is_centred_and_wrapped_in_the_view(qtbot):
    view = ImageView()
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    qtbot.waitExposed(view)
    error = (
        "Cannot show /a/very/long/folder/name/that/goes/on/and/on/photo_0001.jpg: the file "
        "is not a JPEG image or it is damaged (truncated after 1024 bytes)."
    )
    view.show_pixmap(None, (4000.0, 3000.0), error)
    label = view._message
    assert view.message() == error and label.isVisible()
    vp = view.viewport().geometry()  # the label is the view's child, over its viewport
    box = label.geometry()
    assert vp.contains(box)
    assert abs(box.center().x() - vp.center().x()) <= 1
    assert abs(box.center().y() - vp.center().y()) <= 1
    assert label.heightForWidth(box.width()) <= box.height()  # all of it fits, wrapped
    assert label.fontMetrics().horizontalAdvance(error) > box.width()  # so it had to wrap
    view.show_pixmap(QImage(8, 8, QImage.Format.Format_RGB32), (8.0, 8.0))
    assert view.message() == "" and not label.isVisible()


def glyph_rect(view: FusionView, item):
    """Where a text's glyphs are on screen (its document margin left out)."""
    m = item.document().documentMargin()
    local = item.boundingRect().adjusted(m, m, -m, -m)
    return view.view.mapFromScene(item.mapToScene(local)).boundingRect()


def test_the_docked_fusion_graph_is_legible_at_400_by_300(qtbot):
    view = FusionView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_events([fusion_event(e, "fast") for e in range(3)])
    qtbot.wait(50)
    view._fit()
    zoom = view.view.transform().m11()
    font = QFont()
    font.setPointSize(fusion_view.LABEL_PT)
    least = QFont()
    least.setPointSize(fusion_view.MIN_LABEL_PT)
    on_screen = QFontMetricsF(font).height() * view.label_scale() * zoom
    assert on_screen >= QFontMetricsF(least).height() - 0.5
    rects = [glyph_rect(view, item) for item in view.labels]
    viewport = view.view.viewport().rect()
    assert len(rects) == 17  # 13 nodes, 3 column titles, the legend
    for r in rects:
        assert viewport.contains(r)
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b), (a, b)
    assert zoom > 0.4  # the drawing takes the dock's shape, not a stamp in its middle
