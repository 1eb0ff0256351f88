"""Training speed beside a busy core: OpenMP threads that spin against threads that sleep.

Starts the training worker the way the Studio does (``python -m core.worker train``, its default
thread count and loading processes) on a project for --seconds of wall time, four ways in turn,
--rounds times: with ``OMP_WAIT_POLICY`` empty (libgomp's default: idle threads spin first) and
``PASSIVE`` (core.cpu_threads, the worker's default now), each alone and beside one process that
keeps a core busy (a Python loop). Speed: training images per wall second between the worker's
progress events, from its 5th step on (start-up and the first steps' warm-up left out). The
backbone is unfrozen from the start so every arm times the same kind of step.

    python bench/busy_core_bench.py .demo/project --level lite0 --seconds 55 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUSY = "while True: pass"


def images_per_s(events: Path, batch: int, skip: int = 4) -> float | None:
    """Training images per wall second between progress events, after ``skip`` of them."""
    if not events.is_file():
        return None
    lines = [json.loads(x) for x in events.read_text(encoding="utf-8").splitlines() if x]
    times = [e["time"] for e in lines if e.get("event") == "progress"][skip:]
    if len(times) < 2:
        return None
    return (len(times) - 1) * batch / (times[-1] - times[0])


def arm(args, policy: str, busy: bool, out: Path) -> float | None:
    env = {**os.environ, "OMP_WAIT_POLICY": policy, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "core.worker", "train", args.project, "--level", args.level]
    cmd += ["--start", "imagenet", "--freeze-backbone-epochs", "0", "--epochs", "60"]
    cmd += ["--run-dir", str(out)]
    hog = subprocess.Popen([sys.executable, "-c", BUSY]) if busy else None
    try:
        worker = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            worker.wait(timeout=args.seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    return images_per_s(out / "events.jsonl", args.batch)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("project")
    p.add_argument("--level", default="lite0")
    p.add_argument("--batch", type=int, default=8, help="the trainer's default batch size")
    p.add_argument("--seconds", type=float, default=55.0)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for policy in ("", "PASSIVE"):
                for busy in (False, True):
                    out = Path(tmp) / f"{r}-{policy or 'default'}-{int(busy)}"
                    rate = arm(args, policy, busy, out)
                    rows.append({"round": r, "policy": policy or "(libgomp default)", "busy": busy})
                    rows[-1]["images_per_s"] = None if rate is None else round(rate, 2)
                    print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
