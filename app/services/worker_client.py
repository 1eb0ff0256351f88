"""Talk to the core worker process through QProcess; never imports torch.

``WorkerProcess`` starts a command, splits its stdout into JSON lines (partial lines are buffered
until their newline arrives), decodes each with ``core.events.decode`` and emits ``event``.
Lines are handled in time slices of ``slice_ms``: a burst of thousands of events is spread over
several event-loop turns instead of freezing the window.
Training: ``worker_command("train", "--config", path)``; inference: ``InferenceClient``.

The worker starts its own processes (DataLoader workers). On POSIX it runs as the leader of a new
session, so ``kill`` ends its whole process group, and whatever of that group outlives the worker
(a crash, the OOM killer) is ended when the worker's exit is seen. On Windows ``taskkill /T``
ends the tree. ``terminate`` (SIGTERM first) is the way to end a torchrun launch: torchrun puts
each rank in a session of its own and ends them itself on SIGTERM.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from app.i18n import tr
from core import devices
from core import events as ev


def worker_command(*args: str, nproc: int = 1) -> list[str]:
    """argv of the core worker: ``python -m core.worker ...`` (``app --worker ...`` when frozen).
    ``nproc > 1`` (several GPUs) wraps it in ``torch.distributed.run --standalone`` (torchrun:
    a free rendezvous port on this machine); only rank 0 prints events, and a ``stop`` on the
    shared stdin reaches every rank through core's any-rank agreement."""
    if nproc < 1:
        raise ValueError(f"worker_command: nproc must be >= 1, got {nproc}")
    if nproc > 1:
        if getattr(sys, "frozen", False):
            raise ValueError(
                tr(
                    "training on several GPUs needs a Python install with torch "
                    "(torchrun); the packaged app trains on one GPU"
                )
            )
        return [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            f"--nproc_per_node={nproc}",
            "-m",
            "core.worker",
            *args,
        ]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--worker", *args]
    return [sys.executable, "-m", "core.worker", *args]


