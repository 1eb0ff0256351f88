"""Prediction review: the matching rule, the score slider, accepting predictions with undo,
filters and the uncertainty queue, against the fake ``serve`` worker."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack

from app.document.project import Document
from app.widgets.canvas import Canvas
from app.widgets.review import ReviewPanel, iou, match, review_queue, uncertainty

FAKE = str(Path(__file__).resolve().parents[1] / "fake_worker.py")
SHOTS = Path(tempfile.gettempdir()) / "effdet-studio-shots"  # docs/ gets real-run shots only


def P(box, score, cat="cat"):
    return {"box": box, "score": score, "category": cat}


def test_iou_of_xywh_boxes():
    assert iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert iou([0, 0, 10, 10], [5, 0, 10, 10]) == pytest.approx(50 / 150)
    assert iou([0, 0, 10, 10], [20, 20, 5, 5]) == 0.0


def test_match_is_greedy_by_score_same_class_one_label_each():
    labels = [([0, 0, 10, 10], "cat"), ([50, 50, 10, 10], "dog")]
    preds = [
        P([0, 0, 10, 10], 0.6),
        P([1, 0, 10, 10], 0.9),  # both hit label 0
        P([50, 50, 10, 10], 0.8, "cat"),  # right place, wrong class
        P([90, 90, 5, 5], 0.2),
    ]
    m = match(labels, preds, threshold=0.3)
    assert m.tp == [(1, 0)]  # the higher score wins the label
    assert sorted(m.fp) == [0, 2]  # duplicate and wrong class; index 3 is under the threshold
    assert m.misses == [1]
    assert match(labels, preds, threshold=0.95).misses == [0, 1]


def test_review_and_the_confusion_matrix_match_by_the_same_rule():
    from core.evaluate import confusion_matrix

    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 80, (30, 2))
    boxes = np.concatenate([xy, rng.uniform(5, 30, (30, 2))], axis=1).round(1).tolist()
    labels = [(b, "cat") for b in boxes[:12]]
    preds = [P(b, float(s)) for b, s in zip(boxes[6:], rng.uniform(0, 1, 24), strict=True)]
    preds += [P([x + 2, y + 1, w, h], 0.7) for x, y, w, h in boxes[:6]]
    m = match(labels, preds, threshold=0.5)
    gt = {
        "images": [{"id": 1, "width": 120, "height": 120}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"image_id": 1, "category_id": 1, "bbox": b} for b, _ in labels],
    }
    results = [{"image_id": 1, "category_id": 1, "bbox": p["box"], "score": p["score"]}
               for p in preds]  # fmt: skip
    conf = confusion_matrix(gt, results, score_threshold=0.5)["matrix"]
    assert len(m.tp) > 6 and m.fp and m.misses
    assert conf == [[len(m.tp), len(m.misses)], [len(m.fp), 0]]


def test_uncertainty_queue_puts_ambiguous_images_first():
    preds = {1: [P([0, 0, 1, 1], 0.95)], 2: [P([0, 0, 1, 1], 0.5)], 3: [P([0, 0, 1, 1], 0.2)]}
    assert uncertainty(preds[2]) == 1.0 and uncertainty([]) == 0.0
    assert review_queue(preds, [1, 2, 3, 4]) == [2, 3, 1]


class FakeCanvas:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def set_overlay(self, items: list[dict]) -> None:
        self.items = list(items)

    def clear_overlay(self) -> None:
        self.items = []


@pytest.fixture
def review(qtbot, tmp_path):
    doc = Document()
    for c in ("cat", "dog"):
        doc.add_class(c)
    for name in ("a.jpg", "bb.jpg", "ccc.jpg"):
        (tmp_path / name).write_bytes(b"x")
        doc.add_image(name, 100, 100)
    cat = doc.category_by_name("cat").id
    doc.add_box(1, [10, 10, 20, 20], cat)  # found by the fake model (score 0.9)
    doc.add_box(1, [70, 5, 20, 20], cat)  # never predicted: a miss
    stack, canvas = QUndoStack(), FakeCanvas()
    panel = ReviewPanel(
        doc,
        stack,
        canvas,
        lambda i: str(tmp_path / doc.image(i).file_name),
        worker_argv=lambda ck: [sys.executable, FAKE, "serve", ck],
    )
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.load(str(tmp_path / "best.pt"))
    with qtbot.waitSignal(panel.client.ready, timeout=10000):
        pass
    panel.set_current_image(1)
    yield panel, doc, stack, canvas
    panel.client.close()


def run_all(qtbot, panel, doc):
    panel.run(doc.image_ids())
    qtbot.waitUntil(lambda: len(panel.predictions) == 3, timeout=10000)


def test_slider_changes_what_is_drawn(qtbot, review):
    panel, doc, stack, canvas = review
    run_all(qtbot, panel, doc)
    panel.slider.setValue(20)  # 0.2: the dog at 0.35 shows as a false positive
    low = [i["label"] for i in canvas.items]
    assert "cat 0.90" in low and any(x.startswith("FP dog") for x in low)
    assert "missed cat" in low
    assert panel.has_misses(1) and panel.has_false_positives(1)
    panel.slider.setValue(50)
    high = [i["label"] for i in canvas.items]
    assert not any(x.startswith("FP") for x in high) and high != low
    assert not panel.has_false_positives(1)
    colours = {i["label"]: (i["color"], i["dashed"]) for i in canvas.items}
    assert colours["missed cat"][1] is True and colours["cat 0.90"][1] is False
    panel.slider.setValue(20)
    save_screenshot(panel, doc, stack, canvas.items)


def save_screenshot(panel, doc, stack, items) -> None:
    """The panel beside the studio's canvas showing the same overlay."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    shot = QWidget()
    real = Canvas(doc, stack)
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#d8d8d8"))
    real.set_image(1, image)
    real.set_overlay(items)
    lay = QHBoxLayout(shot)
    lay.addWidget(real, 1)
    lay.addWidget(panel)
    shot.resize(1000, 620)
    shot.show()
    real.fit()
    shot.grab().save(str(SHOTS / "review.png"))
    lay.removeWidget(panel)
    panel.setParent(None)
    shot.deleteLater()


