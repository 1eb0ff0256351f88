"""Pre-flight dataset checks: each problem is found, says how to fix it, and blocks or warns."""

from __future__ import annotations

import pytest

from app.preflight import blocking, check_dataset, min_matchable_side


def coco(boxes: list[tuple[int, list[float]]], n_images: int = 4, classes=("cat", "dog")) -> dict:
    return {
        "images": [
            {"id": i, "file_name": f"{i}.jpg", "width": 200, "height": 100}
            for i in range(1, n_images + 1)
        ],
        "categories": [{"id": k + 1, "name": c} for k, c in enumerate(classes)],
        "annotations": [
            {"id": k + 1, "image_id": i, "category_id": 1, "bbox": b}
            for k, (i, b) in enumerate(boxes)
        ],
    }


GOOD = [(1, [10, 10, 80, 50]), (2, [20, 20, 60, 60]), (3, [0, 0, 100, 90])]


def codes(findings) -> dict[str, str]:
    return {f.code: f.severity for f in findings}


def test_a_clean_dataset_passes():
    found = check_dataset(coco(GOOD, classes=("cat",)), {}, val_ids=[3], input_size=512)
    assert found == []


def test_empty_validation_split_blocks():
    found = check_dataset(coco(GOOD, classes=("cat",)), {}, val_ids=[4], input_size=512)
    assert codes(found) == {"empty_val": "error"} and blocking(found)
    assert "validation" in found[0].fix
    everything_val = check_dataset(coco(GOOD, classes=("cat",)), {}, [1, 2, 3], 512)
    assert codes(everything_val) == {"empty_train": "error"}


def test_degenerate_and_outside_boxes_block_partial_ones_warn():
    data = coco(
        GOOD + [(1, [5, 5, 0, 10]), (2, [300, 10, 20, 20]), (4, [190, 10, 30, 30])],
        classes=("cat",),
    )
    found = codes(check_dataset(data, {}, None, 512))
    assert found == {"degenerate": "error", "outside": "error", "partly_outside": "warning"}


def test_classes_without_boxes_and_unknown_classes():
    data = coco(GOOD)
    data["annotations"].append({"id": 99, "image_id": 1, "category_id": 7, "bbox": [1, 1, 5, 5]})
    found = check_dataset(data, {}, None, 512)
    assert codes(found) == {"empty_class": "warning", "unknown_ref": "error"}
    assert "dog" in next(f.message for f in found if f.code == "empty_class")


def test_crowded_images_warn():
    many = [(1, [float(i % 20) * 9, float(i // 20) * 9, 8.0, 8.0]) for i in range(101)]
    found = check_dataset(coco(GOOD + many, classes=("cat",)), {}, None, 1536)
    assert codes(found)["many_boxes"] == "warning"
    assert next(f for f in found if f.code == "many_boxes").image_ids == [1]


def test_tiny_objects_depend_on_the_input_size():
    # a 12 px box on a 200 px wide image: 30.7 px at 512 (matchable), 7.7 px at 128 (not)
    data = coco(GOOD + [(4, [10, 10, 12, 12])], classes=("cat",))
    assert min_matchable_side() == pytest.approx(32 / 2**0.5)
    assert "tiny_objects" not in codes(check_dataset(data, {}, None, 1024))
    found = check_dataset(data, {}, None, 128)
    assert codes(found)["tiny_objects"] == "warning" and not blocking(found)
    assert "input size" in next(f.fix for f in found if f.code == "tiny_objects")


def test_unreadable_images_warn_and_block_only_when_nothing_is_readable():
    data = coco(GOOD, classes=("cat",))
    found = check_dataset(data, {2: None}, None, 512)
    unreadable = next(f for f in found if f.code == "unreadable")
    assert unreadable.severity == "warning" and unreadable.image_ids == [2]
    assert "ids 2" in unreadable.message
    none = check_dataset(data, dict.fromkeys(range(1, 5)), None, 512)
    assert codes(none)["unreadable"] == "error" and codes(none)["no_boxes"] == "error"


def test_every_finding_says_how_to_fix_it():
    data = coco(GOOD + [(1, [5, 5, 0, 10]), (2, [300, 10, 20, 20]), (4, [10, 10, 2, 2])])
    found = check_dataset(data, {3: None}, [4], 512)
    assert len(found) >= 5
    assert all(f.fix and f.message and str(f).startswith(f.severity.upper()) for f in found)
