"""What fits at 1366x768: plots that keep their height and sparse ticks in a short dock, a log of
three lines, a review dock that fits a narrow column, the runs columns that matter in view,
the canvas fitted again after a mode switch, and node names inside their outlines (pytest-qt,
offscreen)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsTextItem

from app.document.project import Document
from app.layout import DockScroll
from app.widgets import plots as plots_module
from app.widgets.fusion_view import FusionView
from app.widgets.plots import TrainingPlots
from app.widgets.review import ReviewPanel
from app.widgets.runs_dock import RunsDock
from app.widgets.training_panel import TrainingPanel
from tests.app.test_layout import make_folder, open_window
from tests.app.test_review import FakeCanvas
from tests.app.test_runs import write_run

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_worker import fusion_event  # noqa: E402


def in_dock(qtbot, content, width: int, height: int) -> DockScroll:
    scroll = DockScroll(content)
    qtbot.addWidget(scroll)
    scroll.resize(width, height)
    scroll.show()
    qtbot.waitExposed(scroll)
    scroll.widget().layout().activate()
    qtbot.wait(20)
    return scroll


# -- 1. training plots and the log ------------------------------------------------------
@pytest.mark.parametrize(("width", "columns"), [(700, 2), (400, 1)])
def test_plots_keep_their_height_in_a_short_dock_and_go_2x2_when_wide(qtbot, width, columns):
    plots = TrainingPlots()
    scroll = in_dock(qtbot, plots, width, 300)
    line = plots.fontMetrics().lineSpacing()
    for widget in plots.widgets:
        assert widget.height() >= 7 * line
        title = widget.getPlotItem().getAxis("left").labelText
        assert widget.height() >= plots_module.plot_min_height(title, line)
    assert plots.columns == columns
    # one above the other the four do not fit 300 px: the dock scrolls instead of squashing
    assert (scroll.verticalScrollBar().maximum() > 0) == (columns == 1)
    xs = {w.x() for w in plots.widgets}
    assert len(xs) == columns


def test_y_ticks_of_a_short_plot_are_a_text_line_apart(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    line = plots.fontMetrics().lineSpacing()
    for panel in ("loss", "lr"):
        axis = plots.plots[panel].getAxis("left")
        for size in (40.0, 80.0, 200.0):
            levels = axis.tickSpacing(0.0, 1.0, size)
            px = levels[0][0] * size  # major spacing in px (1 unit over ``size`` px)
            gap = line  # never closer than a text line
            assert px >= gap, (panel, size, px)
            assert all(spacing * size >= gap for spacing, _ in levels)


def test_the_log_keeps_three_lines_beside_the_plots(qtbot):
    panel = TrainingPanel()
    scroll = in_dock(qtbot, panel, 1000, 300)
    assert scroll.widget() is panel
    line = panel.log_view.fontMetrics().lineSpacing()
    assert panel.log_view.viewport().height() >= 3 * line
    assert panel.plots.widgets[0].height() >= 7 * line


# -- 2. review dock ---------------------------------------------------------------------
def test_review_fits_a_320_px_column_without_sideways_scrolling(qtbot):
    doc = Document()
    doc.add_class("cat")
    panel = ReviewPanel(doc, QUndoStack(), FakeCanvas(), lambda i: f"/x/{i}.jpg")
    scroll = in_dock(qtbot, panel, 320, 700)
    assert scroll.horizontalScrollBar().maximum() == 0
    assert panel.width() <= scroll.viewport().width()
    panel.slider.setValue(50)
    assert panel.slider_label.text() == "0.50"
    panel.slider.setValue(0)
    assert panel.slider_label.text() == "0.00"


# -- 3. runs dock -----------------------------------------------------------------------
def test_runs_show_run_status_and_best_ap_first_and_levels_as_written(qtbot, tmp_path):
    write_run(tmp_path, "20260101-120000-quite-a-long-experiment-name-d0", "fast")
    write_run(tmp_path, "20260102-120000-lite3x", "softmax")
    dock = RunsDock()
    dock.resize(340, 300)
    dock.show()
    qtbot.addWidget(dock)
    qtbot.waitExposed(dock)
    dock.set_project(tmp_path)
    levels = {dock.tree.topLevelItem(i).text(1) for i in range(2)}
    assert levels == {"D0", "Lite3x"}
    header = dock.tree.header()
    viewport = dock.tree.viewport().width()
    for column in (0, 3, 5):  # run, status, best AP: in view without scrolling sideways
        assert header.sectionViewportPosition(column) >= 0
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= viewport, (column, right, viewport)
    assert dock.tree.topLevelItem(1).toolTip(0).startswith("20260101")  # the whole name


# -- 4. canvas zoom after a mode switch ---------------------------------------------------
def fitted_zoom(canvas) -> float:
    w, h = canvas.image_size
    vp = canvas.viewport()
    return min((vp.width() - 4) / w, (vp.height() - 4) / h)


def test_a_fitted_canvas_fits_again_after_a_mode_switch(qtbot, tmp_path):
    w = open_window(qtbot, make_folder(tmp_path / "images"))
    w.resize(1366, 740)
    w.modes.set_mode("label")
    qtbot.waitUntil(lambda: w.canvas.image_size[0] > 0, timeout=5000)
    w.canvas.fit()
    before = w.canvas.viewport().size()
    w.modes.set_mode("train")
    qtbot.wait(20)
    assert w.canvas.viewport().size() != before  # the switch resized the canvas
    assert w.canvas.zoom() == pytest.approx(fitted_zoom(w.canvas), rel=1e-3)
    w.canvas.zoom_by(1.5)  # zoomed by hand: a switch keeps that zoom
    zoom = w.canvas.zoom()
    w.modes.set_mode("label")
    qtbot.wait(20)
    assert w.canvas.zoom() == pytest.approx(zoom)
    w.close()


# -- 5. fusion dock -----------------------------------------------------------------------
@pytest.mark.parametrize("size", [(330, 260), (900, 800)])
def test_node_names_stay_inside_their_outlines(qtbot, size):
    view = FusionView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_events([fusion_event(0, "fast")])
    qtbot.wait(50)
    assert view.label_scale() >= 1.0
    ellipses = [i for i in view.scene.items() if isinstance(i, QGraphicsEllipseItem)]
    texts = [i for i in view.scene.items() if isinstance(i, QGraphicsTextItem)]
    rects = []  # (outline, label) of every node: the text centred on the ellipse
    for e in ellipses:
        centre = e.sceneBoundingRect().center()
        label = min(
            texts, key=lambda t, c=centre: (t.sceneBoundingRect().center() - c).manhattanLength()
        )
        rects.append((e.sceneBoundingRect(), label.sceneBoundingRect()))
    assert len(rects) == len(view.positions)
    for outline, label in rects:
        margin = 4 * view.label_scale()  # the text item's own margin, scaled
        ink = label.adjusted(margin, margin, -margin, -margin)
        # the ink box lies inside the ellipse: its corners within the ellipse's equation
        cx, cy = outline.center().x(), outline.center().y()
        rx, ry = outline.width() / 2, outline.height() / 2
        for x, y in ((ink.left(), ink.top()), (ink.right(), ink.bottom())):
            assert ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.05, (outline, ink)
    assert not view.view.verticalScrollBar().isVisible()
    assert not view.view.horizontalScrollBar().isVisible()