def test_accepting_is_one_undo_step_each(qtbot, review):
    panel, doc, stack, _ = review
    run_all(qtbot, panel, doc)
    panel.slider.setValue(20)
    before = doc.box_count(1)
    panel.accept_all()  # the false positive above 0.2 becomes a label
    assert doc.box_count(1) == before + 1 and stack.count() == 1
    stack.undo()
    assert doc.box_count(1) == before
    panel.slider.setValue(50)
    assert panel.prelabel_unlabelled() == 2  # images 2 and 3 get their 0.9 cat
    assert doc.box_count(2) == 1 and doc.box_count(3) == 1
    stack.undo()  # the whole pre-labelling is one step
    assert doc.box_count(2) == 0 and doc.box_count(3) == 0
    panel.det_list.setCurrentRow(0)
    panel.accept_selected()
    assert doc.box_count(1) == before + 1


def test_queue_lists_unlabelled_images_by_uncertainty(qtbot, review):
    panel, doc, _, _ = review
    run_all(qtbot, panel, doc)
    ids = [panel.queue.item(r).data(256) for r in range(panel.queue.count())]
    assert sorted(ids) == [2, 3]
    # 'bb.jpg' scores its dog 0.36, 'ccc.jpg' 0.37: closer to 0.5 is less sure
    assert ids == [3, 2]


def test_a_run_shows_count_rate_and_eta_and_cancel_stops_it(qtbot, tmp_path):
    doc = Document()
    doc.add_class("cat")
    for k in range(40):
        (tmp_path / f"{k:02d}.jpg").write_bytes(b"x")
        doc.add_image(f"{k:02d}.jpg", 100, 100)
    panel = ReviewPanel(
        doc,
        QUndoStack(),
        FakeCanvas(),
        lambda i: str(tmp_path / doc.image(i).file_name),
        worker_argv=lambda ck: [sys.executable, FAKE, "serve", ck, "--delay", "0.05"],
    )
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.progress_row.isVisible()
    panel.load(str(tmp_path / "best.pt"))
    with qtbot.waitSignal(panel.client.ready, timeout=10000):
        pass
    try:
        panel.run(doc.image_ids())
        assert panel.progress_row.isVisible() and panel.progress_label.text() == "0/40"
        qtbot.waitUntil(lambda: len(panel.predictions) >= 3, timeout=10000)
        text = panel.progress_label.text()
        assert re.fullmatch(r"\d+/40 · 10\.0 img/s · ETA \d+ s", text), text
        assert 0 < panel.progress_bar.value() < panel.progress_bar.maximum() == 40
        panel.cancel_button.click()
        qtbot.waitUntil(lambda: not panel.progress_row.isVisible(), timeout=10000)
        answered = len(panel.predictions)
        assert 3 <= answered < 40 and panel._pending == 0
        assert panel.status.text().startswith(f"Cancelled {40 - answered} image(s)")
        qtbot.wait(300)
        assert len(panel.predictions) == answered  # nothing more comes
        panel.predictions.clear()
        panel.run([40])  # the worker answers the next run
        qtbot.waitUntil(lambda: 40 in panel.predictions, timeout=10000)
        qtbot.waitUntil(lambda: not panel.progress_row.isVisible(), timeout=10000)
    finally:
        panel.client.close()
