"""Evaluation of a tiled run on its full-resolution validation images (core.train.evaluation
and `efficientdet eval`), through the real pycocotools path. The model's detections are those
of the rectangle detector of tests/core/test_sliced.py: exactly the objects each view holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from core.boxes import make_anchors
from core.config import ModelConfig
from core.data.dataset import DetectionDataset
from core.evaluate_cli import evaluate_checkpoint
from core.model import EfficientDet
from core.train.evaluation import evaluate_and_report, evaluate_model
from tests.core.test_predict import make_checkpoint
from tests.core.test_sliced import HEIGHT, WIDTH, draw, fake, write_rgb  # noqa: F401

SCENES = {  # image id -> objects (x, y, w, h, label), on and off tile borders
    1: [(1300, 200, 30, 20, 0), (240, 100, 40, 30, 1), (500, 500, 700, 600, 0)],
    2: [(20, 900, 25, 25, 1), (1500, 1100, 40, 50, 0)],
}
TILING = {"size": 256, "overlap": 0.2}


def write_coco(folder: Path) -> dict:
    """The SCENES as PNG files and a COCO dict of their boxes (categories 1: cat, 2: dog)."""
    images, annotations = [], []
    for image_id, objects in SCENES.items():
        write_rgb(folder / f"{image_id}.png", draw(objects))
        images.append({"id": image_id, "file_name": f"{image_id}.png", "width": WIDTH,
                       "height": HEIGHT, "split": "val"})  # fmt: skip
        annotations += [{"id": 10 * image_id + k, "image_id": image_id,
                         "category_id": label + 1, "bbox": [x, y, w, h]}
                        for k, (x, y, w, h, label) in enumerate(objects)]  # fmt: skip
    images.append({"id": 3, "file_name": "3.png", "width": WIDTH, "height": HEIGHT,
                   "split": "train"})  # fmt: skip
    write_rgb(folder / "3.png", draw([(10, 10, 30, 30, 0)]))
    annotations.append({"id": 99, "image_id": 3, "category_id": 1, "bbox": [10, 10, 30, 30]})
    categories = [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]
    return {"images": images, "annotations": annotations, "categories": categories}


@pytest.fixture(scope="module")
def model() -> EfficientDet:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    return EfficientDet(ModelConfig(level="d0", num_classes=2, image_size=128))


def val_set(tmp_path: Path) -> tuple[DetectionDataset, dict]:
    coco = write_coco(tmp_path)
    val_coco = {**coco, "images": [im for im in coco["images"] if im["id"] in SCENES]}
    val_coco["annotations"] = [a for a in coco["annotations"] if a["image_id"] in SCENES]
    return DetectionDataset(coco, tmp_path, list(SCENES), 128, train=False), val_coco


def test_a_tiled_run_is_scored_on_full_image_ground_truth(model, tmp_path, fake):  # noqa: F811
    val_ds, val_coco = val_set(tmp_path)
    model.train()
    anchors = make_anchors(model.config)
    result = evaluate_model(model, val_ds, val_coco, ["cat", "dog"], anchors, tiling=TILING)
    assert result["metrics"]["AP"] == pytest.approx(1.0)
    assert result["per_class_ap"] == {"cat": pytest.approx(1.0), "dog": pytest.approx(1.0)}
    assert model.training  # the training mode comes back
    views = [shape for call in fake.calls for shape in call]
    assert views.count((HEIGHT, WIDTH)) == 2  # one whole-image pass per validation image
    assert max(max(s) for s in views if s != (HEIGHT, WIDTH)) <= 256

    fake.calls.clear()  # evaluate_and_report passes the tiling on and writes the eval file
    events = []
    metrics = evaluate_and_report(
        model, val_ds, val_coco, ["cat", "dog"], anchors, None, 4, 0, events.append, 1,
        tmp_path, "epoch001", tiling=TILING,
    )  # fmt: skip
    assert metrics["AP"] == pytest.approx(1.0) and fake.calls
    saved = json.loads((tmp_path / "eval-epoch001.json").read_text(encoding="utf-8"))
    assert saved["metrics"]["AP"] == pytest.approx(1.0)


def test_efficientdet_eval_of_a_tiled_checkpoint_scores_full_images(tmp_path, fake):  # noqa: F811
    ckpt_path = make_checkpoint(tmp_path / "best.pt", classes=["cat", "dog"])
    ckpt = torch.load(ckpt_path, weights_only=False)
    ckpt["train_config"] = {"tiling": TILING}
    torch.save(ckpt, ckpt_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "coco.json").write_text(json.dumps(write_coco(data)), encoding="utf-8")
    result = evaluate_checkpoint(ckpt_path, data / "coco.json", device="cpu", workers=1)
    assert result["metrics"]["AP"] == pytest.approx(1.0)
    views = [shape for call in fake.calls for shape in call]
    assert views.count((HEIGHT, WIDTH)) == 2  # the two val images, not the train one
    assert max(max(s) for s in views if s != (HEIGHT, WIDTH)) <= 256
