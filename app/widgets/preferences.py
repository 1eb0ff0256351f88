"""Edit > Preferences: theme, language, the training form's default device and loading
processes, and the autosave delay. Values live in QSettings (``app.services.settings``
PREFERENCES holds the defaults); OK writes them, Cancel leaves everything as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, RESTART_NOTE, tr
from app.services import settings
from app.theme import THEMES, apply_theme
from app.widgets.training_fields import DEVICE_LABELS
from core.options import DEVICES

if TYPE_CHECKING:
    from app.main_window import MainWindow

THEME_TITLES = {
    "system": QT_TRANSLATE_NOOP("", "System"),
    "light": QT_TRANSLATE_NOOP("", "Light"),
    "dark": QT_TRANSLATE_NOOP("", "Dark"),
}
AUTOSAVE_RANGE = (0.1, 600.0)  # seconds


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    """A combo box of (value, shown text) pairs; the value is the item's data."""
    box = QComboBox()
    for value, text in items:
        box.addItem(text, value)
    return box


def _choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    box.setCurrentIndex(index if index >= 0 else 0)


class PreferencesDialog(QDialog):
    """The theme shows at once while choosing (Cancel puts the saved one back); everything
    else takes effect on OK, when ``applied(values)`` is emitted."""

    applied = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Preferences"))
        self.theme = _combo([(t, tr(THEME_TITLES[t])) for t in THEMES])
        self.language = _combo(
            [(code, tr("System") if code == "system" else name) for code, name in LANGUAGES]
        )
        self.language_note = QLabel(tr(RESTART_NOTE), wordWrap=True)
        self.language_note.hide()
        self.device = _combo(
            [(d, tr(DEVICE_LABELS[d]) if d in DEVICE_LABELS else d) for d in DEVICES]
        )
        self.workers = QSpinBox(minimum=0, maximum=32)
        self.workers.setToolTip(
            tr("Image loading processes beside the trainer, for new training forms")
        )
        self.autosave = QDoubleSpinBox(decimals=1, singleStep=0.1, suffix=" s")
        self.autosave.setRange(*AUTOSAVE_RANGE)
        self.autosave.setToolTip(tr("How long after an edit the labels are written to disk"))
        form = QFormLayout()
        form.addRow(tr("Theme"), self.theme)
        form.addRow(tr("Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow(tr("Default training device"), self.device)
        form.addRow(tr("Default loading processes"), self.workers)
        form.addRow(tr("Autosave after"), self.autosave)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(lambda: self.set_values(settings.PREFERENCES))
        self.buttons = buttons
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.saved = {name: settings.preference(name) for name in settings.PREFERENCES}
        self.set_values(self.saved)
        self.theme.currentIndexChanged.connect(lambda _i: self._preview_theme())
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())

    def values(self) -> dict[str, object]:
        """The preferences as chosen in the dialog (not yet written)."""
        return {
            "theme": self.theme.currentData(),
            "language": self.language.currentData(),
            "device": self.device.currentData(),
            "workers": self.workers.value(),
            "autosave_seconds": round(self.autosave.value(), 1),
        }

    def set_values(self, values: dict[str, object]) -> None:
        _choose(self.theme, values["theme"])
        _choose(self.language, values["language"])
        _choose(self.device, values["device"])
        self.workers.setValue(int(values["workers"]))  # type: ignore[arg-type]
        self.autosave.setValue(float(values["autosave_seconds"]))  # type: ignore[arg-type]

    def _preview_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(self.theme.currentData()))

    def _language_changed(self) -> None:
        self.language_note.setVisible(self.language.currentData() != self.saved["language"])

    def accept(self) -> None:  # noqa: D102
        values = self.values()
        settings.set_preferences(values)
        self.saved = values
        self.applied.emit(values)
        super().accept()

    def reject(self) -> None:  # noqa: D102
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.theme.currentData() != self.saved["theme"]:
            apply_theme(app, str(self.saved["theme"]))  # the previewed theme is taken back
        super().reject()


def apply_preferences(w: MainWindow, values: dict[str, object]) -> None:
    """What changes at once in an open window: the theme and the autosave delay (device and
    loading processes are defaults of the next training form; the language, of the next
    start)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, str(values["theme"]))
    if w.autosaver is not None:
        w.autosaver.set_delay(float(values["autosave_seconds"]))  # type: ignore[arg-type]


def open_preferences(w: MainWindow) -> PreferencesDialog:
    """Open the dialog (window-modal, not blocking); OK applies the values to ``w``."""
    dialog = PreferencesDialog(w)
    dialog.applied.connect(lambda values: apply_preferences(w, values))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
