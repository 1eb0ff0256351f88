"""``serve``: the GUI's long-lived inference worker (``python -m core.worker serve CKPT``).

A predict request is answered a batch at a time, the next images decoding on a thread pool while
the model runs: one ``predictions`` event per path, in order, then a ``predict_progress`` event
per batch. Commands are read on a thread of their own, so a ``cancel`` reaches a running request
between two batches; every other command waits its turn, in order.
"""

from __future__ import annotations

import collections
import contextlib
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from typing import IO

import torch

from core import events as ev
from core.data.imageio import read_image
from core.data.prefetch import batches, load_ahead
from core.predict import DEFAULT_SCORE, Predictor
from core.throughput import Throughput

_END = ("", {})  # end of input


def serve(
    checkpoint: str | os.PathLike,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    device: str = "auto",
    precision: str = "fp32",
    batch_size: int | None = None,
    workers: int | None = None,
) -> int:
    """Answer predict commands on ``stdin`` with event lines on ``stdout``.

    Prints Ready once the checkpoint is loaded; then for each ``{"cmd": "predict", "id",
    "paths", "score"}`` one Predictions event per path (an unreadable image gets ``error`` text)
    and a PredictProgress event after each batch. ``{"cmd": "cancel"}`` drops the paths not yet
    answered of the running request and of those waiting (``"id"``: of that request only), each
    answered by a last PredictProgress that counts them as ``cancelled``. A bad line gets an
    Error event; "quit" (or "stop") or end of input returns 0. A checkpoint that does not load
    prints an Error event and returns 1. Anything else printed (library warnings) goes to
    stderr so that stdout carries only event lines. Lines are read as bytes where the stream
    has them: a line that is not UTF-8 is a bad line, whatever the locale.
    """
    stdout = _utf8(stdout or sys.stdout)

    def emit(event: ev.Event) -> None:
        stdout.write(ev.encode(event) + "\n")
        stdout.flush()

    with contextlib.redirect_stdout(sys.stderr):
        try:
            predictor = Predictor.from_checkpoint(
                checkpoint, device=device, precision=precision, batch_size=batch_size
            )
        except (OSError, ValueError, RuntimeError) as exc:
            emit(ev.Error("checkpoint", str(exc), "Choose a checkpoint written by training."))
            return 1
        emit(ev.Ready(str(checkpoint), predictor.classes, str(predictor.device)))
        inbox = Inbox(stdin or sys.stdin, emit)
        while True:
            cmd, body = inbox.next()
            if cmd in ("quit", "stop", _END[0]):
                return 0
            if cmd == "cancel":
                continue  # nothing runs: its request was answered already
            if cmd != "predict":
                emit(ev.Error("bad_command", f"the inference worker does not understand {cmd!r}"))
                continue
            try:
                request, paths, score = predict_args(body)
            except ValueError as exc:
                emit(ev.Error("bad_command", f"predict: {exc}"))
                continue
            for event in answer(predictor, request, paths, score, inbox.cancelled, workers):
                emit(event)
    return 0


