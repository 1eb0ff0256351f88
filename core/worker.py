"""The process the GUI talks to: JSON-lines events on stdout, commands on stdin.

    python -m core.worker train --config cfg.json      (or the flags of `efficientdet train`)
    python -m core.worker serve CHECKPOINT              (long-lived inference, core.predict.serve)

Training: every event goes to stdout as one flushed line (core.events.encode) and into the run's
events.jsonl. Anything else that would print (library warnings, stray prints) goes to stderr so
stdout stays parseable. A reader thread takes commands from stdin: ``stop`` saves a checkpoint at
the next step boundary and exits 0 (Finished with stopped=True); ``eval_now`` evaluates at the next
step boundary. Failures end with an Error event and exit code 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import TextIO

from core import events as ev


class CommandReader:
    """Reads commands from a stream on a daemon thread and turns them into flags."""

    def __init__(self, stream: TextIO, on_bad_line=None, stop_on_eof: bool = False) -> None:
        self.stop = threading.Event()
        self._stop_on_eof = stop_on_eof
        self._eval = threading.Event()
        self._stream = stream
        self._on_bad_line = on_bad_line
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

    def _run(self) -> None:
        # End of input is a stop only when asked (the GUI asks: if the GUI dies, its pipe
        # closes and the run saves and ends); a worker started with stdin closed still trains.
        for line in self._stream:
            if not line.strip():
                continue
            try:
                cmd, _ = ev.decode_command(line)
            except ev.EventError as exc:
                if self._on_bad_line is not None:
                    self._on_bad_line(f"ignored a line on stdin: {exc}")
                continue
            if cmd in ("stop", "quit"):
                self.stop.set()
            elif cmd == "eval_now":
                self._eval.set()
        if self._stop_on_eof:
            self.stop.set()


def _train(args: argparse.Namespace, out: TextIO) -> int:
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
        return 2

    def bad_line(message: str) -> None:
        emit(ev.Warning(kind="command", message=message))

    reader = CommandReader(sys.stdin, bad_line, stop_on_eof=args.stop_on_eof and rank0).start()
    from core.train.loop import train

    try:
        train(
            cfg,
            run_dir,
            emit=emit,
            should_stop=reader.stop.is_set,
            eval_requested=reader.eval_requested,
            resume=resume,
        )
    except TrainingError:
        return 1
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from core.predict import serve

    return int(serve(args.checkpoint, sys.stdin, out, args.device, args.precision) or 0)


def build_parser() -> argparse.ArgumentParser:
    from core.predict import PRECISIONS
    from core.train.cli import add_arguments

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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    # Events get a private copy of stdout; file descriptor 1 and sys.stdout are pointed at
    # stderr, so stray prints (Python or C) cannot corrupt the event stream.
    sys.stdout.flush()
    saved_fd = os.dup(1)
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    saved_stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        if args.mode == "serve":
            return _serve(args, out)
        return _train(args, out)
    finally:
        out.flush()
        out.close()
        os.dup2(saved_fd, 1)
        os.close(saved_fd)
        sys.stdout = saved_stdout


if __name__ == "__main__":
    sys.exit(main())
