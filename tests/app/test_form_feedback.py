"""The training form as a new user finds it: estimates that follow the input size, tooltips in
plain words, one small-object warning, stable defaults, settings remembered per project, an ETA
that counts down and a sensible end-of-run line."""

from __future__ import annotations

import pytest

from app.eta import StepEta
from app.services.worker_client import Device
from app.widgets.level_picker import MEMORY_COLUMN
from app.widgets.training_form import TrainingForm
from app.widgets.training_panel import TrainingPanel, finished_text
from core import events as ev
from core.project import plan_dataset

CPU = Device("cpu", "CPU", 0.0, 0)
GPU = Device("cuda", "GPU (24 GB)", 24.0, 1)
INPUT, TIME = 2, 8  # level table columns


def coco_with(n_images: int, box: float = 80.0) -> dict:
    return {
        "images": [
            {"id": i, "file_name": f"{i}.jpg", "width": 640, "height": 480}
            for i in range(1, n_images + 1)
        ],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [
            {"id": i, "image_id": i, "category_id": 1, "bbox": [10, 10, box, box]}
            for i in range(1, n_images + 1)
        ],
    }


@pytest.fixture
def form(qtbot):
    f = TrainingForm(device=CPU)
    qtbot.addWidget(f)
    return f


def test_estimates_follow_the_input_size(form):
    form.set_dataset(coco_with(300), {}, val_ids=list(range(1, 31)))
    table = form.picker.table
    assert table.item(0, INPUT).text() == "512"
    at_512 = table.item(0, TIME).text()
    form.size.setCurrentText("128")
    assert table.item(0, INPUT).text() == "128"
    assert table.item(0, TIME).text() != at_512
    assert table.item(1, INPUT).text() == "640"  # D1, not chosen: at its own size


def test_tooltips_speak_plainly_and_say_nothing_of_gpu_memory_on_a_cpu(qtbot, form):
    tip = form.picker.device_label.toolTip()
    assert tip and "EFFECTIVE_TFLOPS" not in tip and "GMACs" not in tip
    assert "GPU" not in tip and form.picker.table.isColumnHidden(MEMORY_COLUMN)
    gpu = TrainingForm(device=GPU)
    qtbot.addWidget(gpu)
    assert "GPU memory" in gpu.picker.device_label.toolTip()
    assert not gpu.picker.table.isColumnHidden(MEMORY_COLUMN)


def test_the_small_object_warning_is_said_once(form):
    form.set_dataset(coco_with(300, box=6.0), {}, val_ids=list(range(1, 31)))
    said = [f.message for f in form.findings if f.code == "tiny_objects"]
    assert len(said) == 1
    assert not any("small" in w for w in form.picker.warnings())
    assert "small" not in form.picker.warning_label.text()


def test_the_epochs_default_counts_the_training_images_of_the_plan(form):
    coco = coco_with(220)  # 220 labelled, about 44 of them validation: under 200 train
    plan = plan_dataset(coco, 0.2)
    assert len(plan.train_ids) < 200 <= len(plan.train_ids) + len(plan.val_ids)
    form.set_dataset(coco, {}, list(plan.val_ids), list(plan.train_ids))
    assert form.n_images == len(plan.train_ids) == form.picker.n_images
    first = form.epochs.value()
    form.set_dataset(coco, {}, list(plan.val_ids))  # without the plan: the same count
    assert form.n_images == len(plan.train_ids) and form.epochs.value() == first == 100


