"""core.data.tiled: a tiled project trains on tiles of its full-resolution images, and a real
`efficientdet train` on one records its tiling in the checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from core.config import IMAGENET_MEAN, IMAGENET_STD
from core.data.dataset import DetectionDataset, build_datasets, collate
from core.data.tiled import CACHED_IMAGES, GROUP_IMAGES, TiledDataset
from core.train import distributed as ddp

W, H = 1500, 1200
SIDE = 40  # px, full resolution
TILING = {"size": 384, "overlap": 0.2, "min_visible": 0.5, "empty_rate": 0.3}
SIZE = 128  # model input: a 384 px tile shows a 40 px square at ~13 px
BACKGROUND = (128, 128, 128)


def _colour(k: int) -> tuple[int, int, int]:
    return ((37 * k) % 200 + 40, (91 * k) % 200 + 40, 250 - (53 * k) % 200)


def make_tiled_project(root: Path, n_images: int = 4, squares: int = 8) -> tuple[Path, dict]:
    """A project of W x H PNGs, each with ``squares`` coloured squares far apart (one class),
    the last image in the val split; returns (folder, {(image id, colour): xywh box})."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    images, anns, truth = [], [], {}
    for i in range(n_images):
        img = np.empty((H, W, 3), np.uint8)
        img[:] = BACKGROUND
        placed: list[tuple[int, int]] = []
        while len(placed) < squares:
            x, y = (int(v) for v in rng.integers(20, [W - SIDE - 20, H - SIDE - 20]))
            if all(abs(x - a) > 3 * SIDE or abs(y - b) > 3 * SIDE for a, b in placed):
                placed.append((x, y))
        for k, (x, y) in enumerate(placed):
            colour = _colour(i * squares + k)
            img[y : y + SIDE, x : x + SIDE] = colour
            anns.append({"id": len(anns) + 1, "image_id": i + 1, "category_id": 1,
                         "bbox": [x, y, SIDE, SIDE]})  # fmt: skip
            truth[(i + 1, colour)] = (x, y, SIDE, SIDE)
        cv2.imwrite(str(root / "images" / f"im{i}.png"), img[:, :, ::-1])
        split = "val" if i == n_images - 1 else "train"
        images.append({"id": i + 1, "file_name": f"im{i}.png", "width": W, "height": H,
                       "split": split})  # fmt: skip
    coco = {"images": images, "annotations": anns, "categories": [{"id": 1, "name": "square"}]}
    (root / "annotations.json").write_text(json.dumps(coco), encoding="utf-8")
    settings = {"version": 1, "annotations": "annotations.json", "image_root": "images",
                "tiling": TILING}  # fmt: skip
    (root / "project.json").write_text(json.dumps(settings), encoding="utf-8")
    return root, truth


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict]:
    torch.set_num_threads(1)
    return make_tiled_project(tmp_path_factory.mktemp("tiled"))


def _pixels(x: torch.Tensor) -> np.ndarray:
    """A normalized (3, S, S) sample back to (S, S, 3) uint8 RGB."""
    img = x.numpy().transpose(1, 2, 0) * np.array(IMAGENET_STD) + np.array(IMAGENET_MEAN)
    return np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)


def test_samples_are_input_size_tiles_whose_boxes_cover_their_squares(project):
    folder, truth = project
    train, val, classes, _ = build_datasets(folder, SIZE)
    assert isinstance(train, TiledDataset) and type(val) is DetectionDataset
    assert classes == ["square"]
    train.reseed()
    colours = {c for (_, c) in truth}
    checked = 0
    for index in range(len(train)):
        x, target = train[index]
        assert x.shape == (3, SIZE, SIZE) and x.dtype == torch.float32
        assert target["orig_size"] == (TILING["size"], TILING["size"])
        img = _pixels(x).astype(int)
        for box in target["boxes"].tolist():
            x0, y0, x1, y1 = box
            assert 0 <= x0 < x1 <= SIZE and 0 <= y0 < y1 <= SIZE
            inner = img[int(y0 + 0.5) + 1 : int(y1) - 1, int(x0 + 0.5) + 1 : int(x1) - 1]
            assert inner.size, box
            # the box is filled by one square's colour...
            colour = tuple(int(v) for v in np.median(inner.reshape(-1, 3), axis=0))
            match = min(colours, key=lambda c: np.abs(np.subtract(c, colour)).sum())
            assert np.abs(np.subtract(match, colour)).max() <= 6, (box, colour)
            assert (np.abs(inner - match).max(axis=2) <= 12).mean() > 0.9
            # ...and that colour lies nowhere else in the sample
            ys, xs = np.nonzero(np.abs(img - match).max(axis=2) <= 12)
            assert xs.min() >= x0 - 1.5 and xs.max() <= x1 + 0.5
            assert ys.min() >= y0 - 1.5 and ys.max() <= y1 + 0.5
            checked += 1
    assert checked >= 10


