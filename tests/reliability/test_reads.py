"""Reading what users hand us: image bombs, decoder failures, FIFOs, any byte on a worker's
stdin, damaged event logs, foreign checkpoints and broken config files."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import queue
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from core import events as ev
from core.config import ModelConfig
from core.data import imageio
from core.data.demo import make_demo
from core.data.imageio import ImageReadError, read_image
from core.data.readable import unreadable_reason
from tests.core.test_worker import _lines

ROOT = Path(__file__).resolve().parents[2]
SIZE = 128
PIXELS_ENV = "EFFDET_MAX_IMAGE_PIXELS"  # the name the messages give the user
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


class Gadget:
    """A Python object inside a checkpoint: a weights-only load must refuse it."""


# -- helpers -----------------------------------------------------------------------------------
def _png(width: int, height: int, payload: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(payload or b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _image(path: Path, w: int = 64, h: int = 48) -> Path:
    cv2.imwrite(str(path), np.random.default_rng(0).integers(0, 255, (h, w, 3), np.uint8))
    return path


def _within(seconds: float, fn: Callable[[], object], fifo: Path | None = None) -> object:
    """fn() on a thread; fails (and frees a reader stuck on ``fifo``) when it takes too long."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        if fifo is not None:  # a writer that closes at once: the blocked reader gets EOF
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still blocked after {seconds} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


class FakePredictor:
    classes = ["thing"]
    device = "cpu"
    batch_size = 8

    def __call__(self, images, score=0.05):
        return [[] for _ in images]


def _serve(monkeypatch, text: str) -> list[ev.Event]:
    from core import predict as pr
    from core.serving import serve

    monkeypatch.setattr(
        pr.Predictor, "from_checkpoint", classmethod(lambda *a, **k: FakePredictor())
    )
    out = io.StringIO()
    assert serve("model.pt", io.StringIO(text), out) == 0
    return [ev.decode(line) for line in out.getvalue().splitlines()]


def _predict(*paths: Path, request: str = "r") -> str:
    return ev.encode_command("predict", id=request, paths=[str(p) for p in paths]) + "\n"


@pytest.fixture(scope="module")
def models() -> dict:
    torch.manual_seed(0)
    from core.model import EfficientDet

    d0 = EfficientDet(ModelConfig(level="d0", num_classes=3, image_size=SIZE))
    d1 = EfficientDet(ModelConfig(level="d1", num_classes=3, image_size=SIZE))
    return {"d0": d0, "d1_state": d1.state_dict()}


def _checkpoint(path: Path, model, **model_config) -> Path:
    cfg = {**model.config.to_dict(), **model_config}
    state = {"model": model.state_dict(), "ema": None, "classes": ["circle", "square", "triangle"],
             "model_config": cfg, "epoch": 1, "step": 1}  # fmt: skip
    torch.save(state, path)
    return path


def _strict_env() -> dict:
    return {
        **os.environ, "PYTHONIOENCODING": "utf-8:strict", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT),
    }  # fmt: skip


def _next(q: queue.Queue, deadline: float) -> ev.Event | None:
    line = q.get(timeout=max(deadline - time.monotonic(), 0.1))
    return None if line is None else ev.decode(line)


# -- bounded reads -----------------------------------------------------------------------------
def test_a_png_bomb_is_refused_naming_the_limit(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png(40_000, 40_000))  # 100 bytes that claim 4.8 GB of pixels
    assert bomb.stat().st_size < 200
    with pytest.raises(ImageReadError, match=PIXELS_ENV) as info:
        read_image(bomb)
    assert str(bomb) in str(info.value) and "--max-image-pixels" in str(info.value)
    assert PIXELS_ENV in unreadable_reason(bomb)  # the GUI's pre-flight says the same
    from app.services.image_io import decode_array

    assert PIXELS_ENV in decode_array(bomb)[1]

    small = _image(tmp_path / "small.png", 64, 48)
    monkeypatch.setenv(PIXELS_ENV, "1000")
    with pytest.raises(ImageReadError, match="1,000 pixels"):
        read_image(small)
    monkeypatch.setenv(PIXELS_ENV, "5000")  # the user raises the limit
    assert read_image(small).shape == (48, 64, 3)


def test_a_decoder_failure_is_an_image_read_error_and_serve_answers_on(tmp_path, monkeypatch):
    good = _image(tmp_path / "good.png")
    real = cv2.imdecode
    failures: list[BaseException] = [
        cv2.error("OpenCV(4.x) alloc.cpp:73: error: (-4:Insufficient memory)"),
        MemoryError(),
    ]

    def flaky(buf, flags):
        if failures:
            raise failures.pop(0)
        return real(buf, flags)

    monkeypatch.setattr(imageio.cv2, "imdecode", flaky)
    with pytest.raises(ImageReadError, match="good.png.*Insufficient memory"):
        read_image(good)
    with pytest.raises(ImageReadError, match="not enough memory"):
        read_image(good)
    failures.append(cv2.error("(-4:Insufficient memory)"))
    got = _serve(monkeypatch, _predict(good, request="a") + _predict(good, request="b"))
    got = [e for e in got if not isinstance(e, ev.PredictProgress)]
    assert [type(e) for e in got] == [ev.Ready, ev.Predictions, ev.Predictions]
    assert "Insufficient memory" in got[1].error and got[2].error == ""  # 2 of 2 answered


