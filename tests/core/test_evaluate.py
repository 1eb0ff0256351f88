"""COCO evaluation: perfect and shifted predictions, confusion counts, errors, saving."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.evaluate import BACKGROUND, MISSING, coco_evaluate, confusion_matrix, save_eval


def make_gt() -> dict:
    """Two images, classes cat (id 1) and dog (id 7); only medium and large boxes."""
    boxes = [  # image_id, category_id, [x, y, w, h]
        (1, 1, [10, 10, 50, 40]), (1, 7, [100, 100, 120, 90]),
        (2, 1, [30, 60, 60, 60]), (2, 1, [150, 20, 40, 70]),
    ]  # fmt: skip
    return {
        "images": [
            {"id": 1, "file_name": "a.jpg", "width": 320, "height": 240},
            {"id": 2, "file_name": "b.jpg", "width": 320, "height": 240},
        ],
        "categories": [{"id": 7, "name": "dog"}, {"id": 1, "name": "cat"}],
        "annotations": [
            {"id": i + 1, "image_id": im, "category_id": c, "bbox": b}
            for i, (im, c, b) in enumerate(boxes)
        ],
    }


def as_results(gt: dict, score: float = 0.9) -> list[dict]:
    return [
        {
            "image_id": a["image_id"],
            "category_id": a["category_id"],
            "bbox": list(a["bbox"]),
            "score": score,
        }
        for a in gt["annotations"]
    ]


def test_ground_truth_as_predictions_scores_perfectly():
    gt = make_gt()
    out = coco_evaluate(gt, as_results(gt))
    m = out["metrics"]
    for name in ("AP", "AP50", "AP75", "APm", "APl", "AR100"):
        assert m[name] == pytest.approx(1.0), name
    assert m["APs"] == MISSING  # no small boxes in the ground truth
    assert out["per_class_ap"] == {"cat": pytest.approx(1.0), "dog": pytest.approx(1.0)}
    curve = out["pr_curves"]["cat"]
    assert len(curve["recall"]) == len(curve["precision"]) == 101
    assert min(curve["precision"]) == pytest.approx(1.0)
    json.dumps(out, allow_nan=False)  # JSON-safe: no NaN anywhere
    assert "annotations" in gt and "area" not in gt["annotations"][0]  # input left untouched


def test_shifted_box_lowers_ap():
    gt = make_gt()
    results = as_results(gt)
    results[0]["bbox"] = [25, 20, 50, 40]  # IoU with its cat box ~0.4: now a false positive
    out = coco_evaluate(gt, results)
    assert out["metrics"]["AP"] < 0.9 and out["metrics"]["AP50"] < 1.0
    assert out["per_class_ap"]["cat"] < out["per_class_ap"]["dog"] == pytest.approx(1.0)
    assert min(out["pr_curves"]["cat"]["precision"]) < 1.0


def test_no_results_gives_zero_ap():
    out = coco_evaluate(make_gt(), [])
    assert out["metrics"]["AP"] == 0.0 and out["per_class_ap"]["cat"] == 0.0
    assert out["confusion"]["matrix"][2] == [0, 0, 0]  # no false positives


def test_confusion_matrix_counts_hits_confusions_false_positives_and_misses():
    gt = make_gt()
    results = [
        {"image_id": 1, "category_id": 1, "bbox": [10, 10, 50, 40], "score": 0.9},  # cat hit
        {"image_id": 1, "category_id": 1, "bbox": [100, 100, 120, 90], "score": 0.8},  # dog->cat
        {"image_id": 1, "category_id": 7, "bbox": [250, 200, 20, 20], "score": 0.7},  # FP dog
        {"image_id": 2, "category_id": 1, "bbox": [31, 60, 60, 60], "score": 0.95},  # cat hit
        {"image_id": 2, "category_id": 1, "bbox": [30, 61, 60, 60], "score": 0.85},  # duplicate
        {"image_id": 2, "category_id": 1, "bbox": [150, 20, 40, 70], "score": 0.3},  # too low
    ]
    conf = confusion_matrix(gt, results, score_threshold=0.5)
    assert conf["labels"] == ["cat", "dog", BACKGROUND]  # ordered by category id
    assert conf["matrix"] == [
        [2, 0, 1],  # true cat: two found as cat, one missed (its detection scored 0.3)
        [1, 0, 0],  # true dog: found as cat
        [1, 1, 0],  # background: duplicate cat, stray dog
    ]
    lower = confusion_matrix(gt, results, score_threshold=0.2)
    assert lower["matrix"][0] == [3, 0, 0]
    assert coco_evaluate(gt, results)["confusion"] == conf


def test_confusion_prefers_a_box_of_the_predicted_class():
    gt = make_gt()
    extra = {"id": 9, "image_id": 1, "category_id": 1, "bbox": [100, 100, 110, 90]}
    gt["annotations"].append(extra)
    det = [{"image_id": 1, "category_id": 1, "bbox": [100, 100, 120, 90], "score": 0.9}]
    # the dog box overlaps more, but the new cat box also passes 0.5: a cat hit, the dog and
    # the three other cats are missed
    assert confusion_matrix(gt, det)["matrix"][:2] == [[1, 0, 3], [0, 0, 1]]


def test_empty_ground_truth_and_bad_results_raise_clear_errors():
    gt = make_gt()
    with pytest.raises(ValueError, match="0 annotations"):
        coco_evaluate({**gt, "annotations": []}, [])
    with pytest.raises(ValueError, match="0 images"):
        coco_evaluate({**gt, "images": []}, [])
    bad = as_results(gt)
    bad[2]["image_id"] = 99
    with pytest.raises(ValueError, match="result 2: image_id 99"):
        coco_evaluate(gt, bad)
    bad = as_results(gt)
    bad[1]["category_id"] = 3
    with pytest.raises(ValueError, match="result 1: category_id 3"):
        coco_evaluate(gt, bad)


def test_save_eval_writes_json_in_the_run_folder(tmp_path):
    out = coco_evaluate(make_gt(), as_results(make_gt()))
    path = save_eval(tmp_path, out, "epoch003")
    assert path == tmp_path / "eval-epoch003.json"
    assert json.loads(path.read_text()) == json.loads(json.dumps(out))
    assert [p.name for p in tmp_path.iterdir()] == ["eval-epoch003.json"]
    with pytest.raises(ValueError, match="tag"):
        save_eval(tmp_path, out, "../escape")


def test_evaluate_module_imports_no_torch():
    code = "import sys, core.evaluate; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
