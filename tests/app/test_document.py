"""The Qt-free document and the undo commands that call it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.document import commands as cmd
from app.document.project import Document, DocumentError


@pytest.fixture
def doc() -> Document:
    d = Document()
    d.add_image("a.jpg", 100, 80)
    d.add_image("sub/b.png", 50, 50)
    d.add_class("cat")
    d.add_class("dog")
    return d


def test_mutations_notify_listeners_and_bump_the_revision(doc):
    seen = []
    doc.on_change.append(lambda kind, payload: seen.append(kind))
    rev = doc.revision
    box = doc.add_box(1, [1, 2, 30, 40], 1)
    doc.set_box_bbox(box.id, [2, 2, 30, 40])
    doc.set_box_class(box.id, 2)
    doc.remove_box(box.id)
    assert seen == ["box_added", "box_changed", "box_changed", "box_removed"]
    assert doc.revision == rev + 4


def test_coco_round_trip_keeps_everything(doc):
    doc.add_box(1, [1.5, 2, 30, 40], 2, extra={"score": 0.9})
    doc.add_box(2, [0, 0, 10, 10], 1)
    coco = doc.to_coco()
    again = Document.from_coco(coco)
    assert again.to_coco() == coco
    assert coco["annotations"][0]["bbox"] == [1.5, 2, 30, 40]
    assert coco["annotations"][0]["score"] == 0.9
    assert coco["annotations"][0]["area"] == 1200


def test_images_of_unknown_size_leave_width_out(doc):
    doc.add_image("c.jpg")
    assert "width" not in doc.to_coco()["images"][2]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"images": {}}, "'images' must be a list"),
        ({"images": [{"id": 1}]}, r"images\[0\]: missing key 'file_name'"),
        (
            {
                "images": [],
                "annotations": [{"image_id": 7, "category_id": 1, "bbox": [0, 0, 1, 1]}],
                "categories": [{"id": 1, "name": "a"}],
            },
            r"annotations\[0\]: no image with id 7",
        ),
        (
            {
                "images": [{"id": 1, "file_name": "x"}],
                "categories": [{"id": 1, "name": "a"}],
                "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0, 0, -1, 1]}],
            },
            "w, h >= 0",
        ),
    ],
)
def test_bad_coco_names_the_place(data, message):
    with pytest.raises(DocumentError, match=message):
        Document.from_coco(data, "ann.json")


def test_duplicate_class_name_is_refused(doc):
    with pytest.raises(DocumentError, match="exists already"):
        doc.add_class("cat")


def test_undo_redo_of_every_command_restores_the_document(doc):
    stack = QUndoStack()
    before = doc.to_coco()
    stack.push(cmd.AddBox(doc, 1, (10, 10, 20, 20), 1))
    stack.push(
        cmd.AddBoxes(
            doc,
            2,
            [{"bbox": (1, 1, 5, 5), "category_id": 2}, {"bbox": (9, 9, 5, 5), "category_id": 1}],
        )
    )
    ids = [b.id for b in doc.boxes(2)]
    stack.push(cmd.SetBoxGeometry(doc, {ids[0]: (2, 2, 6, 6)}))
    stack.push(cmd.SetBoxClass(doc, ids, 1))
    stack.push(cmd.RenameClass(doc, 2, "hound"))
    stack.push(cmd.RecolourClass(doc, 1, "#123456"))
    stack.push(cmd.AddClass(doc, "bird"))
    stack.push(cmd.MergeClass(doc, 1, 2))
    stack.push(cmd.DeleteClass(doc, 2))
    stack.push(cmd.RemoveBoxes(doc, []))
    after = doc.to_coco()
    assert after["annotations"] == [] and [c["name"] for c in after["categories"]] == ["bird"]
    while stack.canUndo():
        stack.undo()
    assert doc.to_coco() == before
    while stack.canRedo():
        stack.redo()
    assert doc.to_coco() == after


def test_undone_box_keeps_its_id_on_redo(doc):
    stack = QUndoStack()
    stack.push(cmd.AddBox(doc, 1, (10, 10, 20, 20), 1))
    box_id = doc.boxes(1)[0].id
    stack.undo()
    assert doc.box_count() == 0
    stack.redo()
    assert [b.id for b in doc.boxes(1)] == [box_id]


def test_merge_moves_boxes_and_undo_moves_them_back(doc):
    stack = QUndoStack()
    a = doc.add_box(1, (0, 0, 5, 5), 1)
    stack.push(cmd.MergeClass(doc, 1, 2))
    assert doc.box(a.id).category_id == 2 and doc.category_by_name("cat") is None
    stack.undo()
    assert doc.box(a.id).category_id == 1 and doc.category(1).name == "cat"


def test_nudges_merge_into_one_undo_step(doc):
    stack = QUndoStack()
    b = doc.add_box(1, (10, 10, 5, 5), 1)
    for x in (11, 12, 13):
        stack.push(cmd.SetBoxGeometry(doc, {b.id: (x, 10, 5, 5)}, merge=True))
    assert stack.count() == 1
    stack.undo()
    assert doc.box(b.id).bbox == (10, 10, 5, 5)


def test_snapshot_does_not_change_with_later_edits(doc):
    b = doc.add_box(1, (10, 10, 5, 5), 1)
    snap = doc.snapshot()
    doc.set_box_bbox(b.id, (0, 0, 9, 9))
    doc.add_box(1, (1, 1, 5, 5), 2)
    assert [a["bbox"] for a in snap.to_coco()["annotations"]] == [[10, 10, 5, 5]]
