"""The window fits small screens with every dock shown; saved layouts never exceed the screen;
View > Reset layout; the toolbar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget

from app import layout
from app.main_window import MainWindow

TITLE_BAR = 40


def make_folder(path: Path) -> Path:
    path.mkdir()
    for n in range(2):
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.gray)
        image.save(str(path / f"im{n}.png"))
    return path


def open_window(qtbot, folder: Path) -> MainWindow:
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def show_every_dock(w: MainWindow) -> list[QDockWidget]:
    docks = w.findChildren(QDockWidget)
    for dock in docks:
        dock.show()
    w.layout().activate()
    return docks


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "images")


@pytest.mark.parametrize("screen", [(1366, 768), (1280, 800)])
def test_every_dock_shown_fits_a_laptop_screen(qtbot, folder, screen):
    w = open_window(qtbot, folder)
    docks = show_every_dock(w)
    assert len(docks) == 8 and all(d.isVisible() for d in docks)
    width, height = screen[0], screen[1] - TITLE_BAR
    need = w.minimumSizeHint().expandedTo(w.minimumSize())
    assert need.width() <= width and need.height() <= height, need
    w.resize(width, height)
    w.layout().activate()
    assert w.canvas.width() >= 320 and w.canvas.height() >= 240  # never a strip
    w.close()


def test_a_saved_geometry_larger_than_the_screen_is_clamped(qtbot, folder):
    w = open_window(qtbot, folder)
    w.setGeometry(0, 0, 3000, 2200)
    assert w.width() > 2000  # the offscreen screen lets a window grow past it
    w.close()
    again = open_window(qtbot, folder)
    room = layout.available(again)
    qtbot.waitUntil(lambda: room.contains(again.frameGeometry()), timeout=2000)
    assert room.contains(again.frameGeometry()), (room, again.frameGeometry())
    again.close()


def test_a_saved_layout_that_cannot_fit_falls_back_to_the_default(qtbot, folder, monkeypatch):
    w = open_window(qtbot, folder)
    show_every_dock(w)
    w.close()
    monkeypatch.setattr(layout, "available", lambda _w: QRect(0, 0, 200, 200))
    again = open_window(qtbot, folder)
    assert not again.training_ui.docks["Training"].isVisible()
    again.close()


def test_reset_layout_restores_the_default_docks_and_size(qtbot, folder):
    w = open_window(qtbot, folder)
    classes = w.findChild(QDockWidget, "dock_Classes")
    show_every_dock(w)
    classes.setFloating(True)
    w.resize(500, 400)
    w.reset_layout_action.trigger()
    qtbot.wait(10)
    assert not classes.isFloating() and classes.isVisible()
    assert not w.training_ui.docks["Training"].isVisible()
    room = layout.available(w)
    assert room.contains(w.frameGeometry()), (room, w.frameGeometry())
    assert w.width() > 500 and w.height() > 400
    assert "Reset layout" in [a.text() for a in w.menus["View"].actions()]
    w.close()


def test_toolbar_offers_the_modes_with_their_keys(qtbot, folder):
    w = open_window(qtbot, folder)
    texts = [a.iconText() for a in w.toolbar.actions() if not a.isSeparator()]
    assert "Draw (W)" in texts and "Fit (F)" in texts and "Next (D)" in texts
    assert any(t.startswith("Edit / select") for t in texts)
    draw = w.actions["draw"]
    draw.trigger()
    assert w.canvas.draw_mode and not w.toolbar_select_action.isChecked()
    w.toolbar_select_action.trigger()
    assert not w.canvas.draw_mode and not draw.isChecked()
    draw.trigger()
    draw.trigger()  # W toggles back to edit mode
    assert not w.canvas.draw_mode and not draw.isChecked() and w.toolbar_select_action.isChecked()
    w.close()


def test_a_tab_bar_left_over_from_a_restore_is_hidden(qtbot):
    """After restoring Review mode (Runs hidden behind Review predictions) Qt once left the
    group's old tab bar, "Runs | Review predictions", drawn over the Metrics dock."""
    from PySide6.QtWidgets import QMainWindow, QTabBar

    w = QMainWindow()
    qtbot.addWidget(w)
    docks = {}
    for title in ("Runs", "Review predictions", "Metrics"):
        docks[title] = QDockWidget(title, w)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, docks[title])
    docks["Runs"].hide()
    stale, live = QTabBar(w), QTabBar(w)
    for t in ("Runs", "Review predictions"):
        stale.addTab(t)
    for t in ("Review predictions", "Metrics"):
        live.addTab(t)
    w.show()
    qtbot.waitExposed(w)
    assert stale.isVisible() and live.isVisible()
    assert layout.hide_stale_tab_bars(w) == 1
    assert not stale.isVisible() and live.isVisible()
    w.close()
