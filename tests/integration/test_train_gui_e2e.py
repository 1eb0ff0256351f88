"""Train, watch and inspect from the GUI against the real core worker (no fake): label a small demo
project in the main window, train it from the training panel with the form's defaults (only the
epochs and the input size lowered: three epochs at 128 px, loading processes as the form sets
them), stop it, resume it to the end, read the metrics and fusion weights it reports, then review
predictions of the ``serve`` worker. A stop before the first checkpoint, and a worker killed before
it wrote one, must say there is nothing to resume and offer no Resume.

Set ``EFFDET_SCREENSHOTS=1`` to also save docs/screenshots/e2e-{main,training,metrics,fusion,
review}.png from this run (an untrained model: three epochs at 128 px).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from app.main_window import MainWindow
from app.runs import list_evaluations
from app.services.worker_client import WorkerProcess
from app.training_ui import FALSE_POSITIVES, MISSES
from core import events as ev
from core.data.demo import make_demo

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
COCO_KEYS = ("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100")


def _fmt(v: float) -> str:  # how the metrics view writes a value
    return "-" if v <= -1 else f"{v:.3f}"


def _shot(qtbot, widget, name: str) -> None:
    if os.environ.get("EFFDET_SCREENSHOTS"):
        qtbot.wait(200)  # let layouts and deferred fits settle before the grab
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(SHOTS / f"e2e-{name}")), f"could not write e2e-{name}"


def _drag(qtbot, w: MainWindow, a, b) -> None:
    vp, c = w.canvas.viewport(), w.canvas
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=c.mapFromScene(QPointF(*a)))
    qtbot.mouseMove(vp, c.mapFromScene(QPointF(*b)))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=c.mapFromScene(QPointF(*b)))


@pytest.fixture
def window(qtbot, tmp_path):
    # enough images for a few steps per epoch at the default batch size: a stop lands mid-run
    make_demo(tmp_path / "demo", num_images=30, image_size=128, seed=0)
    w = MainWindow(str(tmp_path / "demo"))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.canvas.image_size[0] > 0)
    yield w
    ui = w.training_ui
    for proc in (ui.panel.process, ui.review.client.process):
        proc.kill()
        proc.wait(3000)
    w.close()


def _lowered_defaults(panel) -> dict:
    """The form's defaults with only the epochs and the input size lowered (what a person in a
    hurry changes); everything else, the loading processes included, stays as the form set it."""
    defaults = panel.config()
    assert defaults["workers"] > 0, defaults  # the form's default starts loading processes
    panel.epochs.setValue(EPOCHS)
    panel.size.setCurrentText("128")
    cfg = panel.config()
    assert cfg == {
        **defaults,
        "epochs": EPOCHS,
        "model": {**defaults["model"], "image_size": 128},
    }, "only the epochs and the input size may differ from the form's defaults"
    return cfg


EPOCHS = 3


@pytest.mark.timeout(900)  # behaviour, not speed: generous on a busy machine
def test_label_train_watch_and_review_with_the_real_worker(qtbot, window):
    w, ui = window, window.training_ui
    image = w.current_image_id
    boxes_before = w.document.box_count(image)
    qtbot.keyClick(w.canvas, Qt.Key.Key_W)  # draw mode, then drag a box as a person would
    _drag(qtbot, w, (20, 20), (70, 60))
    assert w.document.box_count(image) == boxes_before + 1

    # -- train from the panel -----------------------------------------------------------
    ui.actions["Train a model…"].trigger()
    panel = ui.panel
    cfg = _lowered_defaults(panel)
    assert panel.start_btn.isEnabled(), [str(f) for f in panel.findings]
    started = time.monotonic()
    panel.start_btn.click()
    assert panel.process.is_running()
    saved = json.loads((w.project_dir / "annotations.json").read_text(encoding="utf-8"))
    assert sum(a["image_id"] == image for a in saved["annotations"]) == boxes_before + 1

    def log() -> str:
        return panel.log_view.toPlainText()[-3000:]

    # -- stop once it trains: a checkpoint is saved and Resume is offered ------------------
    qtbot.waitUntil(lambda: panel.state.last_progress is not None, timeout=240000)
    steps = panel.state.last_progress.steps
    assert steps >= 2, "too few images for a stop in the middle of the run"
    with qtbot.waitSignal(panel.run_ended, timeout=180000):
        panel.stop_btn.click()
    assert panel.state.status == "stopped", log()
    assert panel.state.finished.epochs_done < EPOCHS
    run_dir = Path(panel.run_dir)
    assert (run_dir / "last.pt").is_file() and panel.resume_btn.isEnabled()
    assert not panel.error_label.isVisible(), panel.error_label.text()
    saved_cfg = json.loads((run_dir / "config.json").read_text())
    assert saved_cfg["workers"] == cfg["workers"] > 0
    assert saved_cfg["model"]["image_size"] == 128
    # the worker's OpenMP threads wait passively (core.cpu_threads) unless this shell chose
    assert saved_cfg["threads"]["OMP_WAIT_POLICY"] == os.environ.get("OMP_WAIT_POLICY", "PASSIVE")

    # -- resume: the same folder, on to the last epoch -------------------------------------
    with qtbot.waitSignal(panel.run_ended, timeout=420000):
        panel.resume_btn.click()
    train_s = time.monotonic() - started
    assert panel.state.status == "finished", log()
    assert panel.run_dir == str(run_dir) and "--resume" in log()
    assert panel.state.finished.epochs_done == EPOCHS and not panel.resume_btn.isEnabled()
    recorded = ev.read_events(str(run_dir / "events.jsonl"))  # both launches, in order
    assert [e.stopped for e in recorded if isinstance(e, ev.Finished)] == [True, False]
    assert sorted({e.epoch for e in recorded if isinstance(e, ev.EpochEnd)}) == list(range(EPOCHS))
    xs, _ = panel.plots.curve_data("loss")
    assert xs and panel.progress.value() == panel.progress.maximum()
    n_evals = len(panel.state.evals)
    assert n_evals >= 2 and len(panel.plots.curve_data("AP")[1]) == n_evals
    _shot(qtbot, panel, "training.png")

    # -- metrics: the COCO table comes from the run's saved evaluation ---------------------
    tags = list_evaluations(run_dir)
    assert tags, f"no eval-*.json in {run_dir}"
    saved_eval = json.loads((run_dir / f"eval-{tags[0]}.json").read_text())["metrics"]
    ui.actions["Metrics"].trigger()
    shown = ui.metrics.shown_metrics()
    assert set(COCO_KEYS) <= set(shown)
    assert {k: shown[k] for k in COCO_KEYS} == {k: _fmt(saved_eval[k]) for k in COCO_KEYS}
    assert ui.metrics.per_class.rowCount() == 5  # the demo's five classes
    _shot(qtbot, ui.metrics, "metrics.png")

    # -- fusion: one event per evaluation; weighted: every node's weights sum to one; plain
    # sums (Lite0's own, the default level where D0 has no pretrained weights): said so --------
    ui.actions["Fusion weights"].trigger()
    fusion = ui.fusion
    method = cfg["model"]["fusion"]
    assert len(fusion.events) == n_evals and fusion.current().method == method
    for event in fusion.events:
        assert len({n.cell for n in event.nodes}) == 3  # D0, Lite0: three cells
        for node in event.nodes:
            if method == "sum":
                assert node.weights is None, node.label
                continue
            assert len(node.weights) == len(node.inputs)
            assert sum(node.weights) == pytest.approx(1.0, abs=1e-3), node.label
    drawn = fusion.shown_weights()
    assert fusion.note.isVisibleTo(fusion) == (method == "sum")
    assert len(drawn) == 8  # nodes of one cell
    for out, weights in drawn.items():
        if method == "sum":
            assert set(weights) == {None}, out  # drawn without numbers
        else:
            assert sum(weights) == pytest.approx(1.0, abs=1e-3), out
    _shot(qtbot, fusion, "fusion.png")

    # -- review with the real inference worker ----------------------------------------------
    ui.actions["Review predictions"].trigger()
    review = ui.review
    review.load(str(run_dir / "best.pt"))
    qtbot.waitUntil(lambda: review.client.is_ready, timeout=120000)
    review.run_current()
    qtbot.waitUntil(lambda: image in review.predictions, timeout=120000)
    preds = review.predictions[image]
    assert preds, "the worker answered with no detections at all"

    def shown_scores() -> list[float]:
        return [
            float(review.det_list.item(r).text().split()[-1])
            for r in range(review.det_list.count())
        ]

    review.slider.setValue(0)
    assert len(shown_scores()) == len(preds) and len(w.canvas._overlay) >= len(preds)
    top = max(p["score"] for p in preds)
    review.slider.setValue(min(int(top * 100) + 1, 95))  # above the best score: nothing shown
    assert shown_scores() == [] and review.has_misses(image)
    image_list = w.image_list
    image_list.filter_box.setCurrentText(MISSES)
    assert image_list.model.rows == [image]  # the only image with predictions
    review.slider.setValue(0)
    assert review.has_false_positives(image)  # a three-epoch model: mostly wrong boxes
    image_list.filter_box.setCurrentText(FALSE_POSITIVES)
    assert image_list.model.rows == [image]
    image_list.filter_box.setCurrentText("all")

    # accept one prediction: one undo step, and undo takes it away again
    count, undo_count = w.document.box_count(image), w.undo_stack.count()
    review.det_list.setCurrentRow(0)
    review.accept_selected()
    assert w.document.box_count(image) == count + 1
    assert w.undo_stack.count() == undo_count + 1
    w.undo_stack.undo()
    assert w.document.box_count(image) == count

    # run on a selection of two other images in the image list
    others = [i for i in image_list.model.rows if i != image][:2]
    image_list.select_ids(others)
    assert image_list.selected_ids() == others
    review.run(review.selection())
    qtbot.waitUntil(lambda: all(i in review.predictions for i in others), timeout=120000)
    review.slider.setValue(0)
    _shot(qtbot, review, "review.png")
    review.slider.setValue(5)  # a three-epoch model scores low: at 0.05 mostly misses show
    w.show_image(image)
    ui.docks["Training"].raise_()
    w.canvas.set_draw_mode(False)
    w.resize(1600, 1200)
    qtbot.wait(100)
    w.resizeDocks([ui.docks["Training"]], [460], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: not w.canvas._pixmap.pixmap().isNull())
    qtbot.wait(100)
    w.canvas.fit()
    _shot(qtbot, w, "main.png")
    print(f"\ntraining took {train_s:.1f} s in the GUI, {steps} steps per epoch")


@pytest.mark.timeout(400)
def test_a_run_without_a_checkpoint_offers_no_resume(qtbot, window):
    """Stopped before its first step, or killed before its first checkpoint: the panel says there
    is nothing to resume and Resume stays off."""
    ui = window.training_ui
    ui.actions["Train a model…"].trigger()
    panel = ui.panel
    _lowered_defaults(panel)

    panel.start_btn.click()
    qtbot.waitUntil(lambda: panel.process.pid > 0, timeout=30000)
    with qtbot.waitSignal(panel.run_ended, timeout=240000):
        panel.stop_btn.click()  # the worker is still starting: no step, no checkpoint
    text = panel.log_view.toPlainText()
    assert panel.state.status == "stopped", text[-3000:]
    assert "stopped before the first checkpoint: nothing to resume" in text
    assert "nothing to resume" in panel.status.text().lower()
    assert not panel.error_label.isVisible() and not panel.resume_btn.isEnabled()
    assert not (Path(panel.run_dir) / "last.pt").exists()
    assert not panel.resume()

    panel.start_btn.click()
    qtbot.waitUntil(lambda: panel.state.started is not None, timeout=240000)
    with qtbot.waitSignal(panel.run_ended, timeout=30000):
        panel.process.kill()  # as the OOM killer would, long before the first epoch ends
    message = panel.error_label.text()
    assert panel.error_label.isVisible() and "ended unexpectedly" in message
    assert "nothing to resume" in message and "can be resumed" not in message
    assert not panel.resume_btn.isEnabled()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_ends_the_workers_own_child_processes(qtbot, tmp_path):
    """A worker that started a child (as a DataLoader does): kill() must end the child too."""
    pid_file = tmp_path / "child.pid"
    script = (
        "import subprocess, sys, time\n"
        "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(c.pid))\n"
        "time.sleep(60)\n"
    )
    proc = WorkerProcess()
    proc.start([sys.executable, "-c", script])
    qtbot.waitUntil(
        lambda: pid_file.is_file() and bool(pid_file.read_text().strip()), timeout=20000
    )
    child = int(pid_file.read_text())
    assert _alive(child)
    with qtbot.waitSignal(proc.exited, timeout=10000):
        proc.kill()
    qtbot.waitUntil(lambda: not _alive(child), timeout=5000)


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by its new parent, counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_image_list_offers_registered_predicate_filters_and_multi_selection(qtbot):
    from app.document.project import Document
    from app.widgets.image_list import ImageList

    doc = Document()
    ids = [doc.add_image(f"img_{n}.jpg").id for n in range(5)]
    flagged = {ids[1], ids[3]}
    image_list = ImageList(doc)
    qtbot.addWidget(image_list)
    image_list.add_filter("flagged", lambda i: i in flagged)
    image_list.filter_box.setCurrentText("flagged")
    assert image_list.model.rows == [ids[1], ids[3]]
    flagged.add(ids[4])  # the predicate's answer changed: refresh re-runs it
    image_list.refresh_filter()
    assert image_list.model.rows == [ids[1], ids[3], ids[4]]
    image_list.select_ids([ids[4], ids[1]])
    assert image_list.selected_ids() == [ids[1], ids[4]]  # list order
    image_list.filter_box.setCurrentText("all")
    image_list.image_activated.connect(image_list.set_current)  # as the main window does
    view = image_list.view
    for n, mod in ((0, Qt.KeyboardModifier.NoModifier), (2, Qt.KeyboardModifier.ControlModifier)):
        qtbot.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            mod,
            view.visualRect(image_list.model.index(n)).center(),
        )
    assert image_list.selected_ids() == [ids[0], ids[2]]  # Ctrl-click adds to the selection
    image_list.set_current(ids[3])  # moving on with the keys selects that image alone
    assert image_list.selected_ids() == [ids[3]]
    with pytest.raises(ValueError, match="built-in"):
        image_list.add_filter("labelled", lambda i: True)
    with pytest.raises(ValueError, match="flagged"):  # the message lists what exists
        image_list.model.set_filter("no such filter")