def test_validation_images_never_appear_among_the_training_tiles(project):
    folder, truth = project
    train, val, _, val_coco = build_datasets(folder, SIZE)
    val_ids = set(val.image_ids)
    assert val_ids == {4} and {im["id"] for im in val_coco["images"]} == val_ids
    assert any(image_id in val_ids for image_id, _ in truth)  # it has boxes to tile
    for epoch in range(3):
        ddp.seed_everything(0, epoch)
        train.reseed()
        assert {image_id for image_id, _ in train.tiles} == {1, 2, 3}
    # an explicit setting wins over the project's; {} turns tiling off
    assert type(build_datasets(folder, SIZE, tiling={})[0]) is DetectionDataset
    wide = build_datasets(folder, SIZE, tiling={"size": 768})[0]
    assert wide.tiling["size"] == 768 and len(wide) < len(train)


def test_each_epoch_replans_and_the_loader_keeps_same_image_tiles_together(project, monkeypatch):
    import core.data.dataset as dataset_module

    folder, _ = project
    train = build_datasets(folder, SIZE)[0]
    plans = []
    for epoch in range(2):
        ddp.seed_everything(0, epoch)
        train.reseed()
        plans.append(train.tiles)
    assert len(plans[0]) == len(plans[1]) and set(plans[0]) != set(plans[1])
    ddp.seed_everything(0, 0)
    train.reseed()
    assert train.tiles == plans[0]  # the same epoch seed, the same plan (a resume replays it)

    reads = []
    real = dataset_module.read_image
    monkeypatch.setattr(dataset_module, "read_image", lambda p: reads.append(p) or real(p))
    loader = ddp.epoch_loader(train, 4, 0, 0, 0, ddp.DistInfo(), collate)
    seen = [tuple(t["tile"]) for _, targets in loader for t in targets]
    tiles = [tile for _, tile in train.tiles]
    assert seen == tiles[: len(seen)]  # the loader keeps the dataset's order
    assert GROUP_IMAGES <= CACHED_IMAGES and len(reads) == 3  # each image decoded once
    ids = [image_id for image_id, _ in train.tiles]
    batches = [set(ids[i : i + 4]) for i in range(0, len(ids) - 3, 4)]
    assert any(len(b) > 1 for b in batches)  # batches mix images


def test_tiled_training_runs_from_the_cli_and_its_checkpoint_records_the_tiling(project, tmp_path):
    from core.cli import main
    from core.train.checkpoint import load_checkpoint

    folder, _ = project
    run_dir = tmp_path / "run"
    args = [str(folder), "--level", "d0", "--image-size", str(SIZE), "--epochs", "1",
            "--batch-size", "4", "--workers", "0", "--device", "cpu", "--no-amp",
            "--run-dir", str(run_dir), "--json"]  # fmt: skip
    assert main(["train", *args]) == 0
    ckpt = load_checkpoint(run_dir / "last.pt")
    assert ckpt["train_config"]["tiling"] == TILING
    assert json.loads((run_dir / "config.json").read_text())["tiling"] == TILING
    events = [json.loads(line) for line in (run_dir / "events.jsonl").read_text().splitlines()]
    kinds = [e["event"] for e in events]
    assert "error" not in kinds and {"eval", "finished"} <= set(kinds), events[-3:]
    started = next(e for e in events if e.get("train_images") is not None)
    assert started["train_images"] == len(build_datasets(folder, SIZE)[0])
