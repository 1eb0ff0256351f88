"""The window's modes: Label, Train and Review, each a set of docks (the canvas stays in all).

Switching (View > Mode, Ctrl+1/2/3, or the toolbar's buttons on its right end) shows and raises
the mode's docks and hides the others; any dock can still be shown by hand from the View menu.
The mode is remembered (QSettings "window/mode") and restored by the next window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from app import layout, toolbar
from app.i18n import tr
from app.services import settings

if TYPE_CHECKING:
    from app.main_window import MainWindow

MODES = ("label", "train", "review")
TITLES = {
    "label": QT_TRANSLATE_NOOP("", "Label"),
    "train": QT_TRANSLATE_NOOP("", "Train"),
    "review": QT_TRANSLATE_NOOP("", "Review"),
}
TIPS = {
    "label": QT_TRANSLATE_NOOP("", "Label mode: the image list, classes and boxes"),
    "train": QT_TRANSLATE_NOOP("", "Train mode: the training form, runs and metrics"),
    "review": QT_TRANSLATE_NOOP("", "Review mode: predictions, metrics and fusion weights"),
}
KEYS = {"label": "Ctrl+1", "train": "Ctrl+2", "review": "Ctrl+3"}
SETTING = "window/mode"


def dock_of(widget: QWidget) -> QDockWidget:
    """The dock that holds ``widget`` (inside its scroll area)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    if parent is None:
        raise LookupError(f"{type(widget).__name__} is not in a dock")
    return parent


def mode_docks(w: MainWindow) -> dict[str, list[QDockWidget]]:
    """Each mode's docks, the one to bring to the front of its tab group first."""
    t = w.training_ui
    return {
        "label": [dock_of(x) for x in (w.image_list, w.class_list, w.box_list)],
        "train": [dock_of(x) for x in (t.panel, t.runs, t.metrics)],
        "review": [dock_of(x) for x in (t.review, t.metrics, t.fusion)],
    }


def saved_mode() -> str:
    mode = str(settings.value(SETTING, "label"))
    return mode if mode in MODES else "label"


class Modes(QObject):
    """The mode actions (one checked at a time) and what switching does to the docks."""

    changed = Signal(str)

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.window = w
        self.mode = saved_mode()
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for mode in MODES:
            action = QAction(tr(TITLES[mode]), w, checkable=True)
            action.setShortcut(QKeySequence(KEYS[mode]))
            action.setToolTip(f"{tr(TIPS[mode])} ({KEYS[mode]})")
            action.setChecked(mode == self.mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
            self.group.addAction(action)
            w.addAction(action)  # the keys work whichever dock has focus
            self.actions[mode] = action

    def set_mode(self, mode: str) -> None:
        """Show and raise ``mode``'s docks, hide the others and remember the choice."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: choose one of {', '.join(MODES)}")
        self.mode = mode
        self.actions[mode].setChecked(True)
        w = self.window
        wanted = mode_docks(w)[mode]
        for dock in w.findChildren(QDockWidget):
            if dock not in wanted:
                dock.hide()
        for dock in reversed(wanted):  # the first of a tab group ends up in front
            dock.show()
            dock.raise_()
        w.layout().activate()
        layout.hide_stale_tab_bars(w)
        if w.isVisible() and not (w.isMaximized() or w.isFullScreen()):
            layout.clamp_to_screen(w)  # shown docks may have grown the window
        canvas = getattr(w, "canvas", None)
        if canvas is not None and canvas.fitted:  # the canvas changed size: fit the image again
            canvas.fit()
        settings.set_value(SETTING, mode)
        self.changed.emit(mode)


def install(w: MainWindow, apply: bool) -> Modes:
    """Add View > Mode and the toolbar's mode buttons to ``w``; ``apply`` also arranges the
    docks for the saved mode (when no saved arrangement was restored)."""
    modes = Modes(w)
    menu = QMenu(tr("Mode"), w)
    menu.addActions(list(modes.actions.values()))
    view = w.menus["View"]
    first = view.actions()[0] if view.actions() else None
    view.insertMenu(first, menu)
    view.insertSeparator(first)
    toolbar.add_right(w.toolbar, list(modes.actions.values()))
    w.reset_layout_action.triggered.connect(lambda: modes.set_mode("label"))  # the default
    if apply:
        modes.set_mode(modes.mode)
    w.mode_menu = menu
    return modes
