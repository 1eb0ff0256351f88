"""Window polish: review follows undo, the checkpoint it offers, where file dialogs start, Open
Recent, the Help and Edit menus, plot axes, plural wording, Evaluate now, metrics colours and
class order (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QUndoStack

from app.document.project import Document
from app.main_window import MainWindow
from app.widgets.review import ReviewPanel
from tests.app.test_review import FakeCanvas  # noqa: E402

FAKE = str(Path(__file__).resolve().parents[1] / "fake_worker.py")
CLASSES = ["zebra", "ant", "moth", "bee", "cat"]  # not alphabetical, on purpose


def make_project(folder: Path, classes: list[str] = CLASSES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.png", "b.png"):
        Image.new("RGB", (64, 48), "red").save(folder / name)
    coco = {
        "images": [
            {"id": i, "file_name": n, "width": 64, "height": 48}
            for i, n in enumerate(("a.png", "b.png"), 1)
        ],
        "categories": [{"id": i, "name": c} for i, c in enumerate(classes, 1)],
        "annotations": [],
    }
    (folder / "annotations.json").write_text(json.dumps(coco))
    return folder


def write_best(run_dir: Path, mtime: float) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    best = run_dir / "best.pt"
    best.write_bytes(b"pt")
    os.utime(best, (mtime, mtime))
    return best


@pytest.fixture
def window(qtbot, tmp_path: Path):
    folder = make_project(tmp_path / "proj")
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    yield w
    w.close()


# -- 1. review follows the labels -------------------------------------------------------
def test_review_list_follows_undo_of_an_accepted_prediction(qtbot):
    doc = Document()
    doc.add_class("cat")
    doc.add_image("a.jpg", 100, 100)
    stack = QUndoStack()
    panel = ReviewPanel(doc, stack, FakeCanvas(), lambda i: f"/x/{i}.jpg")
    qtbot.addWidget(panel)
    panel.predictions[1] = [{"box": [10, 10, 20, 20], "score": 0.9, "category": "cat"}]
    panel.set_current_image(1)
    assert panel.det_list.item(0).text().startswith("FP")
    panel.det_list.setCurrentRow(0)
    panel.accept_selected()
    assert panel.det_list.item(0).text().startswith("TP")
    stack.undo()
    assert doc.box_count(1) == 0
    qtbot.waitUntil(lambda: panel.det_list.item(0).text().startswith("FP"), timeout=2000)
    assert "0 correct" in panel.counts.text()
    stack.redo()
    qtbot.waitUntil(lambda: panel.det_list.item(0).text().startswith("TP"), timeout=2000)


# -- 2. the checkpoint review offers ----------------------------------------------------
def test_review_offers_the_newest_best_checkpoint(qtbot, tmp_path):
    folder = make_project(tmp_path / "proj")
    write_best(folder / "runs" / "20260101-000000-d0", 1_000_000)
    newest = write_best(folder / "runs" / "20250101-000000-d0", 2_000_000)
    (newest.parent / "config.json").write_text("{}")  # a run the Runs dock lists
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    ui = w.training_ui
    assert ui.review.checkpoint.text() == str(newest)
    assert ui.runs.selected_path() == str(newest.parent)  # metrics and fusion show it
    assert ui.metrics.title.text() != "Choose a run to see its metrics."
    ended = write_best(folder / "runs" / "20260202-000000-d1", 500)
    ui.panel.run_ended.emit(str(ended.parent))
    assert ui.review.checkpoint.text() == str(ended)
    other = make_project(tmp_path / "other")
    w.open_path(str(other))
    assert ui.review.checkpoint.text() == ""
    w.close()


# -- 3. where file dialogs start --------------------------------------------------------
class Dialogs:
    """Stands in for QFileDialog's static functions: records the folder each one starts in."""

    def __init__(self, monkeypatch, answers: dict[str, str] | None = None) -> None:
        self.starts: list[tuple[str, str]] = []
        self.answers = answers or {}
        from PySide6.QtWidgets import QFileDialog

        def fake(kind: str, returns_pair: bool):
            def ask(parent, caption="", folder="", *rest, **kw):
                self.starts.append((caption, folder))
                answer = self.answers.get(caption, "")
                return (answer, "") if returns_pair else answer

            return ask

        monkeypatch.setattr(QFileDialog, "getOpenFileName", fake("open", True))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", fake("save", True))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", fake("dir", False))


