"""File > Import / Export in the window: the question before replacing files, the import report,
re-importing one's own export, and files that must never be replaced (pytest-qt, offscreen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from app.document.commands import AddBoxes
from app.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "proj"
    folder.mkdir()
    for name in ("a.png", "annotations.png"):
        Image.new("RGB", (64, 48), "red").save(folder / name)
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: all(r.width > 0 for r in w.document.images))
    w.class_list.add_class("cat")
    image_id = next(r.id for r in w.document.images if r.file_name == "a.png")
    w.undo_stack.push(
        AddBoxes(w.document, image_id, [{"bbox": (10, 10, 30, 20), "category_id": 1}])
    )
    yield w
    w.close()


def _only_box_image(w: MainWindow) -> int:
    return next(r.id for r in w.document.images if w.document.box_count(r.id))


def test_export_into_a_folder_with_files_asks_and_can_back_up(window, tmp_path, qtbot):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_text("old")
    (out / "notes.txt").write_text("mine")
    ie = window.import_export
    assert ie.export("voc", str(out)) is False  # nothing written before the answer
    assert isinstance(ie.question, QMessageBox) and ie.question.isVisible()
    assert "a.xml" in ie.question.text() and (out / "a.xml").read_text() == "old"
    ie.answer("backup")
    assert ie.question is None
    assert (out / "a.xml.bak").read_text() == "old" and "<annotation>" in (
        out / "a.xml"
    ).read_text()
    assert (out / "notes.txt").read_text() == "mine"


def test_cancelling_the_question_writes_nothing(window, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_text("old")
    ie = window.import_export
    assert ie.export("voc", str(out)) is False
    ie.answer("cancel")
    assert sorted(p.name for p in out.iterdir()) == ["a.xml"]
    assert (out / "a.xml").read_text() == "old"


def test_labelme_export_into_the_project_folder_refuses_and_keeps_annotations_json(window):
    window.save_now()
    ann = window.project.annotations_path
    before = ann.read_bytes()
    ie = window.import_export
    assert ie.export("labelme", str(window.project.project_dir)) is False
    assert ie.question is None and "annotations.json" in window.last_error
    assert ann.read_bytes() == before
    assert not (window.project.project_dir / "a.json").exists()


def test_reimporting_ones_own_export_offers_to_skip_what_is_there(window, tmp_path):
    ie = window.import_export
    out = tmp_path / "own.json"
    assert ie.export("coco", str(out))
    image_id = _only_box_image(window)
    assert ie.import_annotations("coco", str(out)) == 0  # asks first
    assert "1 of the 1 boxes" in ie.question.text()
    ie.answer("skip")
    assert window.document.box_count(image_id) == 1
    assert "Skipped 1 box(es) the project had already" in ie.report.text()


def test_the_import_report_shows_its_warnings_in_a_dialog(window, tmp_path):
    coco = window.document.to_coco()
    coco["images"] = [im for im in coco["images"] if im["file_name"] == "a.png"]
    coco["images"][0].update(width=64, height=48)
    coco["annotations"] = [
        {"id": 1, "image_id": coco["images"][0]["id"], "category_id": 1, "bbox": [50, 40, 30, 30]}
    ]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(coco))
    ie = window.import_export
    assert ie.import_annotations("coco", str(path)) == 1
    assert isinstance(ie.report, QMessageBox) and ie.report.isVisible()
    assert "clipped" in ie.report.informativeText() and "other.json" in ie.report.detailedText()


def test_opening_deeply_nested_json_shows_an_error_naming_the_file(window, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "annotations.json").write_text("[" * 100_000 + "]" * 100_000)
    assert window.open_path(str(bad)) is False
    assert "annotations.json" in window.last_error and "nested too deeply" in window.last_error
