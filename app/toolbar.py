"""The main toolbar: the canvas modes and the image steps, each with its key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from app.i18n import tr

if TYPE_CHECKING:
    from app.main_window import MainWindow

# (action name, English label: translated where shown)
ENTRIES = (
    ("draw", QT_TRANSLATE_NOOP("", "Draw")),
    ("select", QT_TRANSLATE_NOOP("", "Edit / select")),
    (None, None),
    ("zoom_fit", QT_TRANSLATE_NOOP("", "Fit")),
    ("zoom_in", QT_TRANSLATE_NOOP("", "Zoom in")),
    ("zoom_out", QT_TRANSLATE_NOOP("", "Zoom out")),
    (None, None),
    ("previous_image", QT_TRANSLATE_NOOP("", "Previous")),
    ("next_image", QT_TRANSLATE_NOOP("", "Next")),
)


def _key(action: QAction) -> str:
    keys = action.shortcuts()
    return keys[0].toString() if keys else ""


def install(w: MainWindow) -> QToolBar:
    """Add the toolbar to ``w``; the labels show each action's first key (e.g. "Draw (W)")."""
    bar = QToolBar(tr("Tools"), w)
    bar.setObjectName("toolbar_tools")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setMovable(False)
    select = QAction(tr("Edit / select"), w, checkable=True, checked=not w.canvas.draw_mode)
    select.setToolTip(
        tr("Edit mode: click to select, drag a box to move it (Esc leaves draw mode)")
    )
    select.triggered.connect(lambda: w.canvas.set_draw_mode(False))
    w.canvas.draw_mode_changed.connect(lambda on: select.setChecked(not on))
    w.actions["draw"].toggled.connect(lambda on: select.setChecked(not on))
    group = QActionGroup(w)
    group.addAction(w.actions["draw"])
    group.addAction(select)
    actions = {**w.actions, "select": select}

    def label(name: str, text: str) -> None:
        action, key, text = actions[name], _key(actions[name]), tr(text)
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
        key, shown = _key(actions[name]), tr(text)
        wanted = f"{shown} ({key})" if key else shown
        if actions[name].iconText() != wanted:
            label(name, text)

    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    w.toolbar_select_action = select
    return bar


def add_right(bar: QToolBar, actions: list[QAction]) -> None:
    """Put ``actions`` (checkable: buttons that stay down) at the right end of ``bar``."""
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    spacer.setObjectName("toolbar_spacer")
    bar.addWidget(spacer)
    for action in actions:
        bar.addAction(action)