def test_file_dialogs_start_in_the_project(window, monkeypatch, tmp_path):
    project = str(window.project_dir)
    labels = tmp_path / "proj" / "labels"
    labels.mkdir()
    dialogs = Dialogs(monkeypatch, {"YOLO labels folder": str(labels)})
    window.ask_open()
    window.ask_open_coco()
    window.import_export.ask_export("coco")
    window.import_export.ask_export("voc")
    window.import_export.ask_import("coco")
    window.import_export.ask_import("yolo")
    ui = window.training_ui
    ui.fusion._export("SVG (*.svg)", lambda p: None)
    ui.panel.form._browse_init()
    ui.review._browse()
    starts = dict(dialogs.starts)
    assert starts.pop("YOLO classes file") == str(labels)  # beside the labels
    assert set(starts.values()) == {project}, starts
    best = write_best(tmp_path / "proj" / "runs" / "r1", 1000)
    ui.review.checkpoint.setText(str(best))
    ui.review._browse()
    assert dialogs.starts[-1] == ("Checkpoint", str(best.parent))


# -- 4. File > Open Recent --------------------------------------------------------------
def test_open_recent_lists_and_opens_recent_projects(qtbot, window, tmp_path):
    other = make_project(tmp_path / "other")
    assert window.open_path(str(other))
    menu = next(
        a.menu() for a in window.menus["File"].actions() if a.menu() and "Recent" in a.text()
    )
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == [str(other), str(tmp_path / "proj")]
    next(a for a in menu.actions() if a.text() == str(tmp_path / "proj")).trigger()
    assert window.project_dir == tmp_path / "proj"


