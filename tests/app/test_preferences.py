"""Edit > Preferences: OK writes QSettings and applies the theme and the autosave delay to the
open window; new training forms take the default device and loading processes; Cancel and
Restore defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.main_window import MainWindow
from app.services import settings
from app.theme import apply_theme
from app.widgets.preferences import PreferencesDialog


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "images"
    path.mkdir()
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.gray)
    image.save(str(path / "im0.png"))
    return path


@pytest.fixture
def window(qtbot, qapp, folder):
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    apply_theme(qapp, "system")


def open_dialog(qtbot, w: MainWindow) -> PreferencesDialog:
    w.preferences_action.trigger()
    qtbot.waitUntil(lambda: w.findChild(PreferencesDialog) is not None, timeout=2000)
    dialog = w.findChild(PreferencesDialog)
    assert dialog.isVisible()
    return dialog


def test_the_action_is_in_the_edit_menu_with_its_key_and_role(window):
    action = window.preferences_action
    assert action in window.menus["Edit"].actions()
    assert action.shortcut() == QKeySequence("Ctrl+,")
    assert action.menuRole() == action.MenuRole.PreferencesRole


def test_ok_writes_settings_and_applies_them(qtbot, qapp, window):
    assert window.autosaver.delay_ms == 300  # the default
    dialog = open_dialog(qtbot, window)
    assert dialog.values() == settings.PREFERENCES  # nothing saved yet: the defaults
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    assert dialog.language_note.isVisible()  # the language changes at the next start
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.workers.setValue(5)
    dialog.autosave.setValue(2.5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    s = settings.settings()
    assert [s.value(k) for k in ("theme", "language", "device")] == ["dark", "ko", "cpu"]
    assert int(s.value("workers")) == 5 and float(s.value("autosave_seconds")) == 2.5
    assert settings.preference("workers") == 5  # typed getters
    assert settings.preference("autosave_seconds") == 2.5
    assert window.autosaver.delay_ms == 2500  # at once, in the open window
    assert qapp.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.3
    again = MainWindow()  # a new window's training form starts from the defaults
    qtbot.addWidget(again)
    form = again.training_ui.panel.form
    assert form.device.currentData() == "cpu" and form.workers.value() == 5
    again.close()


def test_cancel_changes_nothing(qtbot, qapp, window):
    settings.set_preferences({"workers": 3})
    before = {name: settings.preference(name) for name in settings.PREFERENCES}
    palette = qapp.palette().color(QPalette.ColorRole.Window).rgba()
    dialog = open_dialog(qtbot, window)
    assert dialog.workers.value() == 3
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))  # previewed at once
    assert qapp.palette().color(QPalette.ColorRole.Window).rgba() != palette
    dialog.workers.setValue(9)
    dialog.autosave.setValue(7.0)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert {name: settings.preference(name) for name in settings.PREFERENCES} == before
    assert settings.settings().value("theme") is None  # never written
    assert qapp.palette().color(QPalette.ColorRole.Window).rgba() == palette  # taken back
    assert window.autosaver.delay_ms == 300


def test_restore_defaults_then_ok(qtbot, window):
    settings.set_preferences({"workers": 7, "device": "cpu", "autosave_seconds": 4.0})
    dialog = open_dialog(qtbot, window)
    assert dialog.workers.value() == 7 and dialog.device.currentData() == "cpu"
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.values() == settings.PREFERENCES
    dialog.accept()
    assert settings.preference("workers") == 2 and settings.preference("device") == "auto"
    assert window.autosaver.delay_ms == 300


def test_a_stored_value_of_the_wrong_type_falls_back_to_the_default():
    settings.set_value("workers", "many")
    assert settings.preference("workers") == 2
    with pytest.raises(KeyError):
        settings.set_preferences({"colour": "blue"})


def test_the_saved_theme_is_applied_at_start(qapp, monkeypatch):
    import app.main_window as main_window

    settings.set_preferences({"theme": "dark"})
    monkeypatch.setattr(main_window.QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(main_window, "install_translator", lambda app, language: None)
    shown = []
    monkeypatch.setattr(
        main_window.MainWindow,
        "show",
        lambda self: shown.append(qapp.palette().color(QPalette.ColorRole.Window)),
    )
    try:
        assert main_window.run_app([]) == 0
        assert shown and shown[0].lightnessF() < 0.3  # dark before the window shows
    finally:
        apply_theme(QApplication.instance(), "system")
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.close()
