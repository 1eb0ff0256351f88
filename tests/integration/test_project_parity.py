"""The pre-flight's view of a project is exactly what the worker trains and validates on.

For generated projects in every layout the studio opens (project folder, bare COCO file, COCO
train + val pair, YOLO data.yaml, Pascal VOC) with labelled, unlabelled and broken images and
explicit splits: the GUI opens the path in a real main window, its training panel computes the
split it checks and sends; the worker's own dataset code, given only the original path (as
`efficientdet train PATH` would be), must arrive at the same images, split and image root, and
given the GUI's config must train on exactly what the GUI showed.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.main_window import MainWindow
from core.data.dataset import build_datasets
from core.train.config import TrainConfig

# name -> (boxes as (class index, x, y, w, h) in pixels, explicit split or None)
# 3 labelled and 1 unlabelled image is the case the GUI and the worker once split differently.
IMAGES = {
    "a.jpg": ([(0, 10, 10, 30, 30)], None),
    "b.jpg": ([(1, 20, 5, 25, 40)], None),
    "c.jpg": ([(0, 5, 30, 40, 20), (1, 50, 50, 10, 10)], None),
    "unlabelled.jpg": ([], None),
    "broken.jpg": ([(0, 1, 1, 20, 20)], None),  # a truncated file
    "중간 사진.jpg": ([(1, 30, 30, 20, 20)], "val"),  # Korean name, explicit split
}
CLASSES = ["cat", "dog"]
W, H = 96, 64


def _write_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for name in IMAGES:
        pixels = rng.integers(0, 255, (H, W, 3), dtype=np.uint8)
        ok, data = cv2.imencode(".jpg", pixels)
        assert ok
        data = data.tobytes()
        if name == "broken.jpg":
            data = data[: len(data) // 2]
        (folder / name).write_bytes(data)


def _coco(names: list[str], with_split: bool = True) -> dict:
    images, anns = [], []
    for i, name in enumerate(names, 1):
        boxes, split = IMAGES[name]
        im = {"id": i, "file_name": name, "width": W, "height": H}
        if split and with_split:
            im["split"] = split
        images.append(im)
        for c, x, y, w, h in boxes:
            anns.append({"id": len(anns) + 1, "image_id": i, "category_id": c + 1,
                         "bbox": [x, y, w, h], "area": w * h, "iscrowd": 0})  # fmt: skip
    cats = [{"id": i + 1, "name": n} for i, n in enumerate(CLASSES)]
    return {"images": images, "annotations": anns, "categories": cats}


def project_folder(tmp: Path) -> Path:
    _write_images(tmp / "images")
    (tmp / "annotations.json").write_text(json.dumps(_coco(list(IMAGES))), encoding="utf-8")
    (tmp / "project.json").write_text(json.dumps({"val_fraction": 0.3}), encoding="utf-8")
    return tmp


def bare_coco(tmp: Path) -> Path:
    _write_images(tmp / "images")
    path = tmp / "instances.json"
    path.write_text(json.dumps(_coco(list(IMAGES))), encoding="utf-8")
    return path


def coco_pair(tmp: Path) -> Path:
    _write_images(tmp)
    names = list(IMAGES)
    train, val = names[:3] + names[4:5], [names[3], names[5]]
    for split, part in (("train", train), ("val", val)):
        text = json.dumps(_coco(part, with_split=False))
        (tmp / f"instances_{split}.json").write_text(text, encoding="utf-8")
    return tmp


def yolo_yaml(tmp: Path) -> Path:
    names = list(IMAGES)
    for split, part in (("train", names[:4]), ("val", names[4:])):
        _write_images(tmp / "images" / split)
        for name in IMAGES:
            if name not in part:
                (tmp / "images" / split / name).unlink()
        (tmp / "labels" / split).mkdir(parents=True)
        for name in part:
            lines = [f"{c} {(x + w / 2) / W} {(y + h / 2) / H} {w / W} {h / H}"
                     for c, x, y, w, h in IMAGES[name][0]]  # fmt: skip
            (tmp / "labels" / split / (Path(name).stem + ".txt")).write_text("\n".join(lines))
    names_block = "".join(f"  {i}: {n}\n" for i, n in enumerate(CLASSES))
    text = f"path: .\ntrain: images/train\nval: images/val\nnames:\n{names_block}"
    (tmp / "data.yaml").write_text(text, encoding="utf-8")
    return tmp / "data.yaml"


def voc(tmp: Path) -> Path:
    _write_images(tmp / "JPEGImages")
    (tmp / "Annotations").mkdir()
    for name, (boxes, _) in IMAGES.items():
        objs = "".join(
            f"<object><name>{CLASSES[c]}</name><bndbox><xmin>{x}</xmin><ymin>{y}</ymin>"
            f"<xmax>{x + w}</xmax><ymax>{y + h}</ymax></bndbox></object>"
            for c, x, y, w, h in boxes
        )
        xml = (f"<annotation><filename>{name}</filename><size><width>{W}</width>"
               f"<height>{H}</height><depth>3</depth></size>{objs}</annotation>")  # fmt: skip
        (tmp / "Annotations" / (Path(name).stem + ".xml")).write_text(xml, encoding="utf-8")
    main = tmp / "ImageSets" / "Main"
    main.mkdir(parents=True)
    stems = [Path(n).stem for n in IMAGES]
    (main / "train.txt").write_text("\n".join(stems[:4]) + "\n", encoding="utf-8")
    (main / "val.txt").write_text("\n".join(stems[4:]) + "\n", encoding="utf-8")
    return tmp


LAYOUTS = {f.__name__: f for f in (project_folder, bare_coco, coco_pair, yolo_yaml, voc)}


def _names(coco: dict, ids) -> set[str]:
    by_id = {im["id"]: im["file_name"] for im in coco["images"]}
    return {Path(by_id[i]).name for i in ids}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_preflight_and_worker_agree_on_images_split_and_root(qtbot, tmp_path, layout):
    path = LAYOUTS[layout](tmp_path / "data")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(str(path)), window.last_error
    assert window.images.wait(20000)  # every header probed: broken files are known
    panel = window.training_ui.panel
    panel.refresh_dataset()
    gui = panel.data
    gui_train, gui_val = _names(gui.coco, gui.plan.train_ids), _names(gui.coco, gui.plan.val_ids)

    # the policy itself: the unlabelled and the broken image never take part
    assert "broken.jpg" not in gui_train | gui_val
    assert "unlabelled.jpg" not in gui_train | gui_val or layout in ("coco_pair", "yolo_yaml",
                                                                       "voc")  # fmt: skip
    assert gui_val and gui_train and not gui_train & gui_val
    if layout in ("project_folder", "bare_coco"):
        assert "중간 사진.jpg" in gui_val  # its own split wins

    # the worker on the original path, as `efficientdet train PATH` runs it
    train_ds, val_ds, classes, _ = build_datasets(path, 128)
    coco = {"images": [train_ds._images[i] for i in train_ds._images]}
    assert _names(coco, train_ds.image_ids) == gui_train
    assert _names(coco, val_ds.image_ids) == gui_val
    assert train_ds.image_root.resolve() == Path(gui.image_root).resolve()
    assert classes == CLASSES

    # the worker given the GUI's config trains exactly what the GUI checked
    window.save_now()
    cfg = TrainConfig.from_dict(panel.config())
    train_ds, val_ds, _, val_coco = build_datasets(
        cfg.data, 128, image_root=cfg.image_root, split=(cfg.train_ids, cfg.val_ids)
    )
    assert tuple(train_ds.image_ids) == gui.plan.train_ids
    assert tuple(val_ds.image_ids) == gui.plan.val_ids
    assert {im["id"] for im in val_coco["images"]} == set(gui.plan.val_ids)
    assert train_ds.image_root.resolve() == Path(gui.image_root).resolve()
    window.close()