@needs_fifo
def test_a_fifo_named_like_an_image_is_not_listed_and_blocks_nothing(tmp_path, monkeypatch):
    from core.project import scan_images

    fifo = tmp_path / "x.jpg"
    os.mkfifo(fifo)
    _image(tmp_path / "real.png")
    assert scan_images(tmp_path) == ["real.png"]
    assert "FIFO" in _within(5, lambda: unreadable_reason(fifo), fifo)
    with pytest.raises(ImageReadError, match="not a regular file"):
        _within(5, lambda: read_image(fifo), fifo)
    with pytest.raises(ImageReadError, match="not a regular file"):
        _within(5, lambda: imageio.image_size(fifo), fifo)
    got = _within(10, lambda: _serve(monkeypatch, _predict(fifo)), fifo)
    assert isinstance(got[1], ev.Predictions) and "not a regular file" in got[1].error
    if os.path.exists("/dev/zero"):
        with pytest.raises(ImageReadError, match="device"):
            _within(5, lambda: read_image("/dev/zero"))


# -- workers and any byte on stdin -------------------------------------------------------------
def test_the_training_worker_under_a_strict_utf8_stdin_survives_garbage_and_stops(tmp_path):
    from core.worker import CommandReader

    strict = io.TextIOWrapper(io.BytesIO(b"\xff\xfe garbage\nstop\n"), encoding="utf-8")
    assert CommandReader(strict).start().stop.wait(5), "the reader died on the bad line"

    project = make_demo(tmp_path / "p", num_images=4, image_size=96).parent
    run_dir = tmp_path / "run"
    args = ["train", str(project), "--image-size", str(SIZE), "--epochs", "3", "--workers", "0",
            "--device", "cpu", "--run-dir", str(run_dir), "--stop-on-eof"]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.worker", *args], cwd=ROOT, env=_strict_env(),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        proc.stdin.write(b"\xff\xfe garbage\n")
        proc.stdin.flush()
        time.sleep(0.5)
        proc.stdin.write(ev.encode_command("stop").encode() + b"\n")
        proc.stdin.flush()  # held open: only the stop command may end the run
        q, deadline, got = _lines(proc), time.monotonic() + 60, []
        while (event := _next(q, deadline)) is not None:
            got.append(event)
        rc = proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert rc == 0, proc.stderr.read()[-2000:]
    notes = [e for e in got if isinstance(e, ev.Warning) and e.kind == "command"]
    assert notes and "UTF-8" in notes[0].message
    assert isinstance(got[-1], ev.Finished) and got[-1].stopped and got[-1].epochs_done < 3


def test_the_serve_worker_under_a_strict_utf8_stdin_answers_after_garbage(tmp_path, models):
    ckpt = _checkpoint(tmp_path / "model.pt", models["d0"])
    image = _image(tmp_path / "a.png")
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.worker", "serve", str(ckpt), "--device", "cpu"], cwd=ROOT,
        env=_strict_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        q, deadline = _lines(proc), time.monotonic() + 60
        assert isinstance(_next(q, deadline), ev.Ready), proc.stderr.read()[-2000:]
        proc.stdin.write(b"\xff\xfe garbage\n" + _predict(image).encode())
        proc.stdin.flush()
        bad, answer = _next(q, deadline), _next(q, deadline)
        proc.stdin.write(b"quit\n")
        proc.stdin.flush()
        rc = proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert isinstance(bad, ev.Error) and bad.kind == "bad_command"
    assert isinstance(answer, ev.Predictions) and answer.error == ""
    assert rc == 0


