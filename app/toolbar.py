"""The main toolbar: the canvas modes and the image steps, each with its key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from app.main_window import MainWindow

ENTRIES = (
    ("draw", "Draw"),
    ("select", "Edit / select"),
    (None, None),
    ("zoom_fit", "Fit"),
    ("zoom_in", "Zoom in"),
    ("zoom_out", "Zoom out"),
    (None, None),
    ("previous_image", "Previous"),
    ("next_image", "Next"),
)


def _key(action: QAction) -> str:
    keys = action.shortcuts()
    return keys[0].toString() if keys else ""


def install(w: MainWindow) -> QToolBar:
    """Add the toolbar to ``w``; the labels show each action's first key (e.g. "Draw (W)")."""
    bar = QToolBar("Tools", w)
    bar.setObjectName("toolbar_tools")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setMovable(False)
    select = QAction("Edit / select", w, checkable=True, checked=not w.canvas.draw_mode)
    select.setToolTip("Edit mode: click to select, drag a box to move it (Esc leaves draw mode)")
    select.triggered.connect(lambda: w.canvas.set_draw_mode(False))
    w.canvas.draw_mode_changed.connect(lambda on: select.setChecked(not on))
    w.actions["draw"].toggled.connect(lambda on: select.setChecked(not on))
    group = QActionGroup(w)
    group.addAction(w.actions["draw"])
    group.addAction(select)
    actions = {**w.actions, "select": select}

    def label(name: str, text: str) -> None:
        action, key = actions[name], _key(actions[name])
        action.setIconText(f"{text} ({key})" if key else text)
        if name != "select":
            action.setToolTip(f"{action.text()} ({key})" if key else action.text())

    for name, text in ENTRIES:
        if name is None:
            bar.addSeparator()
            continue
        label(name, text)
        bar.addAction(actions[name])
    for name in ("draw", "zoom_fit", "zoom_in", "zoom_out", "previous_image", "next_image"):
        w.actions[name].changed.connect(lambda n=name, t=dict(ENTRIES)[name]: relabel(n, t))

    def relabel(name: str, text: str) -> None:
        key = _key(actions[name])
        wanted = f"{text} ({key})" if key else text
        if actions[name].iconText() != wanted:
            label(name, text)

    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    w.toolbar_select_action = select
    return bar
