"""The open project: one object owns it and tells every view when it changes.

Every dock subscribes to ``project_changed`` (docks restored from the saved layout too, since
they are built before the first project opens) and drops what belonged to the previous project:
predictions, filters, run lists, plots.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.document.storage import Project


class Session(QObject):
    project_changed = Signal(object)  # the new Project, or None when none is open

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None

    @property
    def project_dir(self) -> Path | None:
        return self.project.project_dir if self.project else None

    def set_project(self, project: Project | None) -> None:
        """Make ``project`` the open one and tell every subscriber."""
        self.project = project
        self.project_changed.emit(project)