def cli_command(*args: str) -> list[str]:
    """argv of ``efficientdet ARGS``: ``python -m core.cli ...`` (``app --cli ...`` when frozen,
    where ``sys.executable`` is the bundle's own executable and ``-m`` would open the GUI)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--cli", *args]
    return [sys.executable, "-m", "core.cli", *args]


class WorkerProcess(QObject):
    """One worker subprocess; signals arrive on the GUI thread, nothing blocks."""

    event = Signal(object)  # a core.events.Event
    bad_line = Signal(str)  # stdout line that is not a valid event (shown in the log)
    stderr_line = Signal(str)
    # exit code, crashed (1: killed or non-zero, else 0). An int, not a bool: PySide6 6.12 drops
    # a reference to True/False on every Python bool sent through a custom signal (a crash at exit)
    exited = Signal(int, int)

    def __init__(
        self, parent: QObject | None = None, tail_lines: int = 40, slice_ms: float = 25.0
    ) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self.pid = 0  # the worker's process id (and its process group on POSIX) once started
        self._buf = b""
        self._lines: collections.deque[bytes] = collections.deque()  # complete, not yet handled
        self._exit: tuple[int, int] | None = None  # (code, crashed) once the process ended
        self.slice_s = slice_ms / 1000
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain)
        self._err_buf = b""
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self.terminate)  # stop's timeout
        self._term_timer = QTimer(self, singleShot=True)
        self._term_timer.timeout.connect(self.kill)  # terminate's grace period

    def start(self, argv: list[str], cwd: str | None = None) -> None:
        if self.is_running():
            raise RuntimeError("the worker is already running; stop it first")
        self._buf, self._err_buf, self._exit, self.pid = b"", b"", None, 0
        self._lines.clear()
        self.stderr_tail.clear()
        proc = QProcess(self)
        proc.setProgram(argv[0])
        proc.setArguments(argv[1:])
        if cwd:
            proc.setWorkingDirectory(cwd)
        proc.readyReadStandardOutput.connect(self._read_stdout)
        proc.readyReadStandardError.connect(self._read_stderr)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        proc.started.connect(lambda: setattr(self, "pid", int(proc.processId())))
        if os.name == "posix":  # its own session and process group: kill() reaches its children
            proc.setUnixProcessParameters(QProcess.UnixProcessFlag.CreateNewSession)
        self._proc = proc
        proc.start()

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.state() != QProcess.ProcessState.NotRunning

    def send(self, cmd: str, **args: object) -> bool:
        """Write one command line to the worker's stdin; False when it is not running."""
        if not self.is_running():
            return False
        self._proc.write((ev.encode_command(cmd, **args) + "\n").encode())
        return True

    def stop(self, timeout_ms: int = 10000) -> None:
        """Ask the worker to save and exit; ``terminate`` it if it still runs after the timeout."""
        if self.send("stop"):
            self._kill_timer.start(timeout_ms)

    def terminate(self, grace_ms: int = 5000) -> None:
        """SIGTERM to the worker's process group, ``kill`` after ``grace_ms`` (how torchrun gets
        to end its ranks: they run in sessions of their own, out of ``kill``'s reach)."""
        pid = self.pid or (int(self._proc.processId()) if self._proc is not None else 0)
        if not self.is_running() or os.name != "posix" or pid <= 0:
            self.kill()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
        self._term_timer.start(grace_ms)

    def kill(self) -> None:
        """End the worker and every process it started."""
        if self.is_running():
            self._kill_tree()
            self._proc.kill()

    def _kill_tree(self) -> None:
        pid = self.pid or (int(self._proc.processId()) if self._proc is not None else 0)
        if pid <= 0:
            return
        if os.name == "posix":
            # The group outlives its leader while members remain; its id is not reused until
            # they are gone, so this reaches only the worker's own processes.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        elif self.is_running():
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(pid)],
                capture_output=True,
                timeout=10,
                check=False,
            )

    def wait(self, msecs: int) -> bool:  # for tests and shutdown only
        return self._proc is None or self._proc.waitForFinished(msecs)

    def _read_stdout(self) -> None:
        self.feed(bytes(self._proc.readAllStandardOutput().data()))

    def feed(self, data: bytes) -> None:
        """Take a chunk of stdout: complete lines are queued, a partial one waits in a buffer."""
        self._buf += data
        *lines, self._buf = self._buf.split(b"\n")
        self._lines.extend(lines)
        if not self._drain_timer.isActive():  # else a slice is already due on the next turn:
            self._drain()  # draining now too would run two slices back to back

    def _drain(self) -> None:
        """Handle queued lines for at most ``slice_s``; the rest waits for the next loop turn."""
        start = time.monotonic()
        while self._lines:
            self._handle_line(self._lines.popleft())
            if self._lines and time.monotonic() - start > self.slice_s:
                self._drain_timer.start()
                return
        if self._exit is not None:  # every line is out: now tell that the process ended
            code, crashed = self._exit
            self._exit = None
            self.exited.emit(code, crashed)

    def _handle_line(self, raw: bytes) -> None:
        if not raw.strip():
            return
        try:
            event = ev.decode(raw)
        except ev.EventError as exc:
            self.bad_line.emit(f"{raw.decode(errors='replace')[:300]}  ({exc})")
            return
        self.event.emit(event)

    def _read_stderr(self) -> None:
        self._err_buf += bytes(self._proc.readAllStandardError().data())
        *lines, self._err_buf = self._err_buf.split(b"\n")
        for raw in lines:
            text = raw.decode(errors="replace").rstrip()
            self.stderr_tail.append(text)
            self.stderr_line.emit(text)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.stderr_tail.append(
                tr("could not start {program}: {error}").format(
                    program=self._proc.program(), error=self._proc.errorString()
                )
            )
            self.exited.emit(-1, 1)

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._kill_timer.stop()
        self._term_timer.stop()
        if os.name == "posix":
            self._kill_tree()  # loading processes left behind by a crashed worker
        self._read_stderr()
        if self._err_buf.strip():
            self.stderr_tail.append(self._err_buf.decode(errors="replace"))
        crashed = status == QProcess.ExitStatus.CrashExit or code != 0
        self._exit = (code, int(crashed))
        self._buf += bytes(self._proc.readAllStandardOutput().data())
        self.feed(b"\n" if self._buf.strip() else b"")  # a last line may lack its newline;
        # feed drains the queue and then emits ``exited``


