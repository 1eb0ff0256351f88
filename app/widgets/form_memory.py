"""Training settings remembered per project: what the last run of a project started with comes
back when the project is opened again (QSettings, one key per project folder).

A mixin of ``training_form.TrainingForm``: it uses the form's widgets, ``settings()``,
``_on_level`` and ``_init_chosen``.
"""

from __future__ import annotations

import json

from app import start_choice
from app.services import settings as user_settings
from core.options import STARTS


def settings_key(project_dir: str) -> str:
    """The QSettings key of a project's remembered training settings (one per folder)."""
    return user_settings.project_key("training_form", project_dir)


def remembered(project_dir: str | None) -> dict:
    """The settings last started in ``project_dir`` (empty when none or unreadable)."""
    if not project_dir:
        return {}
    try:
        data = json.loads(str(user_settings.value(settings_key(project_dir), "") or ""))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class FormMemory:
    """Remember (at Start), restore (on opening a project) and reset the form's choices."""

    def chosen(self) -> dict:
        """What a run remembers for its project: level, the settings and the start."""
        return {
            "level": self.picker.level(),
            **self.settings(),
            "image_size": int(self.size.currentText()),
            "start": STARTS[self.init.currentIndex()],
            "init_path": self.init_path.text().strip(),
        }

    def remember(self, project_dir: str | None) -> None:
        """Keep the current choices for the next time ``project_dir`` is opened."""
        if project_dir:
            user_settings.set_value(settings_key(project_dir), json.dumps(self.chosen()))

    def load_project(self, project_dir: str | None) -> bool:
        """Show what was last started in ``project_dir``, else the defaults of the first level;
        True when remembered settings were restored."""
        saved = remembered(project_dir)
        names = [r["name"] for r in self.picker.levels]
        default = start_choice.default_level(self.picker.levels)
        self.reset_defaults(saved.get("level") if saved.get("level") in names else default)
        if not saved:
            return False
        start = saved.get("start")
        if start in STARTS:
            self._init_chosen = True  # a remembered start is the user's choice
            self.init.setCurrentIndex(STARTS.index(start))
        self.init_path.setText(str(saved.get("init_path") or ""))
        for key, spin in (("epochs", self.epochs), ("batch_size", self.batch)):
            if isinstance(saved.get(key), int):
                spin.setValue(saved[key])
        if isinstance(saved.get("freeze"), int):
            self.freeze.setValue(saved["freeze"])
        if isinstance(saved.get("lr"), int | float):
            self.lr.setValue(float(saved["lr"]))
        if isinstance(saved.get("backbone_lr"), int | float):
            self.backbone_lr.setValue(float(saved["backbone_lr"]))
        if self.optimizer.findData(saved.get("optimizer")) >= 0:
            self.optimizer.setCurrentIndex(self.optimizer.findData(saved["optimizer"]))
        if self.size.findText(str(saved.get("image_size"))) >= 0:
            self.size.setCurrentText(str(saved["image_size"]))
        if self.flips.findData(saved.get("flips")) >= 0:
            self.flips.setCurrentIndex(self.flips.findData(saved["flips"]))
        if self.fusion.findData(saved.get("fusion")) >= 0:
            self.fusion.setCurrentIndex(self.fusion.findData(saved["fusion"]))
        self.fusion_note.setVisible(self.fusion.currentData() == "sum")
        self.run_preflight()
        return True

    def reset_defaults(self, level: str | None = None) -> None:
        """The data-derived defaults of ``level`` (default: the chosen one), start included."""
        self._init_chosen = False
        self.init_path.clear()
        self.flips.setCurrentIndex(0)  # left-right: what suits most pictures
        if level is not None and level != self.picker.level():
            self.picker.set_level(level)  # its defaults follow through level_changed
        else:
            self._on_level(self.picker.level())
