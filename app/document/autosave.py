"""Autosave: the document is written shortly after every change (the "autosave_seconds"
preference, 0.3 s by default), off the GUI thread."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.document.project import Snapshot
from app.document.storage import Project, release, save_snapshot
from app.i18n import tr
from app.services.settings import preference


class Autosaver(QObject):
    """Saves shortly after every document change (``set_delay``), never on the GUI thread.

    The GUI thread only takes a snapshot (a copy of references to immutable records) and forks;
    the child process serializes, writes atomically and exits. ``saved(sizes)`` and
    ``failed(message)`` are emitted on the GUI thread once the child is reaped, and
    ``conflicted(message)`` once, when the labels went to a conflict copy (the file on disk
    changed under us, or another window holds the project) instead. A process, not
    a thread: serializing 100,000 boxes would hold the GIL and stutter the GUI, and a writer
    killed half-way leaves the previous file (atomic replace). Without ``os.fork`` (Windows)
    the write happens on the GUI thread.
    """

    saved = Signal(object)
    failed = Signal(str)
    conflicted = Signal(str)

    def __init__(self, project: Project, size_reader=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.size_reader = size_reader
        self.saved_revision = project.document.revision
        self._settings_changed = False
        self.error = ""  # why the last write failed; "" after a write that worked
        self._told_conflict = False
        self._child: tuple[int, str] | None = None  # (pid, file with its result)
        self._again = False
        self._timer = QTimer(self, singleShot=True)
        self.set_delay(float(preference("autosave_seconds")))
        self._timer.timeout.connect(self.save_now)
        self._watch = QTimer(self, interval=20)
        self._watch.timeout.connect(self._poll)
        project.document.on_change.append(self._changed)

    def set_delay(self, seconds: float) -> None:
        """Write ``seconds`` after a change (a pending write keeps its start)."""
        self._timer.setInterval(max(0, round(seconds * 1000)))

    @property
    def delay_ms(self) -> int:
        return self._timer.interval()

    @property
    def dirty(self) -> bool:
        return self.project.document.revision != self.saved_revision or self._settings_changed

    def settings_changed(self) -> None:
        """project.json settings changed (not the boxes): save them like an edit."""
        self._settings_changed = True
        self._changed("settings", None)

    @property
    def busy(self) -> bool:
        return self._child is not None

    def _changed(self, kind: str, payload: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def save_now(self) -> bool:
        """Start writing the current state; False when there is nothing to write."""
        self._timer.stop()
        if not self.dirty and self.project.on_disk:
            return False
        if self._child is not None:  # one writer at a time; the next one follows it
            self._again = True
            return True
        doc = self.project.document
        snap, settings = doc.snapshot(), self.project.settings_for_save()
        self.saved_revision = doc.revision
        self._settings_changed = False
        fd, result = tempfile.mkstemp(prefix="effdet-save-", suffix=".json")
        os.close(fd)
        if not hasattr(os, "fork"):
            self._write(snap, settings, result)
            self._finish(result, 0)
            return True
        pid = os.fork()
        if pid == 0:  # child: no Qt, no return
            code = 1
            try:
                code = self._write(snap, settings, result)
            finally:
                os._exit(code)
        self._child = (pid, result)
        self._watch.start()
        return True

    def _write(self, snap: Snapshot, settings: dict, result: str) -> int:
        try:
            done = save_snapshot(snap, self.project, settings, self.size_reader)
            payload = {
                "sizes": [[k, *v] for k, v in done.sizes.items()],
                "written": str(done.written), "hash": done.disk_hash, "conflict": done.conflict,
            }  # fmt: skip
            code = 0
        except Exception as e:  # noqa: BLE001 (reported to the user, never lost silently)
            payload, code = {"error": str(e)}, 1
        with open(result, "w", encoding="utf-8") as f:
            json.dump(payload, f)
        return code

    def _poll(self, block: bool = False) -> None:
        if self._child is None:
            self._watch.stop()
            return
        pid, result = self._child
        done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
        if done == 0:
            return
        self._child = None
        self._watch.stop()
        self._finish(result, status)
        if self._again:
            self._again = False
            if self.dirty:
                self.save_now()

    def _finish(self, result: str, status: int) -> None:
        try:
            with open(result, encoding="utf-8") as f:
                payload = json.load(f)
        except (OSError, ValueError):
            text = tr("the writer process ended without a result (status {status})")
            payload = {"error": text.format(status=status)}
        finally:
            if os.path.exists(result):
                os.unlink(result)
        if "error" in payload:
            self.saved_revision = -1  # dirty again: the next change, Ctrl+S or quitting retries
            error = str(payload["error"])
            if str(self.project.annotations_path) not in error:
                text = tr("Could not save {path}: {error}")
                error = text.format(path=self.project.annotations_path, error=error)
            self.error = error
            self.failed.emit(
                tr(
                    "{error}\n\nYour edits are kept in this window: fix the cause, then press "
                    "Ctrl+S (or make another change) to save again."
                ).format(error=error)
            )
            return
        self.error = ""
        self.project.on_disk = True
        self.project.disk_hash = payload.get("hash")
        conflict = payload.get("conflict")
        if conflict:
            self.project.conflict_path = Path(payload["written"])
        if conflict and not self._told_conflict:
            self._told_conflict = True
            self.conflicted.emit(
                tr(
                    "{conflict}. Your labels were saved to {written} instead, and {path} was "
                    "left as it is, so both are kept. Until the project is opened again, this "
                    "window saves to that copy: compare the two files, keep the one you want "
                    "as the annotation file, and reopen."
                ).format(
                    conflict=conflict,
                    written=payload["written"],
                    path=self.project.annotations_path,
                )
            )
        self.saved.emit({k: (w, h) for k, w, h in payload["sizes"]})

    def flush(self) -> bool:
        """Write pending changes and wait for the writer (call before quitting); False when
        a write failed (``failed`` said why and the edits are still unsaved)."""
        self._timer.stop()
        tried = False
        while True:
            if self._child is not None:
                self._poll(block=True)
            elif not self.dirty:
                return True
            elif tried and self.error:
                return False
            else:
                tried = True
                self.save_now()

    def close(self, save: bool = True) -> None:
        """Stop saving (after a last flush unless ``save`` is False) and free the lock."""
        if save:
            self.flush()
        else:
            self._timer.stop()
            while self._child is not None:
                self._poll(block=True)
        if self._changed in self.project.document.on_change:
            self.project.document.on_change.remove(self._changed)
        release(self.project)