class InferenceClient(QObject):
    """The long-lived ``serve CHECKPOINT`` worker: predict requests in, Predictions out."""

    ready = Signal(object)  # core.events.Ready
    predictions = Signal(object)  # core.events.Predictions
    progress = Signal(object)  # core.events.PredictProgress, after each batch of a request
    failed = Signal(str)  # error text (process ended or an Error event)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process = WorkerProcess(self)
        self.process.event.connect(self._on_event)
        self.process.exited.connect(self._on_exit)
        self._ids = itertools.count(1)
        self.checkpoint: str | None = None
        self.is_ready = False
        self._queued: list[str] = []

    def start(self, checkpoint: str, argv: list[str] | None = None) -> None:
        """Load ``checkpoint`` in a new worker (``argv`` overrides the command, for tests)."""
        self.close()
        self.checkpoint, self.is_ready = checkpoint, False
        self.process.start(argv or worker_command("serve", checkpoint))

    def predict(self, paths: list[str], score: float = 0.05) -> str:
        """Queue a request; returns its id. Requests made before Ready are sent once ready."""
        rid = str(next(self._ids))
        line = ev.encode_command("predict", id=rid, paths=list(paths), score=score)
        if self.is_ready:
            self.process._proc.write((line + "\n").encode())
        else:
            self._queued.append(line)
        return rid

    def cancel(self, request: str | None = None) -> None:
        """Drop what is not answered yet of ``request`` (None: of every request sent); the
        worker answers each with a last ``progress`` that counts the cancelled paths."""
        args = {} if request is None else {"id": request}
        if self.is_ready:
            self.process.send("cancel", **args)
        elif request is None:
            self._queued.clear()
        else:
            self._queued = [q for q in self._queued if ev.decode_command(q)[1].get("id") != request]

    def close(self) -> None:
        if self.process.is_running():
            self.process.send("quit")
            if not self.process.wait(2000):
                self.process.kill()
                self.process.wait(2000)
        self._queued.clear()

    def _on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.Ready):
            self.is_ready = True
            for line in self._queued:
                self.process._proc.write((line + "\n").encode())
            self._queued.clear()
            self.ready.emit(event)
        elif isinstance(event, ev.Predictions):
            self.predictions.emit(event)
        elif isinstance(event, ev.PredictProgress):
            self.progress.emit(event)
        elif isinstance(event, ev.Error):
            self.failed.emit(f"{event.message}\n{event.hint}".strip())

    def _on_exit(self, code: int, crashed: int) -> None:
        self.is_ready = False
        if crashed:
            tail = "\n".join(self.process.stderr_tail)
            text = tr("the inference worker ended (exit code {code})").format(code=code)
            self.failed.emit(f"{text}\n{tail}".strip())


@dataclass(frozen=True)
class Device:
    name: str  # "cpu" or "cuda"
    label: str  # for people, e.g. "NVIDIA H100 (80 GB)"
    memory_gb: float  # per GPU; 0 for the CPU
    count: int = 1


_DEVICE: Device | None = None


def detect_device() -> Device:
    """The training device, found without torch: ``nvidia-smi`` when present, else the CPU."""
    global _DEVICE
    if _DEVICE is None:
        gpus = devices.nvidia_gpus()
        _DEVICE = Device("cpu", "CPU", 0.0)
        if gpus:
            gb = gpus[0].memory_gb
            _DEVICE = Device("cuda", f"{gpus[0].name} ({gb:.0f} GB)", gb, len(gpus))
    return _DEVICE
