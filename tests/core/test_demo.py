"""The demo dataset: deterministic, valid COCO, boxes on the drawn objects."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.cli import main
from core.data.coco import category_index, load_coco
from core.data.demo import CLASSES, make_demo
from core.data.imageio import read_image


def _files(folder) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_demo_is_deterministic_and_seed_dependent(tmp_path):
    make_demo(tmp_path / "a", num_images=6, image_size=160, seed=3)
    make_demo(tmp_path / "b", num_images=6, image_size=160, seed=3)
    make_demo(tmp_path / "c", num_images=6, image_size=160, seed=4)
    a, b, c = (_files(tmp_path / k) for k in "abc")
    assert len(a) == 8 and a == b
    assert a["annotations.json"] != c["annotations.json"]


def test_demo_is_a_valid_project_with_boxes_on_coloured_objects(tmp_path):
    ann = make_demo(tmp_path, num_images=12, image_size=200, seed=0)
    data = load_coco(ann)
    project = json.loads((tmp_path / "project.json").read_text())
    classes, index = category_index(data)
    assert classes == [c[0] for c in CLASSES] and set(project["class_colors"]) == set(classes)
    splits = [img["split"] for img in data["images"]]
    assert splits.count("val") == 2 and splits.count("train") == 10
    assert len(data["annotations"]) >= 12
    for ann_ in data["annotations"][:20]:
        img = data["images"][ann_["image_id"] - 1]
        pixels = read_image(tmp_path / "images" / img["file_name"]).astype(np.float32)
        x, y, w, h = ann_["bbox"]
        assert x >= 0 and y >= 0 and x + w <= img["width"] and y + h <= img["height"]
        # The box centre region holds pixels close to the class colour (rings have a hole:
        # look at the left part of the ring instead).
        base = np.array(CLASSES[index[ann_["category_id"]]][1], np.float32)
        cx = x + (0.22 if classes[index[ann_["category_id"]]] == "ring" else 0.5) * w
        cy = y + 0.5 * h
        patch = pixels[int(cy) - 1 : int(cy) + 2, int(cx) - 1 : int(cx) + 2].reshape(-1, 3)
        assert np.abs(patch - base).max(axis=1).min() < 90, (ann_, patch.mean(axis=0))


def test_demo_data_cli_writes_the_project(tmp_path, capsys):
    assert (
        main(["demo-data", str(tmp_path / "d"), "--images", "3", "--seed", "1", "--size", "128"])
        == 0
    )
    assert len(list((tmp_path / "d" / "images").glob("*.jpg"))) == 3
    assert "annotations.json" in capsys.readouterr().out


def test_demo_refuses_to_clear_foreign_images(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "mine.jpg").write_bytes(b"x")
    with pytest.raises(FileExistsError, match="mine.jpg"):
        make_demo(tmp_path, num_images=2, image_size=128)
    assert (tmp_path / "images" / "mine.jpg").exists()
