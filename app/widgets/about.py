"""Help > About: the app's version and the device doctor's report.

The GUI never imports torch, so the report comes from ``efficientdet doctor --json`` run as a
child process (``worker_client.cli_command``: the bundle's own executable when frozen) through a
QProcess: the dialog opens at once and fills in when the probes are done.
"""

from __future__ import annotations

import json
import platform

import PySide6
from PySide6.QtCore import QProcess, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.worker_client import cli_command, detect_device
from core.doctor import format_report
from core.versions import app_version


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, command: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About EfficientDet Studio"))
        self.summary = QLabel(
            f"<h3>EfficientDet Studio {app_version()}</h3>"
            f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__}"
            "<br>" + tr("GPU seen by the driver: {gpu}").format(gpu=detect_device().label)
        )
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setPlainText(tr("Checking torch, CUDA and the GPUs (efficientdet doctor)…"))
        self.report.setMinimumSize(560, 300)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.report, 1)
        lay.addWidget(buttons)
        self.result: dict | None = None  # the doctor's report once it came
        self.process = QProcess(self)
        self.process.finished.connect(self._done)
        self.process.errorOccurred.connect(self._failed_to_start)
        argv = command or cli_command("doctor", "--json")
        self.process.start(argv[0], argv[1:])

    def _done(self, code: int, _status: QProcess.ExitStatus) -> None:
        out = bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")
        err = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        try:
            self.result = json.loads(out.strip().splitlines()[-1])
            self.report.setPlainText(format_report(self.result))
        except (IndexError, ValueError, KeyError, TypeError):
            self.report.setPlainText(
                tr("The device check failed (exit {code}):").format(code=code) + "\n" + err[-2000:]
            )

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.report.setPlainText(
                tr("Could not run the device check: {error}").format(
                    error=self.process.errorString()
                )
            )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(2000)
        super().closeEvent(event)


def show_about(parent: QWidget) -> AboutDialog:
    """Open the About dialog (non-modal; kept alive by its parent)."""
    previous = getattr(parent, "_about_dialog", None)
    if previous is not None:
        previous.close()
    dialog = AboutDialog(parent)
    parent._about_dialog = dialog
    dialog.show()
    return dialog
