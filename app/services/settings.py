"""Per-user settings (QSettings): window geometry and state, recent projects, preferences.

When ``EFFDET_STUDIO_SETTINGS`` is set (tests do), settings live in that INI file instead of the
platform's store.
"""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QSettings

ORGANIZATION = "EfficientDetStudio"
APPLICATION = "EfficientDet Studio"
MAX_RECENT = 10


def settings() -> QSettings:
    path = os.environ.get("EFFDET_STUDIO_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[union-attr]


def recent_projects() -> list[str]:
    return _as_list(settings().value("recent_projects"))


def add_recent_project(path: str) -> list[str]:
    path = os.path.abspath(path)
    items = [path] + [p for p in recent_projects() if p != path]
    items = items[:MAX_RECENT]
    s = settings()
    s.setValue("recent_projects", items)
    s.sync()
    return items


def project_key(group: str, project_dir: str) -> str:
    """The settings key of something remembered per project folder: ``group/`` and a hash of
    the folder's absolute path (so any path, in any script, makes a valid key)."""
    folder = os.path.normcase(os.path.abspath(project_dir))
    return f"{group}/" + hashlib.sha1(folder.encode("utf-8")).hexdigest()[:16]


def value(key: str, default: object = None) -> object:
    return settings().value(key, default)


def set_value(key: str, val: object) -> None:
    s = settings()
    s.setValue(key, val)
    s.sync()


def shortcut_overrides() -> dict[str, str]:
    """Action name -> key sequence text chosen by the user."""
    s = settings()
    s.beginGroup("shortcuts")
    out = {k: str(s.value(k)) for k in s.childKeys()}
    s.endGroup()
    return out


def set_shortcut_overrides(overrides: dict[str, str]) -> None:
    s = settings()
    s.remove("shortcuts")
    s.beginGroup("shortcuts")
    for k, v in overrides.items():
        s.setValue(k, v)
    s.endGroup()
    s.sync()


# Preferences (Edit > Preferences...): key -> default; the stored value is coerced to the
# default's type. "autosave_seconds": the delay between an edit and its write to disk.
PREFERENCES: dict[str, object] = {
    "theme": "system",  # "system" | "light" | "dark"
    "language": "system",  # "system" or a language code ("en", "ko", "zh_CN")
    "device": "auto",  # one of core.options.DEVICES: the training form's first choice
    "workers": 2,  # loading processes beside the trainer
    "autosave_seconds": 0.3,
}


def preference(name: str) -> object:
    """The user's preference ``name`` (see PREFERENCES), of the default's type."""
    default = PREFERENCES[name]
    raw = settings().value(name, default)
    try:
        return type(default)(raw)
    except (TypeError, ValueError):
        return default


def set_preferences(values: dict[str, object]) -> None:
    """Store several preferences at once (unknown names are refused)."""
    unknown = set(values) - set(PREFERENCES)
    if unknown:
        raise KeyError(f"unknown preferences: {sorted(unknown)}")
    s = settings()
    for k, v in values.items():
        s.setValue(k, v)
    s.sync()
