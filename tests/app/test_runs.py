"""Run folders: listing, replaying events.jsonl, evaluations, the runs dock overlay, the metrics
view, and the training UI installed into the main window."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

from app.runs import RunState, list_evaluations, list_runs, load_evaluation, load_run, replay
from app.widgets.metrics_view import MetricsView
from app.widgets.runs_dock import RunsDock
from core import events as ev

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_worker import recording  # noqa: E402

SHOTS = Path(tempfile.gettempdir()) / "effdet-studio-shots"  # docs/ gets real-run shots only


def write_run(
    project: Path,
    name: str,
    fusion: str,
    epochs: int = 3,
    stop_after: int | None = None,
    evaluation: dict | None = None,
) -> Path:
    run = project / "runs" / name
    run.mkdir(parents=True)
    config = {
        "data": str(project),
        "model": {"level": name.rsplit("-", 1)[-1], "fusion": fusion},
        "epochs": epochs,
    }
    (run / "config.json").write_text(json.dumps(config))
    events = recording(str(run), config, epochs, 4)
    if stop_after is not None:
        events = events[:stop_after] + [ev.Finished(str(run), 1, True)]
    lines = [ev.encode(e) for e in events]
    (run / "events.jsonl").write_text("\n".join(lines) + "\n" + lines[-1][:20])  # torn tail
    if evaluation is not None:
        (run / "eval-best.json").write_text(json.dumps(evaluation))
        (run / "eval-epoch002.json").write_text(json.dumps({**evaluation, "metrics": {"AP": 0.1}}))
    return run


EVALUATION = {
    "metrics": {"AP": 0.412, "AP50": 0.71, "AP75": 0.43, "APs": -1.0},
    "per_class_ap": {"cat": 0.5, "dog": 0.32, "bird": -1.0},
    "pr_curves": {
        "cat": {"recall": [0, 0.5, 1.0], "precision": [1.0, 0.8, 0.3]},
        "dog": {"recall": [0, 0.5, 1.0], "precision": [1.0, 0.6, 0.1]},
    },
    "confusion": {
        "labels": ["cat", "dog", "background"],
        "matrix": [[8, 1, 2], [2, 5, 3], [4, 1, 0]],
    },
}


def test_replay_builds_series_and_status(tmp_path):
    run = write_run(tmp_path, "20260101-120000-d0", "fast")
    state = load_run(run)
    assert state.status == "finished"
    assert len(state.series["loss"][0]) == 12 and len(state.series["AP"][1]) == 3
    assert state.series["AP"][0] == [1, 2, 3]  # finished epochs
    assert len(state.fusions) == 3 and state.best_ap == pytest.approx(0.3)
    assert replay([]).status == "empty"
    failed = replay([ev.Started("r", {}, "cpu", 1, 1), ev.Error("out_of_memory", "m", "h")])
    assert failed.status == "failed"


def test_list_runs_reads_every_folder_newest_first(tmp_path):
    write_run(tmp_path, "20260101-120000-d0", "fast")
    write_run(tmp_path, "20260102-120000-d1", "softmax", stop_after=10)
    (tmp_path / "runs" / "notes").mkdir()  # not a run
    runs = list_runs(tmp_path)
    assert [r.name for r in runs] == ["20260102-120000-d1", "20260101-120000-d0"]
    assert (runs[0].level, runs[0].fusion, runs[0].status) == ("d1", "softmax", "stopped")
    assert (runs[1].status, runs[1].epochs_done) == ("finished", 3)
    assert list_runs(tmp_path / "nowhere") == []


def test_evaluations_prefer_best_and_fall_back_to_events(tmp_path):
    run = write_run(tmp_path, "20260101-120000-d0", "fast", evaluation=EVALUATION)
    assert list_evaluations(run) == ["best", "epoch002"]
    assert load_evaluation(run).metrics["AP"] == 0.412
    assert load_evaluation(run, "epoch002").metrics == {"AP": 0.1}
    plain = write_run(tmp_path, "20260102-120000-d0", "fast")
    assert load_evaluation(plain).metrics["AP"] == pytest.approx(0.3)  # last Eval event
    (plain / "eval-bad.json").write_text("{")
    with pytest.raises(ValueError, match="eval-bad.json"):
        load_evaluation(plain, "bad")


def test_runs_dock_overlays_two_runs(qtbot, tmp_path):
    write_run(tmp_path, "20260101-120000-d0", "fast")
    write_run(tmp_path, "20260102-120000-d0", "softmax")
    dock = RunsDock()
    qtbot.addWidget(dock)
    dock.set_project(tmp_path)
    assert dock.tree.topLevelItemCount() == 2
    assert dock.tree.topLevelItem(0).text(2) == "softmax"
    got: list[dict] = []
    dock.overlays_changed.connect(got.append)
    dock.set_checked(str(tmp_path / "runs" / "20260101-120000-d0"))
    dock.set_checked(str(tmp_path / "runs" / "20260102-120000-d0"))
    assert set(got[-1]) == {"20260101-120000-d0", "20260102-120000-d0"}
    assert all(isinstance(s, RunState) for s in got[-1].values())
    with qtbot.waitSignal(dock.run_selected) as sig:
        dock.select(str(tmp_path / "runs" / "20260101-120000-d0"))
    assert sig.args[0].endswith("20260101-120000-d0")
    dock.refresh()  # ticks survive a refresh
    assert len(dock.checked_paths()) == 2

    from app.widgets.plots import TrainingPlots

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.set_overlays(got[-1])
    assert len(plots.overlay_curves) == 2 * len(plots.curves)
    plots.set_overlays({})
    assert not plots.overlay_curves


def test_metrics_view_shows_table_classes_pr_and_confusion(qtbot, tmp_path):
    run = write_run(tmp_path, "20260101-120000-d0", "fast", evaluation=EVALUATION)
    view = MetricsView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.load_run(run)
    shown = view.shown_metrics()
    assert shown["AP"] == "0.412" and shown["APs"] == "-"
    assert [view.per_class.item(r, 0).text() for r in range(3)] == ["cat", "dog", "bird"]
    assert len(view.pr.getPlotItem().listDataItems()) == 2
    assert view.confusion.rowCount() == 3 and view.confusion.item(1, 2).text() == "3"
    view.which.setCurrentText("epoch002")
    assert view.shown_metrics() == {"AP": "0.100"}
    view.which.setCurrentText("best")
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.tabs.setCurrentIndex(3)
    view.grab().save(str(SHOTS / "metrics.png"))


def test_install_adds_docks_and_train_menu(qtbot, tmp_path):
    from app.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    ui = window.training_ui
    texts = [a.text() for a in window.menus["Train"].actions()]
    assert "Train a model…" in texts and "Review predictions" in texts
    assert set(ui.docks) >= {"Training", "Runs", "Metrics", "Fusion weights"}
    run = write_run(tmp_path, "20260101-120000-d0", "fast", evaluation=EVALUATION)
    ui.runs.set_project(tmp_path)
    ui.runs.select(str(run))
    assert len(ui.fusion.events) == 3 and ui.metrics.shown_metrics()["AP"] == "0.412"