# -- 5. Help and Edit menus -------------------------------------------------------------
def test_help_menu_has_the_user_guide_and_shortcuts(window, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    actions = {a.text(): a for a in window.menus["Help"].actions()}
    guide = next(a for t, a in actions.items() if "guide" in t.lower())
    assert any("shortcut" in t.lower() for t in actions)
    guide.trigger()
    assert opened and opened[0].toLocalFile().endswith("docs/user-guide.md")
    assert Path(opened[0].toLocalFile()).is_file()


def test_edit_menu_offers_only_the_classes_there_are(window):
    def offered() -> list[str]:
        return [a.text() for a in window.menus["Edit"].actions() if "Set class" in a.text()]

    assert len(offered()) == len(CLASSES) and offered()[-1].startswith("Set class 5")
    window.class_list.add_class("wasp")
    assert len(offered()) == 6
    window.undo_stack.undo()
    assert len(offered()) == 5
    assert window.training_ui.metrics.classes() == CLASSES  # metrics follow the project order


# -- 6. plots and wording ---------------------------------------------------------------
def test_box_loss_has_its_own_axis_and_ap_axis_starts_at_zero(qtbot):
    from app.runs import replay
    from app.widgets.plots import TrainingPlots
    from core import events as ev

    plots = TrainingPlots()
    qtbot.addWidget(plots)
    events: list[ev.Event] = [ev.Started("r", {}, "cpu", 4, 2)]
    for step in range(1, 5):
        losses = {"loss": 1.8, "class_loss": 1.79, "box_loss": 0.01 + 0.001 * step}
        events.append(ev.Progress(0, 2, step, 4, losses, 0.01, 10.0, 1.0))
    events += [
        ev.Eval(0, {"AP": 0.0004, "AP50": 0.0}, {}),
        ev.Eval(1, {"AP": 0.0, "AP50": 0.0}, {}),
    ]
    plots.update_state(replay(events))
    plots.redraw()
    box_view = plots.curves["box_loss"].getViewBox()
    assert box_view is not plots.curves["loss"].getViewBox()
    assert plots.curves["class_loss"].getViewBox() is plots.curves["loss"].getViewBox()
    low, high = plots.plots["ap"].getViewBox().viewRange()[1]
    assert low == pytest.approx(0, abs=1e-9) and high >= 0.05
    events.append(ev.Eval(2, {"AP": 0.6, "AP50": 0.8}, {}))
    plots.update_state(replay(events))
    plots.redraw()
    low, high = plots.plots["ap"].getViewBox().viewRange()[1]
    assert low == pytest.approx(0, abs=1e-9) and 0.8 <= high <= 1.0


def test_finished_status_says_epoch_in_the_right_number(qtbot):
    from app.widgets.training_panel import TrainingPanel
    from core import events as ev

    panel = TrainingPanel(command=lambda args: [sys.executable, FAKE, *args])
    qtbot.addWidget(panel)
    for done, text in (
        (0, "Stopped before the first epoch ended"),
        (1, "Stopped after 1 epoch"),
        (2, "Stopped after 2 epochs"),
    ):
        panel._on_event(ev.Finished("r", done, True, None))
        assert panel.status.text() == text


# -- 7. Evaluate now --------------------------------------------------------------------
def test_evaluate_now_reaches_the_worker_while_it_runs(qtbot, tmp_path):
    from app.widgets.training_panel import TrainingPanel
    from core import events as ev

    # 60 steps of 0.05 s: an epoch outlasts the click's round trip on a busy machine
    command = [sys.executable, FAKE, "--delay", "0.05", "--steps", "60"]
    panel = TrainingPanel(command=lambda args: [*command[:2], *args, *command[2:]])
    qtbot.addWidget(panel)
    panel.project_dir = str(tmp_path)
    coco = {
        "images": [{"id": i, "file_name": f"{i}.jpg", "width": 64, "height": 48} for i in (1, 2)],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [
            {"id": i, "image_id": i, "category_id": 1, "bbox": [5, 5, 20, 20]} for i in (1, 2)
        ],
    }
    panel.set_dataset(coco, {}, val_ids=[2])
    panel.epochs.setValue(2)
    assert not panel.eval_btn.isEnabled()
    seen: list[ev.Event] = []
    panel.event_received.connect(seen.append)
    panel.start()
    qtbot.waitUntil(lambda: any(isinstance(e, ev.Progress) for e in seen), timeout=20000)
    assert panel.eval_btn.isEnabled()
    panel.eval_btn.click()
    qtbot.waitUntil(lambda: any(isinstance(e, ev.Eval) for e in seen), timeout=20000)
    first_eval = next(i for i, e in enumerate(seen) if isinstance(e, ev.Eval))
    assert not any(isinstance(e, ev.EpochEnd) for e in seen[:first_eval])  # asked, not planned
    panel.stop()
    qtbot.waitUntil(lambda: not panel.process.is_running(), timeout=20000)
    assert not panel.eval_btn.isEnabled()


# -- 8. metrics: shading and one class order ---------------------------------------------
def test_metrics_shade_by_ap_and_keep_the_project_class_order(qtbot):
    from app.runs import Evaluation
    from app.widgets.metrics_view import MetricsView

    view = MetricsView()
    qtbot.addWidget(view)
    view.classes = lambda: ["zebra", "ant", "moth"]
    curve = {"recall": [0, 1], "precision": [1, 0]}
    e = Evaluation(
        metrics={"AP": 0.3},
        per_class_ap={"ant": 0.9, "moth": 0.0, "zebra": 0.2},
        pr_curves={"moth": curve, "ant": curve, "zebra": curve},
        confusion={
            "labels": ["ant", "moth", "zebra", "background"],
            "matrix": [[1, 0, 0, 2], [0, 3, 0, 4], [0, 0, 5, 6], [7, 8, 9, 0]],
        },
    )
    view.set_evaluation(e)
    order = ["zebra", "ant", "moth"]
    assert [view.per_class.item(r, 0).text() for r in range(3)] == order
    shade = {
        view.per_class.item(r, 0).text(): view.per_class.item(r, 1).background() for r in range(3)
    }
    assert shade["moth"].style().name == "NoBrush"  # AP 0 is not painted green
    assert shade["ant"].color().saturationF() > shade["zebra"].color().saturationF()
    legend = [item.opts["name"] for item in view.pr.getPlotItem().listDataItems()]
    assert legend == order
    rows = [view.confusion.verticalHeaderItem(r).text() for r in range(4)]
    assert rows == [f"true {n}" for n in order] + ["true background"]
    assert view.confusion.item(0, 0).text() == "5" and view.confusion.item(0, 3).text() == "6"
    assert view.confusion.item(3, 0).text() == "9"


# -- a project reopens on the image it was left on ---------------------------------------
def test_a_project_reopens_on_the_image_it_was_left_on(qtbot, tmp_path: Path):
    folder = make_project(tmp_path / "proj")
    first = MainWindow(str(folder))
    qtbot.addWidget(first)
    assert first.current_image_id == 1  # a project never opened starts at its first image
    first.show_image(2)
    first.close()

    again = MainWindow(str(folder))
    qtbot.addWidget(again)
    assert again.current_image_id == 2  # b.png, where the last session stopped
    again.close()

    other = make_project(tmp_path / "other")  # another project keeps its own place
    third = MainWindow(str(other))
    qtbot.addWidget(third)
    assert third.current_image_id == 1
    third.close()

    coco = json.loads((folder / "annotations.json").read_text())
    coco["images"] = coco["images"][:1]  # b.png left the project: back to the first image
    (folder / "annotations.json").write_text(json.dumps(coco))
    (folder / "b.png").unlink()
    last = MainWindow(str(folder))
    qtbot.addWidget(last)
    assert last.current_image_id == 1
    last.close()
