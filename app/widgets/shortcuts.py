"""Keyboard shortcuts: the default table, the user's overrides (QSettings), and the help dialog
that lists every shortcut and lets the user change the editable ones."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QKeySequenceEdit,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import settings

# action name -> (description, default key sequences); the main window makes a QAction for each
DEFAULTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "open": ("Open a folder, project or COCO file", ("Ctrl+O",)),
    "save": ("Save now (autosave runs after every edit anyway)", ("Ctrl+S",)),
    "undo": ("Undo", ("Ctrl+Z",)),
    "redo": ("Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    "draw": ("Toggle draw mode", ("W",)),
    "delete": ("Delete the selected boxes", ("Delete", "Backspace")),
    "copy": ("Copy the selected boxes", ("Ctrl+C",)),
    "paste": ("Paste boxes", ("Ctrl+V",)),
    "copy_previous": ("Copy all boxes from the previous image", ("Ctrl+Shift+V",)),
    "next_image": ("Next image", ("D",)),
    "previous_image": ("Previous image", ("A",)),
    "zoom_in": ("Zoom in", ("+", "=")),
    "zoom_out": ("Zoom out", ("-",)),
    "zoom_fit": ("Fit the image in the window", ("F",)),
    "zoom_actual": ("Actual size (1:1)", ("Ctrl+1",)),
    "select_all": ("Select all boxes", ("Ctrl+A",)),
    "help": ("Show this list", ("F1", "?")),
    "quit": ("Quit", ("Ctrl+Q",)),
    **{
        f"class_{n}": (f"Set class {n} for the selection (or the next box)", (str(n),))
        for n in range(1, 10)
    },
}

# gestures that are not actions (fixed)
FIXED = (
    ("Drag on empty space (or in draw mode, W)", "Draw a box"),
    ("Drag a box / its handles and edges", "Move / resize"),
    ("Ctrl+click", "Add a box to / remove it from the selection"),
    ("Arrow keys (box selected)", "Nudge 1 px; with Shift 10 px"),
    ("Right / Left (nothing selected)", "Next / previous image"),
    ("Ctrl+wheel", "Zoom around the cursor"),
    ("Middle drag, or Space+drag", "Pan"),
    ("Esc", "Cancel drawing, leave draw mode, clear the selection"),
)


def key_sequences(name: str) -> list[QKeySequence]:
    """The user's keys for action ``name`` (overrides first, then the defaults)."""
    override = settings.shortcut_overrides().get(name)
    if override is not None:
        return [QKeySequence(s) for s in override.split(";") if s] if override else []
    return [QKeySequence(s) for s in DEFAULTS[name][1]]


def apply(actions: dict[str, QAction]) -> None:
    for name, action in actions.items():
        if name in DEFAULTS:
            action.setShortcuts(key_sequences(name))


class ShortcutDialog(QDialog):
    """Every shortcut; the editable ones are saved to QSettings on OK."""

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.actions = actions
        names = [n for n in DEFAULTS if n in actions]
        self.table = QTableWidget(len(names) + len(FIXED), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, name in enumerate(names):
            self.table.setItem(row, 0, QTableWidgetItem(DEFAULTS[name][0]))
            seqs = actions[name].shortcuts()
            edit = QKeySequenceEdit(seqs[0] if seqs else QKeySequence())
            self.editors[name] = edit
            self.table.setCellWidget(row, 1, edit)
        for row, (keys, what) in enumerate(FIXED, start=len(names)):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Click a key field and press the new keys."))
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(560, 640)

    def restore_defaults(self) -> None:
        settings.set_shortcut_overrides({})
        apply(self.actions)
        for name, edit in self.editors.items():
            seqs = self.actions[name].shortcuts()
            edit.setKeySequence(seqs[0] if seqs else QKeySequence())

    def accept(self) -> None:
        overrides = settings.shortcut_overrides()
        for name, edit in self.editors.items():
            seqs = self.actions[name].shortcuts()
            current = seqs[0].toString() if seqs else ""
            chosen = edit.keySequence().toString()
            if chosen != current:
                overrides[name] = chosen
        settings.set_shortcut_overrides(overrides)
        apply(self.actions)
        super().accept()