class Inbox:
    """Commands in arrival order, read on a thread; a cancel is seen while a request runs."""

    def __init__(self, stream: IO, emit: Callable[[ev.Event], None]) -> None:
        self._emit = emit
        self._queue: queue.Queue[tuple[str, dict]] = queue.Queue()
        self._waiting: collections.deque[tuple[str, dict]] = collections.deque()
        threading.Thread(target=self._read, args=(stream,), name="serve-stdin", daemon=True).start()

    def _read(self, stream: IO) -> None:
        try:
            for line in _request_lines(stream):
                if not line.strip():
                    continue
                try:
                    self._queue.put(ev.decode_command(line))
                except (ev.EventError, UnicodeDecodeError, RecursionError) as exc:
                    self._queue.put(("bad", {"message": str(exc)}))
        except OSError:  # the descriptor was closed under the reading thread: end of input
            pass
        finally:
            self._queue.put(_END)

    def next(self) -> tuple[str, dict]:
        """The next command (blocking); bad lines and cancelled requests are answered here."""
        while True:
            cmd, body = self._waiting.popleft() if self._waiting else self._queue.get()
            if cmd == "bad":
                hint = 'Send {"v": 1, "cmd": "predict", ...}.'
                self._emit(ev.Error("bad_command", body["message"], hint))
            elif cmd == "dropped":  # a bad one is answered as such
                paths = body.get("paths")
                n = len(paths) if isinstance(paths, list) else 0
                request = body.get("id", "")
                if n and isinstance(request, str):
                    self._emit(ev.PredictProgress(request, 0, n, 0.0, 0.0, n))
                else:
                    return "predict", body
            else:
                return cmd, body

    def cancelled(self, request: str) -> bool:
        """Whether a cancel for ``request`` has come; waiting requests it names are dropped."""
        hit = False
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return hit
            if item[0] != "cancel":
                self._waiting.append(item)
                continue
            target = item[1].get("id")
            hit = hit or target in (None, request)
            self._drop_waiting(target)

    def _drop_waiting(self, target: object) -> None:
        kept: collections.deque[tuple[str, dict]] = collections.deque()
        for cmd, body in self._waiting:
            drop = cmd == "predict" and target in (None, body.get("id"))
            kept.append(("dropped", body) if drop else (cmd, body))
        self._waiting = kept


def answer(
    predictor: Predictor,
    request: str,
    paths: list[str],
    score: float,
    cancelled: Callable[[str], bool] = lambda request: False,
    workers: int | None = None,
) -> Iterator[ev.Event]:
    """Predictions per path in order, a batch at a time, then PredictProgress per batch."""
    rate = Throughput(len(paths))
    loaded = load_ahead(paths, workers, ahead=2 * predictor.batch_size, read=read_image)
    try:
        for group in batches(loaded, predictor.batch_size):
            readable = [item for item in group if item.image is not None]
            try:
                found = predictor([item.image for item in readable], score) if readable else []
            except Exception as exc:  # noqa: BLE001 - e.g. out of memory: answer, keep serving
                found = []
                for item in readable:
                    item.image, item.error = None, f"inference failed: {exc}"
                readable = []
                if torch.cuda.is_available():
                    torch.cuda.empty_cache()
            dets = {item.index: d for item, d in zip(readable, found, strict=True)}
            for item in group:
                boxes = [ev.Detection(d["box"], d["score"], d["category"])
                         for d in dets.get(item.index, [])]  # fmt: skip
                yield ev.Predictions(request, paths[item.index], boxes, item.error)
            rate.add(len(group))
            stop = rate.done < rate.total and cancelled(request)
            left = rate.total - rate.done if stop else 0
            eta = 0.0 if stop else rate.eta_s
            yield ev.PredictProgress(request, rate.done, rate.total, rate.images_per_s, eta, left)
            if stop:
                return
    finally:
        loaded.close()


def predict_args(body: dict) -> tuple[str, list[str], float]:
    request, paths, score = body.get("id", ""), body.get("paths"), body.get("score", DEFAULT_SCORE)
    if not isinstance(request, str):
        raise ValueError(f"'id' must be a string, got {request!r}")
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ValueError(f"'paths' must be a list of strings, got {paths!r}")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise ValueError(f"'score' must be a number in [0, 1], got {score!r}")
    return request, paths, float(score)


def _request_lines(stream: IO) -> Iterator[bytes | str]:
    """The stream's lines as bytes. A stream with a descriptor is read with ``os.read``: a
    thread blocked there holds no lock of the stream's buffer, so closing the stream when serve
    returns never waits for the next line."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.StringIO and friends
        raw = getattr(stream, "buffer", stream)
        while line := raw.readline():
            yield line
        return
    rest = b""
    while chunk := os.read(fd, 1 << 16):
        *lines, rest = (rest + chunk).split(b"\n")
        yield from (line + b"\n" for line in lines)
    if rest:
        yield rest


def _utf8(stream: IO[str]) -> IO[str]:
    """Paths in requests are UTF-8 whatever the locale (Windows pipes default to a code page)."""
    if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
        with contextlib.suppress(ValueError, OSError):  # already read from: keep as it is
            stream.reconfigure(encoding="utf-8")
    return stream