def test_settings_are_remembered_per_project_and_defaults_come_back(qtbot, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.set_project(a)
    defaults = panel.form.chosen()
    panel.picker.set_level("d1")
    panel.epochs.setValue(7)
    panel.batch.setValue(3)
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adamw"))
    panel.lr.setValue(0.0042)
    panel.size.setCurrentText("384")
    panel.fusion.setCurrentIndex(panel.fusion.findData("softmax"))
    panel.freeze.setValue(5)
    panel.form.flips.setCurrentIndex(panel.form.flips.findData("all"))
    panel.init.setCurrentIndex(0)  # nothing (random)
    chosen = panel.form.chosen()
    assert chosen["flips"] == "all" and panel.config()["flips"] == "all"
    panel.form.remember(panel.project_dir)  # what Start does before launching
    panel.set_project(b)  # another project: its own (default) settings
    assert panel.form.chosen() == defaults
    reopened = TrainingPanel()
    qtbot.addWidget(reopened)
    reopened.set_project(a)
    assert reopened.form.chosen() == chosen
    assert reopened.config()["model"]["fusion"] == "softmax"
    reopened.form.defaults_btn.click()
    back = reopened.form.chosen()
    assert back["epochs"] != 7 and back["batch_size"] != 3 and back["image_size"] == 640
    assert back["flips"] == "horizontal"
    assert back["level"] == "d1"  # the level stays; its defaults come back


def test_start_remembers_the_settings(qtbot, tmp_path, monkeypatch):
    panel = TrainingPanel(command=lambda args: ["true"])
    qtbot.addWidget(panel)
    panel.set_project(tmp_path)
    panel.set_dataset(coco_with(40), {}, val_ids=[1, 2, 3, 4])
    panel.epochs.setValue(9)
    assert panel.start()
    qtbot.waitUntil(lambda: not panel.process.is_running(), timeout=5000)
    again = TrainingPanel()
    qtbot.addWidget(again)
    again.set_project(tmp_path)
    assert again.epochs.value() == 9


def test_defaults_follow_the_data_until_the_user_edits(form):
    form.set_dataset(coco_with(100), {}, val_ids=[1])
    assert form.epochs.value() == 100
    form.set_dataset(coco_with(400), {}, val_ids=[1])
    assert form.epochs.value() == 60  # not edited: follows
    form.epochs.setValue(12)
    form.set_dataset(coco_with(100), {}, val_ids=[1])
    assert form.epochs.value() == 12


def progress(step: int, steps: int = 100, worker_eta: float = 540.0) -> ev.Progress:
    losses = {"loss": 1.0, "class_loss": 0.8, "box_loss": 0.2}
    return ev.Progress(0, 1, step, steps, losses, 0.01, 8.0, worker_eta)


def test_eta_counts_down_from_the_recent_step_rate(qtbot):
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    now = [0.0]
    panel.eta = StepEta(clock=lambda: now[0])
    shown, texts = [], []
    for step in range(1, 16):  # the worker says 9 min all along; steps take 2 s
        panel._on_event(progress(step))
        panel.flush()
        shown.append(panel._eta_s)
        texts.append(panel.status.text())
        now[0] += 2.0
    assert "ETA 9 min" in texts[0]  # the worker's estimate, until there is a rate
    assert all(later < earlier for earlier, later in zip(shown, shown[1:], strict=False))
    assert shown[-1] == pytest.approx(85 * 2.0, rel=0.1)
    assert "ETA 3 min" in texts[-1]


def test_eta_starts_over_when_the_steps_count_from_further_back():
    now = [0.0]
    eta = StepEta(clock=lambda: now[0])
    for done in range(10, 20):
        eta.update(done, 100)
        now[0] += 1.0
    assert eta.update(20, 100) == pytest.approx(80.0)
    assert eta.update(5, 100, worker_eta_s=190.0) == pytest.approx(190.0)  # a new launch


@pytest.mark.parametrize(
    ("stopped", "n", "text"),
    [
        (True, 0, "Stopped before the first epoch ended"),
        (True, 1, "Stopped after 1 epoch"),
        (True, 2, "Stopped after 2 epochs"),
        (False, 1, "Finished after 1 epoch"),
        (False, 30, "Finished after 30 epochs"),
    ],
)
def test_the_end_of_a_run_reads_right(stopped, n, text):
    assert finished_text(stopped, n) == text
