"""Welcome screen (no PATH given): recent projects, open a folder or file, open the demo project.

The demo project is written by ``efficientdet demo-data DIR`` (``worker_client.cli_command``: the
bundle's own executable when frozen) in a QProcess the first time.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QProcess, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services import settings
from app.services.worker_client import cli_command
from app.widgets.file_dialogs import start_dir

ROOT = Path(__file__).resolve().parents[2]


def demo_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".efficientdet-studio") / "demo"


class Welcome(QWidget):
    open_requested = Signal(str)  # a folder, project folder or COCO file

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        title = QLabel(
            "<h2>EfficientDet Studio</h2>"
            + tr("Label images with boxes, train an EfficientDet, and look inside it.")
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent = QListWidget()
        for path in settings.recent_projects():
            self.recent.addItem(path)
        self.recent.itemActivated.connect(lambda item: self.open_requested.emit(item.text()))
        self.status = QLabel()
        open_folder = QPushButton(tr("Open folder or project..."))
        open_file = QPushButton(tr("Open COCO JSON..."))
        self.demo_button = QPushButton(tr("Open demo project"))
        open_folder.clicked.connect(self._open_folder)
        open_file.clicked.connect(self._open_file)
        self.demo_button.clicked.connect(self.open_demo)
        buttons = QHBoxLayout()
        for b in (open_folder, open_file, self.demo_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(title)
        lay.addWidget(QLabel(tr("Recent projects:")))
        lay.addWidget(self.recent, 2)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.process: QProcess | None = None

    def _open_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, tr("Open a folder of images or a project"), self._last_place()
        )
        if path:
            self.open_requested.emit(path)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open COCO annotations"), self._last_place(), tr("JSON") + " (*.json)"
        )
        if path:
            self.open_requested.emit(path)

    @staticmethod
    def _last_place() -> str:
        """Beside the most recent project (no project is open while this page shows)."""
        recent = settings.recent_projects()
        return start_dir(Path(recent[0]).parent) if recent else ""

    def open_demo(self) -> None:
        target = demo_dir()
        if (target / "annotations.json").is_file():
            self.open_requested.emit(str(target))
            return
        self.demo_button.setEnabled(False)
        self.status.setText(tr("Writing the demo project to {path} ...").format(path=target))
        self.process = QProcess(self)
        self.process.setWorkingDirectory(str(ROOT))
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(lambda code, _status: self._demo_done(code, target))
        argv = cli_command("demo-data", os.fspath(target))
        self.process.start(argv[0], argv[1:])

    def _demo_done(self, code: int, target: Path) -> None:
        self.demo_button.setEnabled(True)
        out = bytes(self.process.readAll()).decode(errors="replace") if self.process else ""
        if code == 0 and target.exists():
            self.status.setText("")
            self.open_requested.emit(str(target))
        else:
            self.status.setText(
                tr("Could not write the demo project (exit {code}): {output}").format(
                    code=code, output=out.strip()[-300:]
                )
            )
