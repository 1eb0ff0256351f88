"""Menus that follow state: File > Open Recent, the Edit menu's "Set class N" entries (as many
as there are classes) and the Help menu's user guide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu

from app.i18n import tr
from app.services import settings

if TYPE_CHECKING:
    from app.main_window import MainWindow

USER_GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"
CLASS_KINDS = ("class_added", "class_removed", "reset")


def fill_recent(w: MainWindow, menu: QMenu) -> None:
    """The recent projects, newest first; ones that are gone are shown disabled."""
    menu.clear()
    paths = settings.recent_projects()
    for path in paths:
        action = menu.addAction(path, lambda p=path: w.open_path(p))
        action.setEnabled(Path(path).exists())
    if not paths:
        menu.addAction(tr("No recent projects")).setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction(tr("Clear Recent"), lambda: settings.set_value("recent_projects", []))


def add_recent_menu(w: MainWindow, file_menu: QMenu, before: QAction) -> QMenu:
    menu = QMenu(tr("Open &Recent"), w)
    file_menu.insertMenu(before, menu)
    menu.aboutToShow.connect(lambda: fill_recent(w, menu))
    fill_recent(w, menu)
    return menu


def follow_classes(w: MainWindow, edit: QMenu, class_actions: list[QAction]) -> None:
    """Offer "Set class N" only for the classes there are; the shortcuts of the others stay
    on the window (pressing 7 with five classes says there is no class 7)."""
    tail = edit.addSeparator()  # a trailing separator is collapsed: only the anchor

    def sync() -> None:
        for action in class_actions:
            edit.removeAction(action)
        edit.insertActions(tail, class_actions[: len(w.document.categories)])

    w.document.on_change.append(lambda kind, _payload: kind in CLASS_KINDS and sync())
    sync()


def open_user_guide() -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(USER_GUIDE)))


def add_help(w: MainWindow, help_menu: QMenu, shortcuts_action: QAction) -> None:
    help_menu.addAction(tr("User Guide"), open_user_guide)
    shortcuts_action.setText(tr("Keyboard Shortcuts"))
    help_menu.addAction(shortcuts_action)


def add_preferences(w: MainWindow, edit_menu: QMenu) -> QAction:
    """Edit > Preferences... (Ctrl+,); macOS moves it to the application menu by its role."""
    from app.widgets.preferences import open_preferences

    action = QAction(tr("Preferences..."), w)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.setShortcut(QKeySequence("Ctrl+,"))
    action.triggered.connect(lambda: open_preferences(w))
    edit_menu.addSeparator()
    edit_menu.addAction(action)
    w.addAction(action)
    return action