# -- event logs --------------------------------------------------------------------------------
def test_a_torn_line_in_the_middle_of_events_jsonl_is_skipped_and_counted(tmp_path):
    from app.runs import load_run

    run = tmp_path / "runs" / "20260101-000000-d0"
    run.mkdir(parents=True)
    started = ev.Started(str(run), {}, "cpu", 4, 1)
    progress = ev.Progress(0, 1, 1, 2, {"loss": 1.0}, 0.01, 5.0, 3.0)
    finished = ev.Finished(str(run), 1, False)
    lines = [ev.encode(started).encode(), ev.encode(progress).encode()[:30], b"\xff\xfe{",
             ev.encode(progress).encode(), ev.encode(finished).encode()]  # fmt: skip
    (run / "events.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    state = load_run(run)
    assert state.status == "finished" and state.skipped_lines == 2
    events, skipped = ev.read_event_log(str(run / "events.jsonl"))
    assert [e.name for e in events] == ["started", "progress", "finished"] and skipped == 2
    assert len(state.series["loss"][0]) == 1
    assert any("2 damaged line" in w.message for w in state.warnings)


# -- checkpoints -------------------------------------------------------------------------------
def _bad_files(tmp_path: Path, models: dict) -> dict[str, Path]:
    rand = tmp_path / "random.pt"
    rand.write_bytes(np.random.default_rng(1).integers(0, 256, 4000, np.uint8).tobytes())
    gadget = tmp_path / "gadget.pt"
    torch.save({"model": Gadget()}, gadget)
    other = tmp_path / "other-level.pt"
    torch.save(models["d1_state"], other)
    return {"random": rand, "gadget": gadget, "other": other}


def _clean(message: str, path: Path) -> None:
    assert str(path) in message, message
    assert "weights_only" not in message and "size mismatch" not in message, message


def test_checkpoint_problems_name_the_file_and_never_advise_the_unsafe_loader(
    tmp_path, models, capsys
):
    from core import evaluate_cli
    from core.predict import load_model
    from core.train.callbacks import TrainingError
    from core.train.config import TrainConfig
    from core.train.setup import build_model

    files = _bad_files(tmp_path, models)
    mcfg = ModelConfig(level="d0", num_classes=3, image_size=SIZE)
    for name, path in files.items():
        cfg = TrainConfig(data="x", model=mcfg, init_from=str(path))
        with pytest.raises(TrainingError) as info:
            build_model(cfg, mcfg, torch.device("cpu"), lambda e: None, resume=False)
        assert info.value.kind == "init_from"
        _clean(info.value.message, path)
        if name == "gadget":
            assert "Gadget" in info.value.message
        if name == "other":
            assert "D1" in info.value.message
    for path in (files["random"], files["gadget"]):
        with pytest.raises(ValueError) as caught:
            load_model(path)
        _clean(str(caught.value), path)
        parser = argparse.ArgumentParser()
        evaluate_cli.add_arguments(parser)
        assert evaluate_cli.run(parser.parse_args([str(path), str(tmp_path)])) == 1
        _clean(capsys.readouterr().out, path)


def test_resuming_from_a_last_pt_of_another_level_or_of_random_bytes_names_it(tmp_path, models):
    from core.train.callbacks import TrainingError
    from core.train.config import TrainConfig
    from core.train.loop import train

    project = make_demo(tmp_path / "p", num_images=4, image_size=96).parent
    cfg = TrainConfig(data=str(project), model=ModelConfig(level="d0", image_size=SIZE), epochs=1,
                      batch_size=2, workers=0, device="cpu", eval_every=0, amp=False)  # fmt: skip
    run = tmp_path / "run"
    run.mkdir()
    last = run / "last.pt"
    torch.save({"model": models["d1_state"], "model_config": {"level": "d1"}, "epoch": 1,
                "step": 1, "optimizer": {}}, last)  # fmt: skip
    seen: list[ev.Event] = []
    with pytest.raises(TrainingError):
        train(cfg, run, emit=seen.append, resume=True)
    error = seen[-1]
    assert isinstance(error, ev.Error) and error.kind == "checkpoint" and "D1" in error.message
    _clean(error.message, last)
    assert "--level d1" in error.hint
    last.write_bytes(os.urandom(3000))
    with pytest.raises(TrainingError):
        train(cfg, run, emit=seen.append, resume=True)
    assert seen[-1].kind == "checkpoint"
    _clean(seen[-1].message, last)


def test_eval_ignores_the_backbone_file_a_checkpoint_names(tmp_path, models):
    from core.evaluate_cli import evaluate_checkpoint

    project = make_demo(tmp_path / "p", num_images=4, image_size=96).parent
    ckpt = _checkpoint(
        tmp_path / "best.pt", models["d0"], backbone_weights="/nonexistent.pth",
        pretrained_backbone=True,
    )  # fmt: skip
    result = evaluate_checkpoint(ckpt, project, device="cpu", workers=0)
    assert "AP" in result["metrics"]


# -- config files ------------------------------------------------------------------------------
def test_a_truncated_config_json_and_a_bad_field_are_named(tmp_path):
    from core.train.cli import add_arguments, config_from_args

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    run = tmp_path / "run"
    run.mkdir()
    config = run / "config.json"
    config.write_text('{"data": "x", "epochs": 3, "mod', encoding="utf-8")
    with pytest.raises(ValueError) as info:
        config_from_args(parser.parse_args(["--resume", str(run)]))
    assert str(config) in str(info.value) and "not valid JSON" in str(info.value)
    config.write_text(json.dumps({"data": "x", "epochs": "abc"}), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        config_from_args(parser.parse_args(["--resume", str(run)]))
    assert str(config) in str(info.value) and '"epochs"' in str(info.value)


def test_a_val_fraction_that_is_not_a_number_names_project_json_and_the_field(tmp_path):
    from core.project import load_project

    project = make_demo(tmp_path / "p", num_images=2, image_size=96).parent
    settings = json.loads((project / "project.json").read_text(encoding="utf-8"))
    settings["val_fraction"] = "abc"
    (project / "project.json").write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        _ = load_project(project).val_fraction
    assert "project.json" in str(info.value) and "val_fraction" in str(info.value)
