"""The real ``serve`` worker over pipes: batched answers in order, progress, cancel, and on."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from core import events as ev
from core.data.prefetch import batches, load_ahead
from tests.core.test_predict import ROOT, make_checkpoint, write_image


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imgs")
    return [write_image(folder / f"{i:02d}.png", 60 + 7 * i, 50, seed=i) for i in range(10)]


class Worker:
    def __init__(self, checkpoint: Path, *args: str) -> None:
        argv = [sys.executable, "-m", "core.worker", "serve", str(checkpoint), "--device", "cpu"]
        self.proc = subprocess.Popen(
            [*argv, *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def send(self, cmd: str, **args: object) -> None:
        self.proc.stdin.write(ev.encode_command(cmd, **args) + "\n")
        self.proc.stdin.flush()

    def next(self, timeout: float = 60) -> ev.Event:
        return ev.decode(self.lines.get(timeout=timeout))

    def until_final(self, request: str) -> tuple[list[ev.Predictions], ev.PredictProgress]:
        """The request's Predictions up to its last PredictProgress (done + cancelled = total)."""
        got, deadline = [], time.monotonic() + 120
        while time.monotonic() < deadline:
            e = self.next()
            if isinstance(e, ev.Predictions):
                got.append(e)
            elif (
                isinstance(e, ev.PredictProgress)
                and e.request == request
                and e.done + e.cancelled == e.total
            ):
                return got, e
        raise AssertionError(f"request {request} never finished")

    def close(self) -> int:
        try:
            self.send("quit")
            return self.proc.wait(timeout=30)
        finally:
            self.proc.kill()
            self.proc.wait()


def test_a_request_is_answered_in_batches_in_order_and_a_cancel_stops_it(tmp_path, images):
    worker = Worker(make_checkpoint(tmp_path / "m.pt"), "--batch-size", "3")
    try:
        assert isinstance(worker.next(), ev.Ready)
        paths = [str(p) for p in images]
        worker.send("predict", id="all", paths=paths, score=0.0)
        steps = []
        got: list[ev.Predictions] = []
        while len(steps) < 4:
            e = worker.next()
            (got if isinstance(e, ev.Predictions) else steps).append(e)
        assert [p.image for p in got] == paths and all(p.request == "all" for p in got)
        assert all(p.detections and not p.error for p in got)
        assert [(s.done, s.total, s.cancelled) for s in steps] == [
            (3, 10, 0), (6, 10, 0), (9, 10, 0), (10, 10, 0)
        ]  # fmt: skip
        assert all(s.images_per_s > 0 for s in steps) and steps[-1].eta_s == 0

        many = paths * 12  # 120 paths, 40 batches: far more than the cancel takes to arrive
        worker.send("predict", id="big", paths=many, score=0.0)
        worker.send("predict", id="queued", paths=paths[:2], score=0.0)
        first = worker.next()
        assert isinstance(first, ev.Predictions) and first.request == "big"
        worker.send("cancel")
        answered, final = worker.until_final("big")
        answered.insert(0, first)
        assert 0 < final.done < final.total == 120 and final.cancelled == 120 - final.done
        assert [p.image for p in answered] == many[: final.done]
        dropped = worker.next()  # the request waiting behind it goes too
        assert isinstance(dropped, ev.PredictProgress) and dropped.request == "queued"
        assert (dropped.done, dropped.cancelled) == (0, 2)

        worker.send("predict", id="after", paths=paths[:5], score=0.0)
        answered, final = worker.until_final("after")
        assert [p.image for p in answered] == paths[:5] and final.cancelled == 0
        assert worker.close() == 0
    finally:
        worker.proc.kill()


def test_the_loader_reads_ahead_in_parallel_and_keeps_the_order():
    def slow(path: str) -> np.ndarray:
        time.sleep(0.1)
        if path == "bad":
            raise ValueError("broken")
        return np.full((2, 2, 3), int(path), np.uint8)

    paths = [str(i) for i in range(8)] + ["bad"]
    start = time.monotonic()
    got = [x for group in batches(load_ahead(paths, workers=4, read=slow), 4) for x in group]
    assert time.monotonic() - start < 0.6  # 0.9 s one at a time
    assert [x.index for x in got] == list(range(9))
    assert [int(x.image[0, 0, 0]) for x in got[:8]] == list(range(8))
    assert got[8].image is None and "bad: cannot read: ValueError: broken" in got[8].error
