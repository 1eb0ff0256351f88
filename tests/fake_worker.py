"""A stand-in for ``python -m core.worker``: replays recorded, schema-valid events line by line.

    fake_worker.py train (--config CONFIG.json | --resume RUN_DIR) [--run-dir DIR]
                         [--events FILE] [--delay S] [--crash-after N] [--hard-crash]
                         [--ignore-stop] [--linger] [--split-lines] [--steps N]
    fake_worker.py serve CHECKPOINT [--delay S]

``train`` takes the real worker's TrainConfig dict and writes ``config.json`` and
``events.jsonl`` into the run folder like it (``--run-dir``, ``--resume``, else
``<config["data"]>/runs/<stamp>-<level>``); ``--resume`` appends the remaining epochs. Without
``--events`` it replays a built-in recording of a small D0 run (see ``recording``). It honours
``{"cmd": "stop"}`` on stdin unless ``--ignore-stop``, and answers ``eval_now`` with an
``eval`` event at once. ``--crash-after N`` emits an
out-of-memory Error event after N events and exits 1; with ``--hard-crash`` it prints only a
traceback to stderr and exits 3. ``serve`` answers predict commands with detections that depend
only on the file name, so tests know what to expect, a ``predict_progress`` after each path, and
``cancel``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import events as ev  # noqa: E402
from core.topology import bifpn_nodes  # noqa: E402

CLASSES = ["cat", "dog"]


def fusion_event(epoch: int, method: str, cells: int = 3) -> ev.Fusion:
    nodes = []
    for cell in range(cells):
        for i, spec in enumerate(bifpn_nodes(3, 7)):  # one D0 cell, P3-P7
            weights = None
            if method != "sum":
                raw = [1.0 + 0.3 * math.sin(epoch + cell + i + k) for k in range(len(spec.inputs))]
                weights = [w / sum(raw) for w in raw]
            nodes.append(
                ev.FusionNode(cell, i, spec.label, spec.output, list(spec.inputs), weights)
            )
    return ev.Fusion(epoch=epoch, method=method, nodes=nodes)


def recording(
    run_dir: str, config: dict, epochs: int = 3, steps: int = 8, first_epoch: int = 0
) -> list[ev.Event]:
    """A small, plausible training run: losses fall, AP rises, fusion weights drift."""
    method = (config.get("model") or {}).get("fusion") or "fast"
    out: list[ev.Event] = [ev.Started(run_dir, config, "cpu", 40, 10, first_epoch)]
    for epoch in range(first_epoch, epochs):
        for step in range(1, steps + 1):
            t = epoch + step / steps
            cls, box = 1.2 / (1 + t), 0.4 / (1 + t)
            out.append(
                ev.Progress(
                    epoch,
                    epochs,
                    step,
                    steps,
                    {"loss": cls + box, "class_loss": cls, "box_loss": box},
                    0.01 * (1 - t / (epochs + 1)),
                    12.5,
                    (epochs - t) * 4.0,
                )
            )
        out.append(ev.EpochEnd(epoch, {"loss": 1.0 / (1 + epoch)}, 4.0))
        ap = 0.1 + 0.1 * epoch
        out.append(
            ev.Eval(
                epoch,
                {"AP": ap, "AP50": ap + 0.2, "AP75": ap * 0.8},
                {c: ap + 0.05 * i for i, c in enumerate(CLASSES)},
            )
        )
        out.append(fusion_event(epoch, method))
        out.append(ev.Checkpoint(epoch, str(Path(run_dir) / "last.pt"), epoch == epochs - 1))
    out.append(ev.Finished(run_dir, epochs, False, 0.1 + 0.1 * (epochs - 1)))
    return out


class Stdin:
    """Reads commands on a thread so the replay never waits for input."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, dict]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            try:
                self.commands.append(ev.decode_command(line))
            except ev.EventError as exc:
                print(f"bad command: {exc}", file=sys.stderr, flush=True)

    def pop(self) -> tuple[str, dict] | None:
        return self.commands.pop(0) if self.commands else None


def emit(event: ev.Event, log, split: bool) -> None:
    if isinstance(event, ev.Checkpoint):  # a checkpoint event names a file that exists
        Path(event.path).parent.mkdir(parents=True, exist_ok=True)
        Path(event.path).write_bytes(b"not a real checkpoint")
    line = ev.encode(event)
    if split and len(line) > 10:  # exercise the reader's partial-line buffering
        sys.stdout.write(line[:7])
        sys.stdout.flush()
        time.sleep(0.002)
        line = line[7:]
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    log.write(ev.encode(event) + "\n")
    log.flush()


def _project_of(data: str) -> Path:
    """The folder a run of ``data`` goes under, as TrainConfig.default_run_dir finds it."""
    return Path(data) if Path(data).is_dir() else Path(data).parent


