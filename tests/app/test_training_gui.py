"""The training panel against tests/fake_worker.py, a real subprocess replaying schema-valid
events: progress, plots, stop, crash, resume, the event-loop stall, the level table."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from app.services.worker_client import Device, WorkerProcess
from app.widgets.level_picker import (
    LEVELS_JSON,
    LevelPicker,
    estimate_memory_gb,
    level_warnings,
    load_levels,
)  # fmt: skip
from app.widgets.training_panel import TrainingPanel, default_settings

FAKE = str(Path(__file__).resolve().parents[1] / "fake_worker.py")
SHOTS = Path(tempfile.gettempdir()) / "effdet-studio-shots"  # docs/ gets real-run shots only
STALL_MS = 1000  # an event-loop gap this long is a blocked loop


def fake(*extra: str):
    return lambda args: [sys.executable, FAKE, *args, *extra]


def panel_for(qtbot, tmp_path, *extra: str, **kw) -> TrainingPanel:
    panel = TrainingPanel(command=fake(*extra), **kw)
    qtbot.addWidget(panel)
    panel.project_dir = str(tmp_path)
    panel.resize(1400, 900)
    panel.epochs.setValue(3)
    return panel


def test_progress_and_plots_fill_from_a_streaming_worker(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path, "--split-lines")
    coco = {
        "images": [
            {"id": i, "file_name": f"{i}.jpg", "width": 640, "height": 480} for i in range(1, 41)
        ],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [
            {"id": i, "image_id": i, "category_id": 1, "bbox": [10, 10, 80, 60]}
            for i in range(1, 41)
        ],
    }
    panel.set_dataset(coco, {}, val_ids=[1, 2, 3, 4])
    panel.epochs.setValue(3)
    assert panel.findings_list.item(0).text().endswith("no problems found.")
    panel.start_btn.click()  # the button, as a person would
    assert panel.process.is_running()
    with qtbot.waitSignal(panel.run_ended, timeout=20000):
        pass
    assert panel.state.status == "finished"
    assert panel.progress.value() == panel.progress.maximum() > 0
    panel.plots.redraw()
    xs, ys = panel.plots.curve_data("loss")
    assert len(xs) == 3 * 8 and ys[-1] < ys[0]  # 3 epochs x 8 steps, loss falls
    assert len(panel.plots.curve_data("AP")[1]) == 3
    assert "eval epoch 3" in panel.log_view.toPlainText()
    assert (Path(panel.run_dir) / "events.jsonl").is_file()
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.grab().save(str(SHOTS / "training.png"))


@pytest.mark.parametrize("steps, delay", [(400, "0"), (100, "0.004")], ids=["flood", "paced"])
def test_event_loop_keeps_turning_while_events_stream(qtbot, tmp_path, capsys, steps, delay):
    """Measures the longest event-loop gap (a 5 ms QTimer probe) while the fake worker streams
    3 x ``steps`` progress events, as fast as it can ("flood") or at ~250 events/s ("paced"),
    into a shown panel; the probe must tick while events arrive, no gap may reach STALL_MS (a
    blocked event loop, not a slow machine: the events take well under a second to handle) and
    nothing may be dropped."""
    panel = panel_for(qtbot, tmp_path, "--steps", str(steps), "--delay", delay)
    panel.show()  # painting counts too; the window's first paint is not part of the stream
    qtbot.waitExposed(panel)
    qtbot.wait(100)
    clock, worst, last, ticks = QElapsedTimer(), [0], [0], []
    clock.start()

    def tick() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now
        ticks.append(len(panel.state.series["loss"][0]))

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    last[0] = clock.elapsed()
    panel.start()
    with qtbot.waitSignal(panel.run_ended, timeout=60000):
        pass
    probe.stop()
    n = 3 * steps
    with capsys.disabled():
        print(
            f"\n[stall probe {delay=}] {n} progress events, longest event-loop gap "
            f"{worst[0]} ms over {len(ticks)} ticks"
        )
    assert worst[0] < STALL_MS, f"the event loop stalled for {worst[0]} ms"
    assert len(panel.state.series["loss"][0]) == n
    assert any(0 < k < n for k in ticks)  # the loop turned in the middle of the stream
    assert len(panel.plots.curve_data("loss")[0]) == n  # the plots hold every point
    assert panel.progress.value() == panel.progress.maximum() == n
    assert panel.status.text().startswith("Finished")
    assert "eval epoch 3" in panel.log_view.toPlainText()


def test_progress_and_log_are_refreshed_per_tick_not_per_event(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path)
    appended = []
    panel.log_view.textChanged.connect(lambda: appended.append(1))
    for i in range(50):
        panel.log(f"line {i}")
    assert panel.log_view.toPlainText() == ""  # nothing shown yet: waits for the tick
    qtbot.waitUntil(lambda: "line 49" in panel.log_view.toPlainText(), timeout=2000)
    assert len(appended) == 1  # one append for the whole burst
    assert panel.log_view.toPlainText().splitlines() == [f"line {i}" for i in range(50)]


def test_plot_buffers_take_only_new_points_and_follow_another_run(qtbot):
    from app.runs import RunState
    from app.widgets.plots import SeriesBuffer, TrainingPlots

    buf = SeriesBuffer(capacity=2)
    xs, ys = [0.0, 1.0, 2.0], [5.0, 4.0, 3.0]
    assert buf.sync(xs, ys) and not buf.sync(xs, ys)
    xs += [3.0, 4.0]
    ys += [2.0, 1.0]
    assert buf.sync(xs, ys) and buf.data.shape[1] >= 5
    assert [list(a) for a in buf.view()] == [xs, ys]
    plots = TrainingPlots(interval_ms=10_000)
    qtbot.addWidget(plots)
    live = RunState()
    live.series["loss"] = (xs, ys)
    plots.update_state(live)
    plots.redraw()
    assert plots.curve_data("loss") == (xs, ys)
    plots.update_state(RunState())  # another (empty) run replaces the drawn one
    plots.redraw()
    assert plots.curve_data("loss") == ([], [])


def test_a_burst_of_lines_is_handled_over_several_loop_turns(qtbot):
    wp = WorkerProcess(slice_ms=0)
    got = []
    wp.event.connect(got.append)
    line = b'{"v": 1, "event": "warning", "kind": "k", "message": "m", "count": %d}\n'
    wp._lines.extend(line[:-1] % i for i in range(50))
    wp._drain()
    assert 0 < len(got) < 50  # the rest waits for the next turn of the event loop
    qtbot.waitUntil(lambda: len(got) == 50, timeout=5000)
    assert [e.count for e in got] == list(range(50))


def test_stop_saves_and_ends_the_run(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path, "--delay", "0.1")  # 2.4 s in all: Stop comes first
    panel.start()
    qtbot.waitUntil(lambda: panel.state.last_progress is not None, timeout=10000)
    with qtbot.waitSignal(panel.run_ended, timeout=10000):
        panel.stop()
    assert panel.state.status == "stopped"
    assert panel.state.checkpoints and panel.resume_btn.isEnabled()
    assert not panel.error_label.isVisible()


def test_stop_kills_a_worker_that_ignores_it(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path, "--ignore-stop", "--linger", stop_timeout_ms=300)
    panel.start()
    qtbot.waitUntil(lambda: panel.state.finished is not None, timeout=10000)
    with qtbot.waitSignal(panel.process.exited, timeout=5000) as sig:
        panel.stop()
    assert sig.args[1] == 1  # killed
    assert not panel.process.is_running()


def test_stop_waits_longer_for_a_slow_step(qtbot, tmp_path, monkeypatch):
    panel = panel_for(qtbot, tmp_path, "--ignore-stop", "--linger", stop_timeout_ms=300)
    asked: list[int] = []
    monkeypatch.setattr(panel.process, "stop", asked.append)
    monkeypatch.setattr(panel.process, "is_running", lambda: True)
    panel.eta.seconds_per_step = 20.0  # a large level on a laptop CPU
    panel.stop()
    assert asked == [300 + 60000]  # the step under way ends and saves before any kill
    panel.eta.seconds_per_step = None
    panel.stop()
    assert asked[-1] == 300


@pytest.mark.parametrize("hard", [False, True])
def test_crash_shows_error_hint_and_last_log_lines(qtbot, tmp_path, hard):
    args = ["--crash-after", "5"] + (["--hard-crash"] if hard else [])
    panel = panel_for(qtbot, tmp_path, *args)
    panel.show()
    panel.start()
    with qtbot.waitSignal(panel.run_ended, timeout=10000):
        pass
    text = panel.error_label.text()
    assert panel.error_label.isVisible() and panel.state.status != "finished"
    assert "CUDA out of memory" in text  # from stderr's last lines (and the Error event)
    if hard:
        assert "exit code 3" in text
    else:
        assert "Hint: Lower the batch size" in text


def test_resume_continues_a_stopped_run_in_its_folder(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path, "--delay", "0.02")
    panel.start()
    qtbot.waitUntil(lambda: len(panel.state.evals) >= 1, timeout=10000)
    with qtbot.waitSignal(panel.run_ended, timeout=10000):
        panel.stop()
    first = panel.run_dir
    before = panel.plots.curve_data("loss")[0]
    assert before
    with qtbot.waitSignal(panel.run_ended, timeout=20000):
        assert panel.resume()
        assert panel.state.series["loss"][0][: len(before)] == before  # the curves so far stay
    assert panel.run_dir == first and panel.state.status == "finished"
    assert panel.state.started.resumed_from_epoch >= 1
    assert "--resume" in panel.log_view.toPlainText()


def test_partial_lines_are_buffered_until_their_newline(qtbot):
    wp = WorkerProcess()
    got, bad = [], []
    wp.event.connect(got.append)
    wp.bad_line.connect(bad.append)
    line = b'{"v": 1, "event": "warning", "kind": "k", "message": "m"}\n'
    for chunk in (line[:10], line[10:30], line[30:] + line[:5]):
        wp.feed(chunk)
    assert len(got) == 1 and got[0].message == "m" and not bad
    wp.feed(b"not json\n")
    assert len(bad) == 1 and "not JSON" in bad[0]  # shown in the log, never a crash


def test_blocking_preflight_disables_start(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path)
    coco = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 50, 50]}],
    }
    panel.set_dataset(coco, {1: (100, 100)}, val_ids=[])
    assert not panel.start_btn.isEnabled() and not panel.start()
    panel.set_dataset(coco, {1: (100, 100)}, val_ids=None)
    assert panel.start_btn.isEnabled()


def test_sum_levels_default_to_sum_and_say_why(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path)
    panel.show()
    panel.picker.set_level("d6")
    assert panel.config()["model"]["fusion"] == "sum" and panel.fusion_note.isVisible()
    panel.fusion.setCurrentText("fast")  # weighted fusion stays allowed
    assert panel.config()["model"]["fusion"] == "fast"
    panel.picker.set_level("d0")
    assert panel.config()["model"]["fusion"] == "fast" and not panel.fusion_note.isVisible()


def test_config_is_a_valid_train_config(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path)
    config = panel.config()
    json.dumps(config)  # plain JSON
    from core.train import config as train_config

    cfg = train_config.TrainConfig.from_dict(config)
    assert cfg.model.level == "d0" and cfg.epochs == 3 and cfg.data == str(tmp_path)


def _cache_backbone_weights(monkeypatch, tmp_path, name: str = "tf_efficientnet_b0") -> None:
    snapshot = tmp_path / "hub" / f"models--timm--{name}.ns_jft_in1k" / "snapshots" / "abc"
    snapshot.mkdir(parents=True)
    (snapshot / "model.safetensors").write_bytes(b"weights")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))


def test_the_default_start_is_imagenet_only_when_its_weights_are_on_this_machine(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "no-torch-home"))
    offline = panel_for(qtbot, tmp_path)
    assert offline.config()["model"]["pretrained_backbone"] is False  # Start trains offline
    assert offline.config()["optimizer"] == "adamw"
    assert "not on this machine" in offline.form.init_note.text()
    _cache_backbone_weights(monkeypatch, tmp_path)
    cached = panel_for(qtbot, tmp_path)
    assert cached.config()["model"]["pretrained_backbone"] is True
    assert cached.form.init_note.text() == ""


def test_the_recipe_follows_the_start_until_the_user_edits(qtbot, tmp_path, monkeypatch):
    from core.recipes import recipe

    _cache_backbone_weights(monkeypatch, tmp_path)
    panel = panel_for(qtbot, tmp_path)
    n = panel.form.n_images

    keys = ("optimizer", "lr", "freeze_backbone_epochs", "backbone_lr_scale")

    def fields(config: dict) -> tuple:
        return tuple(config[k] for k in keys)

    def want(start: str) -> tuple:
        r = recipe(start, n, panel.form.picker.level())
        return tuple(r[k] for k in keys)

    assert panel.config()["model"]["pretrained_backbone"]
    assert fields(panel.config()) == want("imagenet")
    assert want("imagenet")[2] > 0  # a pretrained backbone trains frozen at first
    assert want("imagenet")[3] < 1  # and slower than the rest after that
    panel.init.setCurrentIndex(0)  # nothing (random)
    config = panel.config()
    assert fields(config) == want("none") and config["freeze_backbone_epochs"] == 0
    assert config["backbone_lr_scale"] == 1.0
    assert config["weight_decay"] == 0.01  # AdamW's
    from core.train import config as train_config

    assert train_config.TrainConfig.from_dict(config).optimizer == "adamw"
    panel.lr.setValue(0.0007)  # an edit sticks when the starting point changes again
    panel.form.backbone_lr.setValue(0.5)
    panel.init.setCurrentIndex(1)
    assert panel.config()["lr"] == 0.0007 and panel.config()["backbone_lr_scale"] == 0.5
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("sgd"))
    assert panel.config()["weight_decay"] == 4e-5


def test_defaults_scale_with_dataset_size():
    row = load_levels()[0]
    assert default_settings(50, row)["epochs"] > default_settings(20000, row)["epochs"]
    assert default_settings(50, row)["freeze_backbone_epochs"] > 0


def test_level_warnings_for_device_dataset_and_object_size(qtbot):
    rows = {r["name"]: r for r in load_levels()}
    small_gpu = Device("cuda", "GPU (8 GB)", 8.0)
    assert any("GB" in w for w in level_warnings(rows["d5"], small_gpu, 5000, batch=8))
    assert not level_warnings(rows["d0"], small_gpu, 5000, batch=4)
    assert any("over-fit" in w for w in level_warnings(rows["d4"], small_gpu, 100, batch=1))
    # objects too small for the input size: the pre-flight says so (test_form_feedback.py)
    assert estimate_memory_gb(rows["d7"]) > estimate_memory_gb(rows["d0"])
    picker = LevelPicker()
    qtbot.addWidget(picker)
    assert picker.table.rowCount() == 15 and picker.table.item(8, 0).text() == "D7X"
    assert picker.table.item(14, 0).text() == "Lite4"  # as the Runs dock and the paper write it
    assert not any("over-fit" in w for w in level_warnings(rows["lite3x"], small_gpu, 100))


def test_levels_json_agrees_with_the_level_table_and_a_measured_d0():
    """Cheap check: every row's sizes against core.config, D0's params and GMACs measured."""
    from core.config import LEVELS, ModelConfig
    from core.model import info

    rows = json.loads(LEVELS_JSON.read_text(encoding="utf-8"))
    assert [r["level"].lower() for r in rows] == list(LEVELS)
    for row in rows:
        spec = LEVELS[row["level"].lower()]
        assert (
            row["backbone"],
            row["input"],
            row["fpn_channels"],
            row["fpn_cells"],
            row["head_convs"],
            row["fusion"],
            row["levels"],
        ) == (
            spec.backbone,
            spec.input_size,
            spec.fpn_channels,
            spec.fpn_cells,
            spec.head_convs,
            spec.fusion,
            f"P{spec.min_level}-P{spec.max_level}",
        ), row["level"]
    params, gmacs = info.measure(ModelConfig("d0"))
    assert (rows[0]["params"], rows[0]["gmacs"]) == (params, round(gmacs, 2))


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("EFFDET_FULL_LEVEL_TABLE"),
    reason="measures all fifteen levels (~30 s); set EFFDET_FULL_LEVEL_TABLE=1",
)
def test_levels_json_is_the_output_of_efficientdet_info():
    """resources/levels.json == level_table(); EFFDET_FULL_LEVEL_TABLE=update rewrites it."""
    from core.model import info

    table = info.level_table()
    if os.environ.get("EFFDET_FULL_LEVEL_TABLE") == "update":
        LEVELS_JSON.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    assert json.loads(LEVELS_JSON.read_text(encoding="utf-8")) == table
    assert [r["name"] for r in load_levels()] == [r["level"].lower() for r in table]


def test_worker_command_is_frozen_aware(monkeypatch):
    from app.services import worker_client

    assert worker_client.worker_command("serve", "x.pt")[1:3] == ["-m", "core.worker"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert worker_client.worker_command("serve", "x.pt")[1:] == ["--worker", "serve", "x.pt"]


def test_detect_device_reads_nvidia_smi_without_torch(monkeypatch):
    from app.services import worker_client
    from core import devices

    class Out:
        returncode = 0
        stdout = "NVIDIA H100 80GB HBM3, 81559\nNVIDIA H100 80GB HBM3, 81559\n"

    monkeypatch.setattr(worker_client, "_DEVICE", None)
    monkeypatch.setattr(devices.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    monkeypatch.setattr(devices.subprocess, "run", lambda *a, **k: Out())
    device = worker_client.detect_device()
    assert (device.name, device.count, round(device.memory_gb)) == ("cuda", 2, 80)
    assert "H100" in device.label
    monkeypatch.setattr(worker_client, "_DEVICE", None)
    monkeypatch.setattr(devices.shutil, "which", lambda name: None)
    assert worker_client.detect_device().name == "cpu"


def test_several_gpus_launch_through_torchrun(qtbot, monkeypatch, tmp_path):
    from app.services import worker_client

    monkeypatch.setattr(worker_client, "_DEVICE", Device("cuda", "GPU (80 GB)", 80.0, 4))
    panel = TrainingPanel()  # the real command, not the fake worker
    qtbot.addWidget(panel)
    assert panel.gpus.isEnabled() and panel.gpus.maximum() == 4 and panel.gpus.value() == 1
    args = ["train", "--config", "cfg.json"]
    assert panel.command(args) == [sys.executable, "-m", "core.worker", *args]
    panel.gpus.setValue(3)
    assert panel.command(args) == [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node=3",
        "-m",
        "core.worker",
        *args,
    ]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a packaged app has no torchrun
    with pytest.raises(ValueError, match="several GPUs"):
        worker_client.worker_command(*args, nproc=3)
    panel.project_dir = str(tmp_path)
    assert not panel.start() and "several GPUs" in panel.error_label.text()
    assert not panel.process.is_running()
    with pytest.raises(ValueError, match="nproc must be >= 1"):
        worker_client.worker_command("train", nproc=0)


def test_one_gpu_or_none_keeps_the_plain_worker(qtbot, monkeypatch):
    from app.services import worker_client

    for device in (Device("cuda", "GPU (24 GB)", 24.0, 1), Device("cpu", "CPU", 0.0)):
        monkeypatch.setattr(worker_client, "_DEVICE", device)
        panel = TrainingPanel()
        qtbot.addWidget(panel)
        assert not panel.gpus.isEnabled() and panel.form.nproc() == 1
        assert panel.command(["train"])[1:3] == ["-m", "core.worker"]


def test_terminate_ends_the_worker_with_sigterm_before_any_kill(qtbot, tmp_path):
    panel = panel_for(qtbot, tmp_path, "--ignore-stop", "--linger")
    panel.start()
    qtbot.waitUntil(lambda: panel.state.finished is not None, timeout=10000)
    with qtbot.waitSignal(panel.process.exited, timeout=5000) as sig:
        panel.process.terminate(grace_ms=60_000)  # the kill would come far too late
    assert sig.args[1] == 1 and not panel.process.is_running()
