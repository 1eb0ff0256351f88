"""Image loading off the GUI thread: header probes, decoding with EXIF orientation, an LRU cache.

Sizes are of the EXIF-oriented image (what the user sees and what boxes are measured in).
A zero-byte, truncated or non-image file is reported as broken with a reason; nothing raises.

The work runs in two helper processes (``python -m app.services.image_io --serve DIR``), one
decoding and one reading headers, each answering one JSON line per request. Processes, not
threads: a decoder that crashes on a hostile file cannot take the GUI down with it; that file
is marked broken and the helper is restarted. The helpers decode with core.data.imageio
(OpenCV; EXIF orientation applied as Qt's autoTransform does).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal
from PySide6.QtGui import QImage, QPixmap

from app.i18n import tr
from app.services.image_io import ImageInfo, decode_array, handle, header_size, probe, serve

__all__ = [
    "ImageInfo",
    "ImageService",
    "decode",
    "handle",
    "header_size",
    "probe",
    "serve",
    "to_qimage",
]


def to_qimage(rgb: np.ndarray) -> QImage:
    """Wrap an (H, W, 3) uint8 array as a QImage that owns its pixels (GUI thread)."""
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def decode(path: str | os.PathLike) -> tuple[QImage | None, str]:
    """Decode on the calling (GUI) thread: (image, "") or (None, reason)."""
    rgb, error = decode_array(path)
    return (None, error) if rgb is None else (to_qimage(rgb), "")


def helper_command(out_dir: str) -> list[str]:
    if getattr(sys, "frozen", False):  # the packaged executable dispatches this flag
        return [sys.executable, "--image-helper", out_dir]
    return [sys.executable, "-m", "app.services.image_io", "--serve", out_dir]


class _Helper(QObject):
    """One helper process; requests are answered in order, one JSON line each.

    ``on_reply(request, reply)`` gets every answer. Each process is first sent a ping: if it
    dies after answering it, the request it was working on is answered with an error (that
    file killed it) and the rest go to a fresh process; if it dies before, it cannot run at all
    and, after a few tries, the work is done in this process instead.
    """

    PING = {"kind": "ping", "path": ""}

    def __init__(
        self, out_dir: str, on_reply: Callable[[dict, dict], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.out_dir, self.on_reply = out_dir, on_reply
        self.in_flight: deque[dict] = deque()
        self.failed_to_start = False
        self._start_failures = 0
        self._buffer = b""
        self._closing = False
        self.process = self._start()

    def _start(self) -> QProcess:
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parents[2])
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH")) if p))
        proc.setProcessEnvironment(env)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        proc.readyReadStandardOutput.connect(self._read)
        proc.finished.connect(self._finished)
        proc.errorOccurred.connect(self._error)
        cmd = helper_command(self.out_dir)
        self._alive = False  # True once this process answered its ping
        self._buffer = b""
        proc.start(cmd[0], cmd[1:])
        self.in_flight.appendleft(dict(self.PING))
        proc.write((json.dumps(self.PING) + "\n").encode())
        return proc

    @property
    def busy(self) -> int:
        """Requests sent and not answered yet (pings not counted)."""
        return sum(r["kind"] != "ping" for r in self.in_flight)

    def send(self, request: dict) -> None:
        if self.failed_to_start:  # no helper process: do it here (blocks briefly)
            self.on_reply(request, handle(request, self.out_dir))
            return
        self.in_flight.append(request)
        self.process.write((json.dumps(request) + "\n").encode())

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip() and self.in_flight:
                request = self.in_flight.popleft()
                if request["kind"] == "ping":
                    self._alive, self._start_failures = True, 0
                else:
                    self.on_reply(request, json.loads(line))

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up()

    def _give_up(self) -> None:
        self.failed_to_start = True
        self.process = None
        pending, self.in_flight = list(self.in_flight), deque()
        for request in pending:
            if request["kind"] != "ping":
                self.send(request)

    def _finished(self, *args) -> None:
        if self._closing or self.failed_to_start:
            return
        self._read()
        self.process.deleteLater()
        pending = [r for r in self.in_flight if r["kind"] != "ping"]
        self.in_flight = deque(pending)
        if not self._alive:  # died before its ping: it cannot start
            self._start_failures += 1
            if self._start_failures >= 3:
                self._give_up()
                return
            blamed = []
        else:
            blamed = pending[:1]  # the request it was working on killed it
        self.in_flight = deque()
        self.process = self._start()
        for request in pending[len(blamed) :]:
            self.send(request)
        for request in blamed:
            self.on_reply(request, {"error": tr("the image decoder crashed on this file")})

    def close(self) -> None:
        self._closing = True
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.closeWriteChannel()
            if not self.process.waitForFinished(2000):
                self.process.kill()
                self.process.waitForFinished(2000)


class ImageService(QObject):
    """Decodes in a helper process, prefetches neighbours, keeps the last few images (LRU).

    Images are cached as QPixmaps, converted when they arrive, so showing a prefetched
    neighbour costs no conversion.
    """

    loaded = Signal(str, QPixmap)  # path, oriented image
    failed = Signal(str, str)  # path, reason
    probed = Signal(str, object)  # path, ImageInfo

    def __init__(self, cache_size: int = 6, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._queue: list[str] = []  # decodes not yet sent; the wanted one goes first
        self._wanted: str | None = None
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        self.out_dir = tempfile.mkdtemp(prefix="effdet-studio-", dir=shm)
        self._decoder = _Helper(self.out_dir, self._decoded, self)
        self._prober = _Helper(self.out_dir, self._probed, self)

    def cached(self, path: str) -> QPixmap | None:
        image = self._cache.get(path)
        if image is not None:
            self._cache.move_to_end(path)
        return image

    def request(self, path: str) -> None:
        """Ask for ``path``; ``loaded`` or ``failed`` follows (at once if it is cached)."""
        self._wanted = path
        if path in self._cache:
            self.loaded.emit(path, self.cached(path))
        elif path in self._errors:
            self.failed.emit(path, self._errors[path])
        else:
            self._enqueue(path, first=True)

    def prefetch(self, paths: Iterable[str]) -> None:
        for p in paths:
            if p not in self._cache and p not in self._errors:
                self._enqueue(p, first=False)

    def probe_all(self, paths: list[str]) -> None:
        """Read every header in the background; ``probed`` arrives for each path."""
        for p in paths:
            self._prober.send({"kind": "probe", "path": p})

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every request is answered (tests, benchmarks)."""
        for helper in (self._decoder, self._prober):
            while (
                helper.busy or (helper is self._decoder and self._queue)
            ) and helper.process is not None:
                if not helper.process.waitForReadyRead(msecs):
                    return False
                helper._read()
                self._send_next()
        return True

    def shutdown(self) -> None:
        self._decoder.close()
        self._prober.close()
        shutil.rmtree(self.out_dir, ignore_errors=True)

    def forget(self, path: str) -> None:
        self._cache.pop(path, None)
        self._errors.pop(path, None)

    # -- internals ---------------------------------------------------------------
    def _enqueue(self, path: str, first: bool) -> None:
        if any(r["path"] == path for r in self._decoder.in_flight):
            return
        if path in self._queue:
            self._queue.remove(path)
        self._queue.insert(0 if first else len(self._queue), path)
        self._send_next()

    def _send_next(self) -> None:
        if not self._decoder.busy and self._queue:  # one at a time: the wanted one is never late
            self._decoder.send({"kind": "decode", "path": self._queue.pop(0)})

    def _decoded(self, request: dict, reply: dict) -> None:
        path, error = request["path"], reply.get("error", "")
        image = None
        if not error:
            try:
                raw = Path(reply["file"])
                w, h = reply["w"], reply["h"]
                data = raw.read_bytes()
                raw.unlink()
                image = QPixmap.fromImage(QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888))
            except (OSError, KeyError, ValueError) as e:
                error = tr("cannot read the decoded pixels: {error}").format(error=e)
        if image is None:
            self._errors[path] = error
        else:
            self._cache[path] = image
            self._cache.move_to_end(path)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        if path == self._wanted:
            if image is None:
                self.failed.emit(path, error)
            else:
                self.loaded.emit(path, image)
        self._send_next()

    def _probed(self, request: dict, reply: dict) -> None:
        self.probed.emit(
            request["path"], ImageInfo(reply.get("w", 0), reply.get("h", 0), reply.get("error", ""))
        )
