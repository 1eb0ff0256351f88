"""core.boxes.geometry: the one numpy IoU, the one greedy matcher, the letterbox inverse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from core.boxes.geometry import (
    NO_MATCH,
    greedy_match,
    image_detections,
    iou_xywh,
    scaled_size,
    to_image_xywh,
)  # fmt: skip
from core.boxes.matcher import box_iou
from core.data import transforms

ROOT = Path(__file__).resolve().parents[2]


def test_iou_of_xywh_boxes_pairwise():
    a = [[0, 0, 10, 10], [5, 0, 10, 10], [3, 3, 0, 0]]
    b = [[0, 0, 10, 10], [20, 20, 5, 5]]
    iou = iou_xywh(a, b)
    assert iou.shape == (3, 2)
    assert iou[0].tolist() == [1.0, 0.0]
    assert iou[1, 0] == pytest.approx(50 / 150)
    assert iou[2].tolist() == [0.0, 0.0]  # a zero-area box: 0, not NaN
    assert iou_xywh([], b).shape == (0, 2) and iou_xywh(a, []).shape == (3, 0)


def test_numpy_iou_equals_the_tensor_iou_the_model_uses():
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 100, (40, 2))
    xywh = np.concatenate([xy, rng.uniform(0, 60, (40, 2))], axis=1)
    xyxy = np.concatenate([xywh[:, :2], xywh[:, :2] + xywh[:, 2:]], axis=1)
    theirs = box_iou(torch.from_numpy(xyxy[:25]), torch.from_numpy(xyxy[25:])).numpy()
    np.testing.assert_allclose(iou_xywh(xywh[:25], xywh[25:]), theirs, rtol=1e-6, atol=1e-9)


def test_greedy_match_by_score_same_class_each_box_once():
    gt = [[0, 0, 10, 10], [50, 50, 10, 10]]
    preds = [[0, 0, 10, 10], [1, 0, 10, 10], [50, 50, 10, 10], [90, 90, 5, 5]]
    iou = iou_xywh(preds, gt)
    scores = [0.6, 0.9, 0.8, 0.2]
    found = greedy_match(iou, scores, ["cat", "cat", "cat", "cat"], ["cat", "dog"])
    assert found.tolist() == [NO_MATCH, 0, NO_MATCH, NO_MATCH]  # the best score wins box 0
    confused = greedy_match(iou, scores, [0, 0, 0, 0], [0, 1], any_class=True)
    assert confused.tolist() == [NO_MATCH, 0, 1, NO_MATCH]  # the cat at the dog: a confusion
    assert greedy_match(iou, scores, [0] * 4, [0, 1], iou_threshold=1.0).tolist() == [
        0,
        NO_MATCH,
        NO_MATCH,
        NO_MATCH,
    ]
    assert greedy_match(np.zeros((2, 0)), [0.5, 0.4], [0, 0], []).tolist() == [NO_MATCH] * 2


def test_greedy_match_prefers_its_own_class_then_the_highest_iou():
    gt = [[100, 100, 120, 90], [100, 100, 110, 90], [100, 100, 100, 90]]
    iou = iou_xywh([[100, 100, 120, 90]], gt)
    assert greedy_match(iou, [0.9], [1], [7, 1, 1]).tolist() == [1]  # own class, best IoU
    assert greedy_match(iou, [0.9], [1], [7, 5, 5], any_class=True).tolist() == [0]
    ties = iou_xywh([[0, 0, 10, 10]], [[0, 0, 10, 10], [0, 0, 10, 10]])
    assert greedy_match(ties, [0.5], [0], [0, 0]).tolist() == [0]  # equal IoU: lower index
    equal_scores = iou_xywh([[0, 0, 10, 10], [0, 0, 10, 10]], [[0, 0, 10, 10]])
    assert greedy_match(equal_scores, [0.5, 0.5], [0, 0], [0]).tolist() == [0, NO_MATCH]


@pytest.mark.parametrize("width, height", [(300, 200), (200, 300), (333, 127), (64, 500)])
def test_to_image_xywh_undoes_the_letterbox_of_non_square_images(width, height):
    """Boxes through transforms.letterbox (the forward mapping) and back land where they were;
    the rounded resize makes the two axes' factors differ, so one scale would not do."""
    size = 128
    rng = np.random.default_rng(width * height)
    xy = rng.uniform(0, 0.5, (20, 2)) * [width, height]
    wh = rng.uniform(0.1, 0.5, (20, 2)) * [width, height]
    xywh = np.concatenate([xy, wh], axis=1)
    xyxy = np.concatenate([xy, xy + wh], axis=1).astype(np.float32)
    image = np.zeros((height, width, 3), np.uint8)
    sample = transforms.letterbox(image, xyxy, np.zeros(20, np.int64), size)
    assert len(sample.boxes) == 20
    back = to_image_xywh(sample.boxes, sample.scale, width, height)
    np.testing.assert_allclose(back, xywh, atol=0.011)
    sw, sh = scaled_size(width, height, sample.scale)
    assert max(sw, sh) == size and (sw / width != sh / height)


def test_to_image_xywh_clips_and_image_detections_drop_boxes_in_the_padding():
    # 200x100 at scale 0.64 -> 128x64: the padding starts at y = 64
    boxes = [[64.0, 32.0, 128.0, 64.0], [-5.0, 10.0, 300.0, 20.0], [10.0, 70.0, 50.0, 120.0]]
    xywh = to_image_xywh(boxes, 0.64, 200, 100)
    assert xywh[0].tolist() == [100.0, 50.0, 100.0, 50.0]
    assert xywh[1].tolist() == pytest.approx([0.0, 15.625, 200.0, 15.625], abs=0.01)
    assert xywh[2, 3] == 0.0
    found = image_detections(boxes, [0.9, 0.512345678, 0.3], [1, 0, 1], 0.64, 200, 100)
    assert found == [([100.0, 50.0, 100.0, 50.0], 0.9, 1), (xywh[1].tolist(), 0.51235, 0)]


def test_geometry_and_the_app_review_import_no_torch():
    code = (
        "import sys, core.boxes.geometry, core.data.readable, app.review_logic\n"
        "print([m for m in ('torch', 'torchvision', 'cv2') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
