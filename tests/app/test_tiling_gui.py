"""The training form's Large images row is the project's tiling: it reaches the worker's config
and project.json, comes back when the project is reopened, counts tiles for the estimates, and
the pre-flight suggests it when objects are too small for the input size."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from app.main_window import MainWindow
from core.tiling import TileSpec


def big_photos(folder: Path, n: int = 3) -> Path:
    """n photos of 2000 x 1500 px with 30 px objects: too small for a 512 input unless tiled."""
    (folder / "images").mkdir(parents=True)
    images, anns = [], []
    for i in range(1, n + 1):
        cv2.imwrite(str(folder / "images" / f"p{i}.png"), np.full((1500, 2000, 3), 90, np.uint8))
        images.append({"id": i, "file_name": f"p{i}.png", "width": 2000, "height": 1500})
        for k in range(8):
            box = [100 + 200 * k, 300 + 100 * i, 30, 30]
            anns.append({"id": len(anns) + 1, "image_id": i, "category_id": 1, "bbox": box})
    coco = {"images": images, "annotations": anns, "categories": [{"id": 1, "name": "dot"}]}
    (folder / "annotations.json").write_text(json.dumps(coco), encoding="utf-8")
    return folder


def test_tiling_is_a_project_setting_the_run_and_the_reopened_project_share(qtbot, tmp_path):
    project = big_photos(tmp_path / "photos")
    window = MainWindow(str(project))
    qtbot.addWidget(window)
    form = window.training_ui.panel.form
    window.training_ui.panel.refresh_dataset()
    assert form.tiling.value() is None and form.config(str(project))["tiling"] == {}
    untiled = form.n_images
    tiny = next(f for f in form.findings if f.code == "tiny_objects")
    assert "tiles of" in tiny.fix  # the pre-flight names a tile size

    form.tiling.size.setCurrentIndex(form.tiling.size.findData(512))
    assert window.session.project.settings["tiling"]["size"] == 512
    config = form.config(str(project))
    assert config["tiling"]["size"] == 512 and config["tiling"]["overlap"] == 0.2
    assert form.n_images > untiled  # an epoch is the tiles with objects (and a few without)
    assert not any(f.code == "tiny_objects" for f in form.findings)  # 30 px stays 30 px

    window.save_now()
    saved = json.loads((project / "project.json").read_text(encoding="utf-8"))
    assert saved["tiling"]["size"] == 512
    window.close()

    again = MainWindow(str(project))
    qtbot.addWidget(again)
    spec = again.training_ui.panel.form.tiling.value()
    assert isinstance(spec, TileSpec) and spec.size == 512
    again.training_ui.panel.form.tiling.size.setCurrentIndex(0)  # back to whole images
    again.save_now()
    saved = json.loads((project / "project.json").read_text(encoding="utf-8"))
    assert "tiling" not in saved
    again.close()


def test_a_malformed_tiling_setting_is_said_with_its_file_not_silently_dropped(qtbot, tmp_path):
    project = big_photos(tmp_path / "photos", n=1)
    (project / "project.json").write_text(
        json.dumps({"tiling": {"size": "large"}}), encoding="utf-8"
    )
    window = MainWindow(str(project))
    qtbot.addWidget(window)
    row = window.training_ui.panel.form.tiling
    assert row.value() is None  # shown as whole images ...
    said = window.statusBar().currentMessage()
    assert "project.json" in said and "tiling" in said and said == row.toolTip()  # ... and said
    row.size.setCurrentIndex(row.size.findData(512))  # a new choice writes a good setting
    assert window.session.project.settings["tiling"]["size"] == 512
