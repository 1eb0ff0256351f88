"""The training worker as the GUI runs it: a subprocess, events on stdout, commands on stdin."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import queue
import subprocess
import sys
import threading
import time
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
        start_new_session=sys.platform != "win32",  # its loading processes share its group
    )


def _kill_all(proc: subprocess.Popen) -> None:
    """End the worker and whatever it started (loading processes left hanging)."""
    if sys.platform != "win32":
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.kill()
    proc.wait()


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
    names = [e.name for e in got]
    assert "started" in names and names.index("started") < names.index("progress")
    assert set(names[: names.index("started")]) <= {"warning"}  # data checks come first
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
    import core.serving
    from core import worker

    seen = {}

    def fake_serve(checkpoint, stdin, stdout, device="auto", precision="fp32"):
        seen.update(checkpoint=checkpoint, device=device, precision=precision)
        return 3

    monkeypatch.setattr(core.serving, "serve", fake_serve)
    argv = ["serve", "model.pt", "--device", "cpu", "--precision", "bf16"]
    assert worker.main(argv) == 3
    assert seen == {"checkpoint": "model.pt", "device": "cpu", "precision": "bf16"}
    assert worker.main(["serve", "model.pt"]) == 3
    assert (seen["device"], seen["precision"]) == ("auto", "fp32")
    with pytest.raises(SystemExit):
        worker.main(["serve", "model.pt", "--precision", "fp8"])


def test_worker_serve_reads_a_private_stdin_while_sys_stdin_reads_nothing(monkeypatch):
    import core.serving
    from core import worker

    seen = {}

    def fake_serve(checkpoint, stdin, stdout, device="auto", precision="fp32"):
        seen.update(private=stdin is not sys.stdin, line=stdin.readline())
        seen.update(shared=sys.stdin.read(), fd0=os.read(0, 10))
        return 0

    r, w = os.pipe()
    os.write(w, b"quit\n")
    saved = os.dup(0)
    os.dup2(r, 0)
    os.close(r)
    before = sys.stdin
    monkeypatch.setattr(core.serving, "serve", fake_serve)
    try:
        assert worker.main(["serve", "model.pt"]) == 0
        assert sys.stdin is before  # given back
        os.write(w, b"more\n")
        assert os.read(0, 10) == b"more\n"  # descriptor 0 is the pipe again
    finally:
        os.dup2(saved, 0)
        os.close(saved)
        os.close(w)
    assert seen == {"private": True, "line": "quit\n", "shared": "", "fd0": b""}


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


def _nothing() -> None:
    pass


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_forked_while_the_reader_waits_on_stdin_starts_and_ends(monkeypatch):
    """A DataLoader forks its loading processes while the reader waits for a command; the child
    must not block on stdin (multiprocessing closes sys.stdin as a child starts)."""
    from core.worker import CommandReader

    r, w = os.pipe()
    stdin = os.fdopen(r, "r", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)  # a pipe held open, as the GUI holds it
    reader = CommandReader(sys.stdin).start()
    time.sleep(0.3)  # the reader thread now waits in its read
    child = multiprocessing.get_context("fork").Process(target=_nothing)
    child.start()
    child.join(20)
    try:
        assert child.exitcode == 0, "the forked process hung on stdin"
        os.write(w, b'{"v": 1, "cmd": "ev')  # a command split across writes
        os.write(w, b'al_now"}\nnot a command\nstop\n')
        assert reader.stop.wait(10)
        assert reader.eval_requested() and not reader.eval_requested()
        assert len(reader.take_notes()) == 1 and reader.take_notes() == []
    finally:
        if child.exitcode is None:
            child.kill()
            child.join()
        os.close(w)
        stdin.close()


def test_the_reader_stops_at_end_of_input_only_when_asked():
    from core.worker import CommandReader

    keep = CommandReader(io.StringIO("eval_now\n"), stop_on_eof=False).start()
    keep._thread.join(5)
    assert keep.eval_requested() and not keep.stop.is_set()
    r, w = os.pipe()
    os.close(w)
    assert CommandReader(r, stop_on_eof=True).start().stop.wait(5)  # owns r and closes it
    assert CommandReader(None, stop_on_eof=True).start().stop.wait(5)  # no stdin at all


def _train_args(project: Path, run_dir: Path, *extra: str) -> list[str]:
    return [
        "train", str(project), "--image-size", "128", "--batch-size", "2", "--device", "cpu",
        "--eval-every", "0", "--run-dir", str(run_dir), "--stop-on-eof", *extra,
    ]  # fmt: skip


def _events_until_exit(proc: subprocess.Popen, seconds: float, on_event=None) -> list[ev.Event]:
    """Every event until stdout closes; fails when that takes longer than ``seconds``."""
    q = _lines(proc)
    got: list[ev.Event] = []
    deadline = time.monotonic() + seconds
    while True:
        try:
            line = q.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError(
                f"no end after {seconds:.0f} s; last events: {[e.name for e in got[-5:]]}"
            ) from None
        if line is None:
            return got
        got.append(ev.decode(line))
        if on_event is not None:
            on_event(got[-1])


def test_worker_started_as_the_gui_starts_it_trains_with_loading_processes(tmp_path):
    """stdin a pipe held open, --stop-on-eof, two loading processes (the form's default):
    the run must reach its end, not hang when the DataLoader forks."""
    project = make_project(tmp_path / "p")
    run_dir = tmp_path / "run"
    proc = _start(*_train_args(project, run_dir, "--epochs", "1", "--workers", "2"))
    try:
        got = _events_until_exit(proc, 120)
        rc = proc.wait(timeout=30)
    finally:
        _kill_all(proc)
    assert rc == 0, proc.stderr.read()[-2000:]
    assert isinstance(got[-1], ev.Finished) and not got[-1].stopped, [e.name for e in got]
    assert got[-1].epochs_done == 1 and any(isinstance(e, ev.Eval) for e in got)
    assert (run_dir / "last.pt").is_file()


def test_a_stop_before_the_first_step_ends_cleanly_without_a_checkpoint(tmp_path):
    project = make_project(tmp_path / "p")
    run_dir = tmp_path / "run"
    proc = _start(*_train_args(project, run_dir, "--epochs", "5", "--workers", "0"))
    _send(proc, "stop")  # at once: the worker is still starting
    try:
        got = _events_until_exit(proc, 120)
        rc = proc.wait(timeout=30)
    finally:
        _kill_all(proc)
    assert rc == 0, proc.stderr.read()[-2000:]
    assert not any(isinstance(e, (ev.Progress, ev.Checkpoint)) for e in got)
    notes = [e for e in got if isinstance(e, ev.Warning) and e.kind == "no_checkpoint"]
    assert len(notes) == 1 and "nothing to resume" in notes[0].message
    assert isinstance(got[-1], ev.Finished) and got[-1].stopped and got[-1].epochs_done == 0
    assert got[-1].run_dir == str(run_dir) and not (run_dir / "last.pt").exists()
