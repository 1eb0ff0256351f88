"""The Label / Train / Review modes: each shows its docks and hides the rest, the keys and the
toolbar buttons switch, the next window restores the mode, and every mode fits a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QToolButton

from app import modes
from app.main_window import MainWindow
from app.services import settings
from tests.app.test_layout import TITLE_BAR, make_folder, open_window

EXPECTED = {
    "label": {"dock_Images", "dock_Classes", "dock_Boxes"},
    "train": {"dock_Training", "dock_Runs", "dock_Metrics"},
    "review": {"dock_Review predictions", "dock_Metrics", "dock_Fusion weights"},
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "images")


def visible_docks(w: MainWindow) -> set[str]:
    return {d.objectName() for d in w.findChildren(QDockWidget) if d.isVisible()}


def front_docks(w: MainWindow) -> set[str]:
    """The docks shown and not covered by another tab of their group."""
    out = set()
    for d in w.findChildren(QDockWidget):
        if d.isVisible() and not d.visibleRegion().isEmpty():
            out.add(d.objectName())
    return out


@pytest.mark.parametrize("mode", modes.MODES)
def test_each_mode_shows_its_docks_and_hides_the_rest(qtbot, folder, mode):
    w = open_window(qtbot, folder)
    w.modes.actions[mode].trigger()
    qtbot.wait(10)
    assert visible_docks(w) == EXPECTED[mode]
    assert w.modes.mode == mode and w.modes.actions[mode].isChecked()
    assert sum(a.isChecked() for a in w.modes.actions.values()) == 1
    first = modes.mode_docks(w)[mode][0]
    assert first.objectName() in front_docks(w)  # raised in front of its tab group
    assert w.stack.currentWidget() is w.canvas and w.canvas.isVisible()
    assert settings.value(modes.SETTING) == mode
    w.close()


def test_the_keys_and_the_toolbar_buttons_switch(qtbot, folder):
    w = open_window(qtbot, folder)
    w.windowHandle().requestActivate()  # window shortcuts need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert w.modes.mode == "train" and visible_docks(w) == EXPECTED["train"]
    qtbot.keyClick(w.canvas, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.modes.mode == "review" and visible_docks(w) == EXPECTED["review"]
    buttons = {
        w.toolbar.widgetForAction(a).text(): w.toolbar.widgetForAction(a)
        for a in w.modes.actions.values()
    }
    assert all(isinstance(b, QToolButton) and b.isCheckable() for b in buttons.values())
    label = w.toolbar.widgetForAction(w.modes.actions["label"])
    assert label.x() > w.toolbar.widgetForAction(w.actions["next_image"]).x()  # right end
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert w.modes.mode == "label" and visible_docks(w) == EXPECTED["label"]
    assert label.isChecked() and not w.toolbar.widgetForAction(w.modes.actions["train"]).isChecked()
    menu = w.mode_menu
    assert menu.menuAction() in w.menus["View"].actions()
    assert [a.shortcut().toString() for a in menu.actions()] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
    qtbot.keyClick(w.canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.modes.mode == "label"  # Ctrl+1 no longer means actual size
    w.close()


def test_a_dock_can_still_be_shown_by_hand(qtbot, folder):
    w = open_window(qtbot, folder)
    w.modes.set_mode("label")
    runs = w.findChild(QDockWidget, "dock_Runs")
    runs.toggleViewAction().trigger()
    assert runs.isVisible() and w.modes.mode == "label"
    w.close()


def test_the_mode_is_restored_by_a_new_window(qtbot, folder):
    w = open_window(qtbot, folder)
    w.modes.set_mode("review")
    w.close()
    again = open_window(qtbot, folder)
    assert again.modes.mode == "review" and again.modes.actions["review"].isChecked()
    assert visible_docks(again) == EXPECTED["review"]
    again.close()
    settings.settings().remove("window/state")  # no saved docks: the mode arranges them
    settings.settings().remove("window/geometry")
    third = open_window(qtbot, folder)
    assert third.modes.mode == "review" and visible_docks(third) == EXPECTED["review"]
    third.close()


def test_reset_layout_goes_back_to_label(qtbot, folder):
    w = open_window(qtbot, folder)
    w.modes.set_mode("train")
    w.reset_layout_action.trigger()
    assert w.modes.mode == "label" and visible_docks(w) == EXPECTED["label"]
    w.close()


@pytest.mark.parametrize("mode", modes.MODES)
def test_every_mode_fits_a_1366x768_screen(qtbot, folder, mode):
    w = open_window(qtbot, folder)
    w.modes.set_mode(mode)
    w.layout().activate()
    width, height = 1366, 768 - TITLE_BAR
    need = w.minimumSizeHint().expandedTo(w.minimumSize())
    assert need.width() <= width and need.height() <= height, need
    w.resize(width, height)
    w.layout().activate()
    assert w.canvas.width() >= 320 and w.canvas.height() >= 240
    w.close()


def test_an_unknown_mode_is_refused_and_a_bad_saved_one_ignored(qtbot, folder):
    settings.set_value(modes.SETTING, "paint")
    w = open_window(qtbot, folder)
    assert w.modes.mode == "label"
    with pytest.raises(ValueError, match="unknown mode"):
        w.modes.set_mode("paint")
    w.close()
