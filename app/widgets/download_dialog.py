"""A dialog that downloads (or imports) pretrained weights through a child process.

It runs ``efficientdet weights get KEY --json`` (or ``weights import FILE --as KEY --json``)
with ``WorkerProcess`` and shows the size, the speed and a Cancel button; Cancel sends ``stop``
(the partial file stays for a resume) and kills the process if it does not end within
``kill_ms``. A failure shows the message and what to do, with a mirror field and Retry.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import tr
from app.services import settings
from app.services.worker_client import WorkerProcess, cli_command
from core import events as ev
from core.store import MIRROR_ENV

MIRROR_SETTING = "weights/mirror"


def mirror_url() -> str:
    """The mirror base URL: the setting, else the environment variable, else ""."""
    return str(settings.value(MIRROR_SETTING, "") or os.environ.get(MIRROR_ENV, "")).strip()


def _mb(n: float) -> str:
    return tr("{mb} MB").format(mb=f"{n / 1e6:.1f}")


class DownloadDialog(QDialog):
    done = Signal(str)  # the filed file

    def __init__(
        self,
        key: str,  # the store's name; "" with import_file: found from the file's hash
        import_file: str | None = None,
        parent: QWidget | None = None,
        command: Callable[..., list[str]] = cli_command,
        kill_ms: int = 3000,
    ) -> None:
        super().__init__(parent)
        self.key, self.import_file, self.command, self.kill_ms = key, import_file, command, kill_ms
        self.path: str | None = None
        self.error: ev.Error | None = None
        self.cancelled = False
        what = key or os.path.basename(import_file or "")
        if import_file:
            title = tr("Importing {what}").format(what=what)
            text = tr("Importing the pretrained weights {what}…").format(what=what)
        else:
            title = tr("Downloading {what}").format(what=what)
            text = tr("Downloading the pretrained weights {what}…").format(what=what)
        self.setWindowTitle(title)
        self.what = QLabel(text, wordWrap=True)
        self.bar = QProgressBar(minimum=0, maximum=0)  # busy until the size is known
        self.detail = QLabel(tr("connecting…"))
        self.message = QLabel(wordWrap=True)
        self.message.hide()
        self.mirror = QLineEdit(mirror_url(), placeholderText=tr("mirror base URL (optional)"))
        self.mirror.hide()
        self.cancel_btn = QPushButton(tr("Cancel"))
        self.cancel_btn.clicked.connect(self.cancel)
        self.retry_btn = QPushButton(tr("Retry"))
        self.retry_btn.clicked.connect(self.start)
        self.retry_btn.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_btn)
        buttons.addWidget(self.cancel_btn)
        lay = QVBoxLayout(self)
        for w in (self.what, self.bar, self.detail, self.message, self.mirror):
            lay.addWidget(w)
        lay.addLayout(buttons)
        self.process = WorkerProcess(self)
        self.process.event.connect(self._on_event)
        self.process.exited.connect(self._on_exit)
        self._kill = QTimer(self, singleShot=True, interval=kill_ms)
        self._kill.timeout.connect(self.process.kill)

    def args(self) -> list[str]:
        if self.import_file:
            named = ["--as", self.key] if self.key else []
            return ["weights", "import", self.import_file, *named, "--json"]
        mirror = self.mirror.text().strip()
        return ["weights", "get", self.key, "--json", *(["--mirror", mirror] if mirror else [])]

    def start(self) -> None:
        if self.mirror.isVisible() and self.mirror.text().strip() != mirror_url():
            settings.set_value(MIRROR_SETTING, self.mirror.text().strip())
        self.error, self.cancelled = None, False
        self.message.hide()
        self.mirror.hide()
        self.retry_btn.hide()
        self.cancel_btn.setText(tr("Cancel"))
        self.bar.setRange(0, 0)
        self.process.start(self.command(*self.args()))

    def cancel(self) -> None:
        if not self.process.is_running():
            self.reject()
            return
        self.cancelled = True
        self.detail.setText(tr("cancelling… (the partial file is kept; a later download resumes)"))
        self.process.send("stop")
        self._kill.start()

    def _on_event(self, e: ev.Event) -> None:
        if isinstance(e, ev.Download):
            if e.total:
                self.bar.setRange(0, 1000)
                self.bar.setValue(int(1000 * e.done / e.total))
            size = (
                tr("{done} of {total}").format(done=_mb(e.done), total=_mb(e.total))
                if e.total
                else _mb(e.done)
            )
            if e.state == "running":
                self.detail.setText(
                    tr("{size} at {speed}/s").format(size=size, speed=_mb(e.bytes_per_s))
                )
            elif e.state == "verifying":
                self.detail.setText(tr("{size}: checking the SHA-256…").format(size=size))
            elif e.state == "done":
                self.path = e.path
        elif isinstance(e, ev.Error):
            self.error = e

    def _on_exit(self, code: int, crashed: int) -> None:
        self._kill.stop()
        if self.path and not crashed:
            self.done.emit(self.path)
            self.accept()
            return
        if self.cancelled:
            self.reject()
            return
        if self.error is not None:
            hint = tr("What to do: {hint}").format(hint=self.error.hint)
            text = f"{self.error.message}\n\n{hint}".strip()
        else:
            tail = "\n".join(self.process.stderr_tail)
            ended = tr("the download process ended (exit code {code})").format(code=code)
            text = f"{ended}\n{tail}".strip()
        self.message.setText(text)
        self.message.show()
        self.detail.setText(tr("failed"))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if not self.import_file:
            self.mirror.show()
            self.retry_btn.show()
        self.cancel_btn.setText(tr("Close"))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.process.is_running():
            self.process.kill()
            self.process.wait(2000)
        super().closeEvent(event)


def ask_import_file(parent: QWidget | None, start: str = "") -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        tr("Import weights file"),
        start,
        tr("Weights") + " (*.pth *.pt *.bin *.safetensors);;" + tr("All") + " (*)",
    )
    return path
