"""Keyboard shortcuts: the default table, the user's overrides (QSettings), and the help dialog
that lists every shortcut and lets the user change the editable ones."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services import settings

CLASS_KEY_TEXT = QT_TRANSLATE_NOOP("", "Set class {n} for the selection (or the next box)")

# action name -> (description, default key sequences); the main window makes a QAction for each.
# Descriptions are English sources: show them through ``description``.
DEFAULTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "open": (QT_TRANSLATE_NOOP("", "Open a folder, project or COCO file"), ("Ctrl+O",)),
    "save": (
        QT_TRANSLATE_NOOP("", "Save now (autosave runs after every edit anyway)"),
        ("Ctrl+S",),
    ),
    "undo": (QT_TRANSLATE_NOOP("", "Undo"), ("Ctrl+Z",)),
    "redo": (QT_TRANSLATE_NOOP("", "Redo"), ("Ctrl+Shift+Z", "Ctrl+Y")),
    "draw": (QT_TRANSLATE_NOOP("", "Toggle draw mode"), ("W",)),
    "delete": (QT_TRANSLATE_NOOP("", "Delete the selected boxes"), ("Delete", "Backspace")),
    "copy": (QT_TRANSLATE_NOOP("", "Copy the selected boxes"), ("Ctrl+C",)),
    "paste": (QT_TRANSLATE_NOOP("", "Paste boxes"), ("Ctrl+V",)),
    "copy_previous": (
        QT_TRANSLATE_NOOP("", "Copy all boxes from the previous image"),
        ("Ctrl+Shift+V",),
    ),
    "next_image": (QT_TRANSLATE_NOOP("", "Next image"), ("D",)),
    "previous_image": (QT_TRANSLATE_NOOP("", "Previous image"), ("A",)),
    "zoom_in": (QT_TRANSLATE_NOOP("", "Zoom in"), ("+", "=")),
    "zoom_out": (QT_TRANSLATE_NOOP("", "Zoom out"), ("-",)),
    "zoom_fit": (QT_TRANSLATE_NOOP("", "Fit the image in the window"), ("F",)),
    "zoom_actual": (QT_TRANSLATE_NOOP("", "Actual size (1:1)"), ("Ctrl+0",)),  # Ctrl+1-3: the modes
    "select_all": (QT_TRANSLATE_NOOP("", "Select all boxes"), ("Ctrl+A",)),
    "help": (QT_TRANSLATE_NOOP("", "Show this list"), ("F1", "?")),
    "quit": (QT_TRANSLATE_NOOP("", "Quit"), ("Ctrl+Q",)),
    **{f"class_{n}": (CLASS_KEY_TEXT.format(n=n), (str(n),)) for n in range(1, 10)},
}

# gestures that are not actions (fixed): (keys, what they do), translated where shown
FIXED = (
    (
        QT_TRANSLATE_NOOP("", "Drag on empty space (or in draw mode, W)"),
        QT_TRANSLATE_NOOP("", "Draw a box"),
    ),
    (
        QT_TRANSLATE_NOOP("", "Drag a box / its handles and edges"),
        QT_TRANSLATE_NOOP("", "Move / resize"),
    ),
    (
        QT_TRANSLATE_NOOP("", "Ctrl+click"),
        QT_TRANSLATE_NOOP("", "Add a box to / remove it from the selection"),
    ),
    (
        QT_TRANSLATE_NOOP("", "Arrow keys (box selected)"),
        QT_TRANSLATE_NOOP("", "Nudge 1 px; with Shift 10 px"),
    ),
    (
        QT_TRANSLATE_NOOP("", "Right / Left (nothing selected)"),
        QT_TRANSLATE_NOOP("", "Next / previous image"),
    ),
    (QT_TRANSLATE_NOOP("", "Ctrl+wheel"), QT_TRANSLATE_NOOP("", "Zoom around the cursor")),
    (QT_TRANSLATE_NOOP("", "Middle drag, or Space+drag"), QT_TRANSLATE_NOOP("", "Pan")),
    (
        QT_TRANSLATE_NOOP("", "Esc"),
        QT_TRANSLATE_NOOP("", "Cancel drawing, leave draw mode, clear the selection"),
    ),
)


def description(name: str) -> str:
    """What action ``name`` does, in the interface language."""
    if name.startswith("class_") and name[6:].isdigit():
        return tr(CLASS_KEY_TEXT).format(n=name[6:])
    return tr(DEFAULTS[name][0])


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
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.actions = actions
        names = [n for n in DEFAULTS if n in actions]
        self.table = QTableWidget(len(names) + len(FIXED), 2)
        self.table.setHorizontalHeaderLabels([tr("Action"), tr("Keys")])
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, name in enumerate(names):
            self.table.setItem(row, 0, QTableWidgetItem(description(name)))
            seqs = actions[name].shortcuts()
            edit = QKeySequenceEdit(seqs[0] if seqs else QKeySequence())
            self.editors[name] = edit
            self.table.setCellWidget(row, 1, edit)
        for row, (keys, what) in enumerate(FIXED, start=len(names)):
            self.table.setItem(row, 0, QTableWidgetItem(tr(what)))
            self.table.setItem(row, 1, QTableWidgetItem(tr(keys)))
        wanted = self._fit_columns()
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
        lay.addWidget(QLabel(tr("Click a key field and press the new keys.")))
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self._fit_to_screen(wanted)

    def _fit_columns(self) -> int:
        """Keys are never cut; descriptions take the rest of the width and wrap. Returns the
        table width that shows every text on one line."""
        table = self.table
        table.setWordWrap(True)
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        wanted = header.sectionSize(0) + header.sectionSize(1)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # rows grow to the wrapped descriptions when the column's width changes (resizeEvent)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row_numbers = table.verticalHeader().sizeHint().width()
        scroll = table.verticalScrollBar().sizeHint().width()
        return wanted + row_numbers + scroll + 2 * table.frameWidth() + 4

    def _fit_to_screen(self, table_width: int) -> None:
        """Wide enough for the table's texts, within the screen (1366x768 included)."""
        margins = self.layout().contentsMargins()
        width = table_width + margins.left() + margins.right()
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(min(width, screen.width() - 40), min(640, screen.height() - 80))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # after the layout has given the description column its new width
        QTimer.singleShot(0, self, self.table.resizeRowsToContents)

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
