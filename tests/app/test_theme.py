"""Themes: the dark palette, custom-painted widgets that follow it (canvas, plots, fusion
graph, metrics cells), switching back to light, and "system" restoring the platform's look."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette, QPixmap, QUndoStack
from PySide6.QtWidgets import QApplication

from app.document.project import Document
from app.runs import Evaluation
from app.theme import apply_theme, is_dark
from app.widgets.canvas import Canvas
from app.widgets.fusion_view import FusionView
from app.widgets.metrics_view import MetricsView
from app.widgets.plots import TrainingPlots

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_worker import fusion_event  # noqa: E402

GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)
ROLES = [r for r in QPalette.ColorRole if r not in (QPalette.ColorRole.NColorRoles,)]


def colours(palette: QPalette) -> dict:
    return {(g, r): palette.color(g, r).rgba() for g in GROUPS for r in ROLES}


@pytest.fixture
def app(qapp) -> QApplication:
    """The application, put back to the platform's look after each test."""
    before = colours(qapp.palette())
    yield qapp
    apply_theme(qapp, "system")
    assert colours(qapp.palette()) == before


def settle(app: QApplication, qtbot) -> None:
    app.processEvents()
    qtbot.wait(20)


def lightness(image: QImage, x: int, y: int) -> float:
    return image.pixelColor(x, y).lightnessF()


def near_white_text(image: QImage, step: int = 1) -> int:
    """Pixels that are light grey (the dark palette's text), not a saturated colour."""
    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if (
                min(c.red(), c.green(), c.blue()) > 170
                and max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) < 30
            ):
                count += 1
    return count


def canvas_with_image(qtbot) -> Canvas:
    doc = Document()
    image_id = doc.add_image("a.png", 200, 100).id
    stack = QUndoStack()
    canvas = Canvas(doc, stack)
    canvas.stack_ref = stack
    qtbot.addWidget(canvas)
    canvas.resize(640, 480)
    canvas.show()
    qtbot.waitExposed(canvas)
    pixmap = QPixmap(200, 100)
    pixmap.fill(QColor("#808080"))
    canvas.set_image(image_id, pixmap)  # no boxes: the drawing hint shows
    return canvas


def test_dark_palette_is_dark_and_readable(app):
    apply_theme(app, "dark")
    p = app.palette()
    assert is_dark(p) and p.color(QPalette.ColorRole.Window).lightnessF() < 0.3
    assert p.color(QPalette.ColorRole.WindowText).lightnessF() > 0.8
    assert p.color(QPalette.ColorRole.Base).lightnessF() < 0.3
    assert p.color(QPalette.ColorRole.ToolTipText).lightnessF() > 0.8
    assert p.color(QPalette.ColorRole.Link).lightnessF() > 0.6  # blue links read on dark
    disabled = p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).lightnessF()
    assert 0.35 < disabled < p.color(QPalette.ColorRole.Text).lightnessF()  # greyed, legible
    assert app.style().name().lower() == "fusion"
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(app, "purple")


def test_canvas_follows_the_theme(app, qtbot):
    canvas = canvas_with_image(qtbot)
    apply_theme(app, "dark")
    settle(app, qtbot)
    assert canvas.hint_visible()
    image = canvas.grab().toImage()
    assert lightness(image, 3, 3) < 0.3  # the backdrop around the image
    hint = canvas._hint.geometry()
    shot = canvas.viewport().grab(hint).toImage()
    assert near_white_text(shot) > 5  # the hint's text is light on dark
    apply_theme(app, "light")
    settle(app, qtbot)
    image = canvas.grab().toImage()
    assert lightness(image, 3, 3) > 0.6
    shot = canvas.viewport().grab(hint).toImage()
    assert near_white_text(shot) == 0 or lightness(shot, 2, hint.height() // 2) > 0.6


def red_ink(image: QImage) -> list[QColor]:
    """The reddish pixels of a grab (the message's text)."""
    out = []
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.red() > c.green() + 60 and c.red() > c.blue() + 60:
                out.append(c)
    return out


def test_canvas_message_is_light_on_dark(app, qtbot):
    canvas = canvas_with_image(qtbot)
    canvas.set_image(None, None, "Cannot show this image: broken file")
    apply_theme(app, "dark")
    settle(app, qtbot)
    area = canvas._message.geometry()
    ink = red_ink(canvas.grab(area).toImage())
    assert ink and max(c.lightnessF() for c in ink) > 0.65  # light red on the dark backdrop
    apply_theme(app, "light")
    settle(app, qtbot)
    ink = red_ink(canvas.grab(area).toImage())
    assert ink and min(c.lightnessF() for c in ink) < 0.45  # dark red on the light backdrop


def test_plots_follow_the_theme(app, qtbot):
    plots = TrainingPlots(interval_ms=10_000)
    qtbot.addWidget(plots)
    plots.resize(600, 800)
    plots.show()
    qtbot.waitExposed(plots)
    apply_theme(app, "dark")
    settle(app, qtbot)
    widget = plots.widgets[0]
    image = widget.grab().toImage()
    assert lightness(image, image.width() - 3, image.height() // 2) < 0.3
    assert near_white_text(image, step=2) > 20  # axis numbers and labels
    loss = plots.curves["loss"].opts["pen"].color()
    assert loss.lightnessF() > 0.55  # the curve reads on the dark background
    apply_theme(app, "light")
    settle(app, qtbot)
    image = widget.grab().toImage()
    assert lightness(image, image.width() - 3, image.height() // 2) > 0.9
    assert plots.curves["loss"].opts["pen"].color().name() == "#1f77b4"


def test_fusion_graph_follows_the_theme(app, qtbot):
    view = FusionView()
    qtbot.addWidget(view)
    view.resize(900, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_events([fusion_event(0, "fast")])
    apply_theme(app, "dark")
    settle(app, qtbot)
    image = view.view.grab().toImage()
    assert lightness(image, 4, 4) < 0.3
    assert near_white_text(image, step=2) > 20  # node names and the legend
    cell = view.heat.item(0, 0)
    assert cell.foreground().color() in (QColor("black"), QColor("white"))
    apply_theme(app, "light")
    settle(app, qtbot)
    image = view.view.grab().toImage()
    assert lightness(image, 4, 4) > 0.9


def test_metrics_shades_are_deep_under_light_text_on_dark(app, qtbot):
    view = MetricsView()
    qtbot.addWidget(view)
    view.classes = lambda: ["ant", "moth"]
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_evaluation(Evaluation(metrics={"AP": 0.5}, per_class_ap={"ant": 0.9, "moth": 0.0}))
    view.tabs.setCurrentWidget(view.per_class)
    apply_theme(app, "dark")
    settle(app, qtbot)
    table = view.per_class
    rect = table.visualItemRect(table.item(0, 1))
    shot = table.viewport().grab(rect).toImage()
    back = shot.pixelColor(2, 2)
    assert back.lightnessF() < 0.5 and back.green() > back.red()  # a deep green
    assert near_white_text(shot) > 3  # "0.900" in light text
    apply_theme(app, "light")
    settle(app, qtbot)
    back = table.viewport().grab(rect).toImage().pixelColor(2, 2)
    assert back.lightnessF() > 0.6 and back.green() > back.red()  # a pale green


def test_system_restores_the_platform_palette(app):
    before = colours(app.palette())
    style = app.style().name()
    apply_theme(app, "dark")
    assert colours(app.palette()) != before
    apply_theme(app, "light")
    apply_theme(app, "system")
    assert colours(app.palette()) == before
    assert app.style().name() == style
