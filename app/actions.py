"""The main window's actions (named as in app.widgets.shortcuts.DEFAULTS) and its menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction

from app import menus
from app.i18n import tr
from app.widgets import shortcuts
from app.widgets.about import show_about

if TYPE_CHECKING:
    from app.main_window import MainWindow

MENU_NAMES = ("File", "Edit", "View", "Train", "Help")  # keys of MainWindow.menus
MENU_TITLES = {
    "File": QT_TRANSLATE_NOOP("", "&File"),
    "Edit": QT_TRANSLATE_NOOP("", "&Edit"),
    "View": QT_TRANSLATE_NOOP("", "&View"),
    "Train": QT_TRANSLATE_NOOP("", "&Train"),
    "Help": QT_TRANSLATE_NOOP("", "&Help"),
}


def _slots(w: MainWindow) -> dict[str, Callable[[], object]]:
    c = w.canvas
    return {
        "open": w.ask_open,
        "save": w.save_now,
        "draw": lambda: c.set_draw_mode(not c.draw_mode),
        "delete": c.delete_selected,
        "copy": c.copy_selected,
        "paste": w.paste,
        "copy_previous": w.copy_from_previous,
        "next_image": lambda: w.step_image(1),
        "previous_image": lambda: w.step_image(-1),
        "zoom_in": lambda: c.zoom_by(1.25),
        "zoom_out": lambda: c.zoom_by(0.8),
        "zoom_fit": c.fit,
        "zoom_actual": c.actual_size,
        "select_all": lambda: c.select(list(c.items)),
        "help": w.show_shortcuts,
        "quit": w.close,
        **{f"class_{n}": (lambda _checked=False, n=n: w.set_class_by_key(n)) for n in range(1, 10)},
    }


def build_actions(w: MainWindow) -> dict[str, QAction]:
    """Create every action on ``w`` (so shortcuts work whichever dock has focus), apply the
    user's shortcuts and fill the File, Edit, View and Help menus (``w.menus``)."""
    actions: dict[str, QAction] = {}
    for name, slot in _slots(w).items():
        action = QAction(shortcuts.description(name), w)
        action.triggered.connect(slot)
        actions[name] = action
        w.addAction(action)
    actions["undo"] = w.undo_stack.createUndoAction(w, tr("Undo"))
    actions["redo"] = w.undo_stack.createRedoAction(w, tr("Redo"))
    actions["draw"].setCheckable(True)
    shortcuts.apply(actions)
    f, e, v = w.menus["File"], w.menus["Edit"], w.menus["View"]
    f.addAction(actions["open"])
    f.addAction(tr("Open COCO JSON..."), w.ask_open_coco)
    f.addAction(actions["save"])
    menus.add_recent_menu(w, f, before=actions["save"])
    f.addSeparator()
    f.addAction(actions["quit"])  # app.import_export puts Import and Export above this
    e.addActions(
        [
            actions[n]
            for n in (
                "undo",
                "redo",
                "draw",
                "delete",
                "copy",
                "paste",
                "copy_previous",
                "select_all",
            )
        ]
    )
    e.addSeparator()
    menus.follow_classes(w, e, [actions[f"class_{n}"] for n in range(1, 10)])
    v.addSeparator()
    v.addActions(
        [
            actions[n]
            for n in (
                "next_image",
                "previous_image",
                "zoom_in",
                "zoom_out",
                "zoom_fit",
                "zoom_actual",
            )
        ]
    )
    menus.add_help(w, w.menus["Help"], actions["help"])
    w.menus["Help"].addAction(tr("About EfficientDet Studio..."), lambda: show_about(w))
    return actions
