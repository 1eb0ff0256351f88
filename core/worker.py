"""The process the GUI talks to: JSON-lines events on stdout, commands on stdin.

    python -m core.worker train --config cfg.json      (or the flags of `efficientdet train`)
    python -m core.worker serve CHECKPOINT              (long-lived inference, core.serving.serve)

Training: every event goes to stdout as one flushed line (core.events.encode) and into the run's
events.jsonl. Anything else that would print (library warnings, stray prints) goes to stderr so
stdout stays parseable. A reader thread takes commands from stdin: ``stop`` saves a checkpoint at
the next step boundary and exits 0 (Finished with stopped=True); ``eval_now`` evaluates at the next
step boundary. Failures end with an Error event and exit code 1.

Commands are read from a private duplicate of file descriptor 0 with ``os.read``; descriptor 0 and
``sys.stdin`` are pointed at the null device before anything starts. A thread blocked in a read of
a buffered ``sys.stdin`` holds the buffer's lock, and a process forked meanwhile (a DataLoader's
loading process: multiprocessing closes ``sys.stdin`` as a child starts) would wait on that lock
for ever. Reading a raw descriptor takes no Python lock, and nothing else can read the commands.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import IO

from core import events as ev
from core.cpu_threads import wait_passively


class CommandReader:
    """Reads commands on a daemon thread and turns them into flags.

    ``source`` is a file descriptor the reader then owns (and closes at end of input), or a stream:
    one with a file descriptor is read through a duplicate of it with ``os.read``, never through
    the stream's buffer, so a process forked while the thread waits cannot block on that buffer.
    Lines that are not commands are kept for ``take_notes`` (the thread never writes events
    itself: a fork while it held the event stream's lock would leave that lock held in the child).
    """

    def __init__(
        self,
        source: int | IO | None,
        on_bad_line: Callable[[str], None] | None = None,
        stop_on_eof: bool = False,
    ) -> None:
        self.stop = threading.Event()
        self._stop_on_eof = stop_on_eof
        self._eval = threading.Event()
        self._on_bad_line = on_bad_line
        self._notes: list[str] = []
        self._notes_lock = threading.Lock()
        self._fd: int | None = None
        self._stream: IO | None = None
        if isinstance(source, int):
            self._fd = source
        elif source is not None:
            try:
                self._fd = os.dup(source.fileno())
            except (AttributeError, OSError, ValueError):  # in-memory streams (tests)
                self._stream = source
        self._thread = threading.Thread(target=self._run, name="worker-stdin", daemon=True)

    def start(self) -> CommandReader:
        self._thread.start()
        return self

    def eval_requested(self) -> bool:
        """True once per eval_now command."""
        if self._eval.is_set():
            self._eval.clear()
            return True
        return False

    def take_notes(self) -> list[str]:
        """What was wrong with the lines read since the last call (for Warning events)."""
        with self._notes_lock:
            notes, self._notes = self._notes, []
        return notes

    def _lines(self) -> Iterator[bytes | str]:
        if self._stream is not None:  # bytes from its buffer when it has one: any byte is fine
            raw = getattr(self._stream, "buffer", self._stream)
            while line := raw.readline():
                yield line
            return
        if self._fd is None:
            return
        pending = b""
        try:
            while True:
                try:
                    chunk = os.read(self._fd, 65536)
                except InterruptedError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                pending += chunk
                *lines, pending = pending.split(b"\n")
                yield from lines
            if pending:
                yield pending
        finally:
            with contextlib.suppress(OSError):
                os.close(self._fd)

    def _run(self) -> None:
        # End of input is a stop only when asked (the GUI asks: if the GUI dies, its pipe
        # closes and the run saves and ends); a worker started with stdin closed still trains.
        # Nothing a line holds may end the thread: a dead reader would ignore every later stop.
        try:
            for line in self._lines():
                try:
                    self._take(line)
                except Exception as exc:  # noqa: BLE001
                    self._note(f"ignored a line on stdin: {type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - the stream itself failed: as end of input
            self._note(f"stopped reading stdin: {type(exc).__name__}: {exc}")
        if self._stop_on_eof:
            self.stop.set()

    def _take(self, line: bytes | str) -> None:
        if not line.strip():
            return
        try:
            cmd, _ = ev.decode_command(line)
        except UnicodeDecodeError as exc:
            self._note(f"ignored a line on stdin that is not UTF-8 text: {exc}")
            return
        except (ev.EventError, RecursionError) as exc:
            self._note(f"ignored a line on stdin: {exc}")
            return
        if cmd in ("stop", "quit"):
            self.stop.set()
        elif cmd == "eval_now":
            self._eval.set()

    def _note(self, message: str) -> None:
        if self._on_bad_line is not None:
            self._on_bad_line(message)
            return
        with self._notes_lock:
            self._notes.append(message)


@contextlib.contextmanager
def private_stdin() -> Iterator[int | None]:
    """A private duplicate of file descriptor 0 (None when there is no stdin), while descriptor 0
    and ``sys.stdin`` read the null device; both are put back afterwards."""
    try:
        private: int | None = os.dup(0)
        saved: int | None = os.dup(0)
    except OSError:
        private = saved = None
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    saved_stdin = sys.stdin
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        yield private
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdin.close()
        sys.stdin = saved_stdin
        if saved is not None:
            os.dup2(saved, 0)
            os.close(saved)


def _train(args: argparse.Namespace, out: IO[str], commands: int | None) -> int:
    from core.train.callbacks import TrainingError
    from core.train.cli import config_from_args

    lock = threading.Lock()

    rank0 = os.environ.get("RANK", "0") == "0"  # under torchrun only rank 0 speaks

    def emit(event: ev.Event) -> None:
        if not rank0:
            return
        line = ev.encode(event)
        with lock:
            out.write(line + "\n")
            out.flush()

    try:
        cfg, run_dir, resume = config_from_args(args)
    except (OSError, ValueError) as exc:
        emit(ev.Error(kind="config", message=str(exc), hint="check the worker's arguments"))
        if commands is not None:
            os.close(commands)
        return 2

    reader = CommandReader(commands, stop_on_eof=args.stop_on_eof and rank0).start()
    from core.train.loop import train

    def should_stop() -> bool:  # polled by the loop on the main thread: notes are emitted here
        for note in reader.take_notes():
            emit(ev.Warning(kind="command", message=note))
        return reader.stop.is_set()

    try:
        train(
            cfg,
            run_dir,
            emit=emit,
            should_stop=should_stop,
            eval_requested=reader.eval_requested,
            resume=resume,
        )
    except TrainingError:
        return 1
    return 0


def _serve(args: argparse.Namespace, out: IO[str], commands: int | None) -> int:
    from core.data.limits import set_limits
    from core.serving import serve

    set_limits(args.max_image_pixels, args.max_image_bytes)
    # read from a file of its own (on serve's reading thread; serve forks no process)
    fd = commands if commands is not None else os.open(os.devnull, os.O_RDONLY)
    extra = {"batch_size": args.batch_size} if args.batch_size else {}
    with os.fdopen(fd, "r", encoding="utf-8") as stdin:  # serve reads its bytes
        return int(serve(args.checkpoint, stdin, out, args.device, args.precision, **extra) or 0)


def build_parser() -> argparse.ArgumentParser:
    from core.predict import PRECISIONS
    from core.train.cli import add_arguments, add_limit_arguments

    parser = argparse.ArgumentParser(prog="core.worker", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    train = sub.add_parser("train", help="train, reporting events on stdout")
    add_arguments(train)
    train.add_argument(
        "--stop-on-eof",
        action="store_true",
        help="save and stop when stdin closes (the GUI passes this: its death closes the pipe)",
    )
    serve = sub.add_parser("serve", help="answer prediction requests for a checkpoint")
    serve.add_argument("checkpoint")
    serve.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:1 ...")
    serve.add_argument(
        "--precision", choices=list(PRECISIONS), default="fp32", help="autocast (CUDA only)"
    )
    serve.add_argument(
        "--batch-size", type=int, help="images per forward pass (default 8 on CUDA, 4 on the CPU)"
    )
    add_limit_arguments(serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    wait_passively()  # before torch loads (core.cpu_threads)
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    # Events get a private copy of stdout; file descriptor 1 and sys.stdout are pointed at
    # stderr, so stray prints (Python or C) cannot corrupt the event stream.
    sys.stdout.flush()
    saved_fd = os.dup(1)
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", errors="backslashreplace")
    os.dup2(2, 1)
    saved_stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        with private_stdin() as commands:
            if args.mode == "serve":
                return _serve(args, out, commands)
            return _train(args, out, commands)
    finally:
        out.flush()
        out.close()
        os.dup2(saved_fd, 1)
        os.close(saved_fd)
        sys.stdout = saved_stdout


if __name__ == "__main__":
    sys.exit(main())
