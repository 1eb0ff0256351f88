"""The open project is one fact: docks restored from a saved layout follow it, and opening
another project drops everything that belonged to the previous one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

from app.main_window import MainWindow

FAKE = str(Path(__file__).resolve().parents[1] / "fake_worker.py")
TRAINING_DOCKS = ("Training", "Runs", "Metrics", "Fusion weights", "Review predictions")


def make_project(folder: Path, names: list[str]) -> Path:
    (folder / "images").mkdir(parents=True)
    images, anns = [], []
    for i, name in enumerate(names, 1):
        pixels = np.full((48, 64, 3), 40 * i % 255, np.uint8)
        cv2.imwrite(str(folder / "images" / name), pixels)
        images.append({"id": i, "file_name": name, "width": 64, "height": 48})
        anns.append({"id": i, "image_id": i, "category_id": 1, "bbox": [4, 4, 30, 30]})
    coco = {"images": images, "annotations": anns, "categories": [{"id": 1, "name": "thing"}]}
    (folder / "annotations.json").write_text(json.dumps(coco), encoding="utf-8")
    return folder


def fake_run(project: Path, name: str) -> Path:
    run = project / "runs" / name
    run.mkdir(parents=True)
    (run / "config.json").write_text(json.dumps({"data": str(project)}), encoding="utf-8")
    (run / "events.jsonl").write_text("", encoding="utf-8")
    return run


def test_docks_restored_at_launch_train_the_open_project(qtbot, tmp_path):
    a = make_project(tmp_path / "a", [f"a{i}.png" for i in range(6)])
    first = MainWindow()
    qtbot.addWidget(first)
    for name in TRAINING_DOCKS:  # the layout a user leaves behind
        first.training_ui.docks[name].show()
    first.close()

    window = MainWindow(str(a))  # relaunch: restoreState shows the docks before any menu
    qtbot.addWidget(window)
    window.show()
    ui = window.training_ui
    assert all(ui.docks[n].isVisible() for n in TRAINING_DOCKS)
    panel = ui.panel
    assert panel.n_images == len(panel.data.plan.train_ids) == 6 - len(panel.data.plan.val_ids)
    assert panel.data is not None and Path(panel.data.data) == a / "annotations.json"
    assert panel.start_btn.isEnabled()

    panel.command = lambda args: [sys.executable, FAKE, *args]
    with qtbot.waitSignal(panel.run_ended, timeout=20000):
        panel.start_btn.click()
    config = json.loads((Path(panel.run_dir) / "config.json").read_text(encoding="utf-8"))
    assert Path(config["data"]) == a / "annotations.json"
    assert Path(config["image_root"]) == a / "images"
    assert sorted(config["train_ids"] + config["val_ids"]) == [1, 2, 3, 4, 5, 6]
    assert Path(panel.run_dir).parent == a / "runs"
    assert not list((tmp_path / "a" / "runs").glob(".pending/*")), "request files left behind"
    window.close()


def test_opening_another_project_drops_the_previous_ones_state(qtbot, tmp_path):
    a = make_project(tmp_path / "a", ["one.png", "two.png", "three.png"])
    b = make_project(tmp_path / "b", ["uno.png", "dos.png"])
    fake_run(a, "20260101-000000-d0")
    window = MainWindow(str(a))
    qtbot.addWidget(window)
    ui = window.training_ui
    ui.runs.refresh()
    assert ui.runs.tree.topLevelItemCount() == 1
    ui.runs.set_checked(str(a / "runs" / "20260101-000000-d0"))
    ui.review.predictions[1] = [{"bbox": [1, 1, 5, 5], "category_id": 1, "score": 0.9}]
    ui.review.checkpoint.setText(str(a / "runs" / "x" / "best.pt"))
    window.image_list.search.setText("two")
    assert len(window.image_list.model.rows) == 1

    assert window.open_path(str(b))
    assert ui.review.predictions == {}  # ids restart at 1: old predictions would land on b
    assert ui.review.checkpoint.text() == ""
    assert window.image_list.search.text() == ""
    assert window.image_list.filter_box.currentText() == "all"
    assert len(window.image_list.model.rows) == 2
    assert ui.runs.tree.topLevelItemCount() == 0 and ui.runs.checked_paths() == []
    assert ui.panel.data is not None and Path(ui.panel.data.data) == b / "annotations.json"
    assert ui.panel.n_images == len(ui.panel.data.plan.train_ids)  # b's, not a's
    assert sorted(ui.panel.data.plan.train_ids + ui.panel.data.plan.val_ids) == [1, 2]
    assert ui.panel.run_dir is None
    assert ui.metrics.run_dir is None
    window.close()
