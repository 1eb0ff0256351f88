"""The training worker as the GUI runs it: a subprocess, events on stdout, commands on stdin."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

from core import events as ev
from tests.core.test_train import make_project

ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "core.worker", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lines(proc: subprocess.Popen) -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            q.put(line)
        q.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return q


def _send(proc: subprocess.Popen, cmd: str) -> None:
    proc.stdin.write(ev.encode_command(cmd) + "\n")
    proc.stdin.flush()


@pytest.fixture
def broken_project(tmp_path) -> Path:
    """The demo project with one train image corrupt and one missing."""
    project = make_project(tmp_path / "p")
    coco = json.loads((project / "annotations.json").read_text())
    train = [img for img in coco["images"] if img.get("split") == "train"]
    (project / "images" / train[0]["file_name"]).write_bytes(b"\xff\xd8 not really a jpeg")
    (project / "images" / train[1]["file_name"]).unlink()
    return project


def test_worker_streams_events_evaluates_on_request_and_stops_on_stdin(broken_project, tmp_path):
    run_dir = tmp_path / "run"
    proc = _start(
        "train",
        str(broken_project),
        "--image-size",
        "128",
        "--batch-size",
        "2",
        "--epochs",
        "50",
        "--workers",
        "0",
        "--device",
        "cpu",
        "--eval-every",
        "0",
        "--run-dir",
        str(run_dir),
    )
    q = _lines(proc)
    got: list[ev.Event] = []
    sent_eval = sent_stop = False
    try:
        while True:
            line = q.get(timeout=120)
            if line is None:
                break
            got.append(ev.decode(line))  # every stdout line must be a valid event
            kinds = {e.kind for e in got if isinstance(e, ev.Warning)}
            if not sent_eval and isinstance(got[-1], ev.Progress):
                _send(proc, "eval_now")
                sent_eval = True
            if (
                not sent_stop
                and any(isinstance(e, ev.Eval) for e in got)
                and {"unreadable_image"} <= kinds
                and len(_unreadable(got)) == 2
            ):
                _send(proc, "stop")
                sent_stop = True
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert sent_stop, [ev.encode(e)[:120] for e in got]
    assert rc == 0, proc.stderr.read()[-2000:]
    assert isinstance(got[0], ev.Started)
    assert isinstance(got[-1], ev.Finished) and got[-1].stopped
    assert got[-1].epochs_done < 50
    assert len(_unreadable(got)) == 2  # the corrupt and the missing image, once each
    ckpt = torch.load(run_dir / "last.pt", weights_only=True)
    assert ckpt["step"] >= 1 and ckpt["classes"]
    best = torch.load(run_dir / "best.pt", weights_only=True)  # from the eval_now evaluation
    assert best["best_metric"] is not None
    assert [ev.encode(e) for e in ev.read_events(str(run_dir / "events.jsonl"))] == [
        ev.encode(e) for e in got
    ]  # the run folder holds exactly what the GUI saw


def _unreadable(events: list[ev.Event]) -> list[ev.Warning]:
    return [e for e in events if isinstance(e, ev.Warning) and e.kind == "unreadable_image"]


def test_worker_fails_with_an_error_event_and_nonzero_exit(tmp_path):
    proc = _start(
        "train",
        str(tmp_path / "no_such_project"),
        "--device",
        "cpu",
        "--run-dir",
        str(tmp_path / "run"),
    )
    out, err = proc.communicate(timeout=120)
    lines = [ev.decode(line) for line in out.splitlines()]
    assert proc.returncode == 1, err[-2000:]
    assert isinstance(lines[-1], ev.Error) and lines[-1].kind == "dataset"
    assert "no_such_project" in lines[-1].message


def test_worker_serve_passes_device_and_precision_through(monkeypatch):
    import core.predict
    from core import worker

    seen = {}

    def fake_serve(checkpoint, stdin, stdout, device="auto", precision="fp32"):
        seen.update(checkpoint=checkpoint, device=device, precision=precision)
        return 3

    monkeypatch.setattr(core.predict, "serve", fake_serve)
    argv = ["serve", "model.pt", "--device", "cpu", "--precision", "bf16"]
    assert worker.main(argv) == 3
    assert seen == {"checkpoint": "model.pt", "device": "cpu", "precision": "bf16"}
    assert worker.main(["serve", "model.pt"]) == 3
    assert (seen["device"], seen["precision"]) == ("auto", "fp32")
    with pytest.raises(SystemExit):
        worker.main(["serve", "model.pt", "--precision", "fp8"])


def test_worker_with_stop_on_eof_saves_and_ends_when_its_gui_goes_away(tmp_path):
    """The GUI passes --stop-on-eof: if the GUI dies its end of the pipe closes, and the run
    must save and end instead of training on as an orphan."""
    project = make_project(tmp_path / "p")
    run_dir = tmp_path / "run"
    proc = _start(
        "train", str(project), "--image-size", "128", "--batch-size", "2", "--epochs", "50",
        "--workers", "0", "--device", "cpu", "--eval-every", "0", "--run-dir", str(run_dir),
        "--stop-on-eof",
    )  # fmt: skip
    q = _lines(proc)
    got: list[ev.Event] = []
    try:
        while True:
            line = q.get(timeout=120)
            if line is None:
                break
            got.append(ev.decode(line))
            if isinstance(got[-1], ev.Progress) and not proc.stdin.closed:
                proc.stdin.close()  # what the OS does to the pipe when the GUI process dies
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert rc == 0, proc.stderr.read()[-2000:]
    assert isinstance(got[-1], ev.Finished) and got[-1].stopped and got[-1].epochs_done < 50
    assert (run_dir / "last.pt").is_file()