def train(args: argparse.Namespace) -> int:
    first_epoch = 0
    if args.resume:
        run_dir = Path(args.resume)
        config = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
        done = [
            e for e in ev.read_events(str(run_dir / "events.jsonl")) if isinstance(e, ev.EpochEnd)
        ]
        first_epoch = done[-1].epoch + 1 if done else 0
    else:
        config = json.loads(Path(args.config).read_text(encoding="utf-8"))
        level = (config.get("model") or {}).get("level", "d0")
        run_dir = Path(
            args.run_dir
            or _project_of(config["data"]) / "runs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{level}"
        )
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    if args.events:
        events = ev.read_events(args.events)
    else:
        events = recording(str(run_dir), config, config.get("epochs", 3), args.steps, first_epoch)
    stdin = Stdin()
    with open(run_dir / "events.jsonl", "a" if args.resume else "w", encoding="utf-8") as log:
        for i, event in enumerate(events):
            if args.crash_after is not None and i == args.crash_after:
                print(
                    'Traceback (most recent call last):\n  File "loop.py", line 1\n'
                    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB",
                    file=sys.stderr,
                    flush=True,
                )
                if args.hard_crash:
                    return 3
                emit(
                    ev.Error(
                        "out_of_memory",
                        "CUDA out of memory. Tried to allocate 2.00 GiB",
                        "Lower the batch size or the input size.",
                    ),
                    log,
                    False,
                )
                return 1
            cmd = stdin.pop()
            if cmd and cmd[0] == "eval_now":  # answered like the worker: an eval event now
                now = ev.Eval(getattr(event, "epoch", 0), {"AP": 0.0}, dict.fromkeys(CLASSES, 0.0))
                emit(now, log, False)
            if cmd and cmd[0] == "stop" and not args.ignore_stop:
                epoch = getattr(event, "epoch", 0)
                emit(ev.Checkpoint(epoch, str(run_dir / "last.pt"), False), log, False)
                emit(ev.Finished(str(run_dir), epoch, True, None), log, False)
                return 0
            emit(event, log, args.split_lines)
            time.sleep(args.delay)
        while args.ignore_stop and args.linger:  # a worker that never exits by itself
            time.sleep(0.05)
    return 0


def detections_for(path: str) -> list[ev.Detection]:
    """Fixed boxes whose scores depend on the name's length: deterministic per file."""
    n = len(Path(path).name)
    return [
        ev.Detection([10.0, 10.0, 20.0, 20.0], 0.9, CLASSES[0]),
        ev.Detection([50.0, 50.0, 20.0, 20.0], 0.3 + 0.01 * (n % 10), CLASSES[1]),
        ev.Detection([5.0, 60.0, 10.0, 10.0], 0.1, CLASSES[0]),
    ]


def serve(args: argparse.Namespace) -> int:
    """Predict requests in order; ``cancel`` (read on a thread) drops the current request's
    unanswered paths and those of requests waiting behind it."""
    import queue

    print(ev.encode(ev.Ready(args.checkpoint, CLASSES, "cpu")), flush=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    waiting: list[tuple[str, dict]] = []

    def cancelled() -> bool:
        hit = False
        while not lines.empty():
            line = lines.get()
            item = ("quit", {}) if line is None else ev.decode_command(line)
            if item[0] == "cancel":
                hit = True
                waiting[:] = [("dropped", w[1]) if w[0] == "predict" else w for w in waiting]
            else:
                waiting.append(item)
        return hit

    while True:
        if waiting:
            cmd, body = waiting.pop(0)
        else:
            line = lines.get()
            if line is None:
                return 0
            cmd, body = ev.decode_command(line)
        if cmd == "quit":
            return 0
        paths, rid = body.get("paths", []), str(body.get("id", ""))
        if cmd == "dropped":
            print(ev.encode(ev.PredictProgress(rid, 0, len(paths), 0.0, 0.0, len(paths))))
            sys.stdout.flush()
        if cmd != "predict":
            continue
        for i, path in enumerate(paths):
            time.sleep(args.delay)
            missing = not Path(path).exists()
            dets = (
                []
                if missing
                else [d for d in detections_for(path) if d.score >= body.get("score", 0.0)]
            )
            print(
                ev.encode(ev.Predictions(rid, path, dets, "cannot read image" if missing else "")),
                flush=True,
            )
            done, total = i + 1, len(paths)
            stop = done < total and cancelled()
            left = total - done if stop else 0
            print(ev.encode(ev.PredictProgress(rid, done, total, 10.0, 0.0, left)), flush=True)
            if stop:
                break
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("train")
    t.add_argument("data", nargs="?")
    t.add_argument("--config")
    t.add_argument("--resume")
    t.add_argument("--run-dir")
    t.add_argument("--events")
    t.add_argument("--delay", type=float, default=0.0)
    t.add_argument("--steps", type=int, default=8)
    t.add_argument("--crash-after", type=int)
    t.add_argument("--hard-crash", action="store_true")
    t.add_argument("--ignore-stop", action="store_true")
    t.add_argument("--stop-on-eof", action="store_true")
    t.add_argument("--linger", action="store_true")
    t.add_argument("--split-lines", action="store_true")
    s = sub.add_parser("serve")
    s.add_argument("checkpoint")
    s.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args(argv)
    return train(args) if args.mode == "train" else serve(args)


if __name__ == "__main__":
    sys.exit(main())
