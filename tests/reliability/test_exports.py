"""Exports and imports that must not lose or double anyone's labels (core.formats)."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from core.data.coco import CocoError, load_coco
from core.formats import (
    FormatError,
    export_coco,
    export_labelme,
    export_voc,
    export_yolo,
    import_coco,
    import_labelme,
    import_voc,
)
from core.project import ProjectError, load_project


def _data(names: list[str], boxes: list[tuple[int, str, list[float]]], classes=("cat",)) -> dict:
    return {
        "images": [
            {"id": i + 1, "file_name": n, "width": 64, "height": 48} for i, n in enumerate(names)
        ],
        "categories": [{"id": i + 1, "name": c} for i, c in enumerate(classes)],
        "annotations": [
            {"id": k + 1, "image_id": i, "category_id": list(classes).index(c) + 1, "bbox": b}
            for k, (i, c, b) in enumerate(boxes)
        ],
    }


def _export(kind: str, data: dict, out: Path, root: Path | None = None) -> list[Path]:
    if kind == "voc":
        return export_voc(data, out)
    if kind == "yolo":
        return export_yolo(data, out)
    return export_labelme(data, out, root or out)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


TARGET = {"voc": "a.xml", "yolo": "labels/a.txt", "labelme": "a.json"}


@pytest.mark.parametrize("kind", ["voc", "yolo", "labelme"])
def test_a_link_planted_in_the_export_folder_is_never_written_through(kind, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    out = tmp_path / "out"
    link = out / TARGET[kind]
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    data = _data(["a.png", "b.png"], [(1, "cat", [1, 2, 3, 4])])
    with pytest.raises(FormatError, match="symbolic link"):
        _export(kind, data, out)
    assert outside.read_text() == "precious\n"
    assert link.is_symlink() and _tree(out) == {}  # nothing else was written either


def test_a_linked_sub_folder_cannot_take_the_export_outside(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    data = _data(["sub/a.png", "b.png"], [(1, "cat", [1, 2, 3, 4])])
    with pytest.raises(FormatError, match="outside"):
        export_voc(data, out)
    assert list(elsewhere.iterdir()) == [] and not (out / "b.xml").exists()


def _project(folder: Path, images: list[str]) -> Path:
    folder.mkdir()
    for name in images:
        Image.new("RGB", (64, 48), "red").save(folder / name)
    data = _data(images, [(1, "cat", [1, 2, 3, 4]), (2, "cat", [5, 5, 10, 10])])
    (folder / "annotations.json").write_text(json.dumps(data))
    (folder / "project.json").write_text(json.dumps({"image_root": "."}))
    return folder


def test_labelme_export_into_the_project_keeps_its_annotations_json(tmp_path):
    folder = _project(tmp_path / "proj", ["annotations.png", "b.png"])
    before = (folder / "annotations.json").read_bytes()
    data = load_project(folder).coco
    with pytest.raises(FormatError, match="annotations.json"):
        export_labelme(data, folder, folder)
    assert (folder / "annotations.json").read_bytes() == before
    assert not (folder / "b.json").exists()  # all files or none
    assert len(load_project(folder).coco["annotations"]) == 2


def test_an_export_refuses_the_files_it_is_told_to_protect(tmp_path):
    folder = _project(tmp_path / "proj", ["a.png"])
    before = (folder / "annotations.json").read_bytes()
    protect = [folder / "annotations.json", folder / "project.json"]
    with pytest.raises(FormatError, match="input"):
        export_coco(_data(["a.png"], []), folder / "annotations.json", protect=protect)
    assert (folder / "annotations.json").read_bytes() == before


def _labelme_doc(shapes: list[dict], image: str = "a.png") -> dict:
    return {"version": "5.4.1", "flags": {"reviewed": True}, "shapes": shapes,
            "imagePath": image, "imageData": None, "imageHeight": 48, "imageWidth": 64}  # fmt: skip


def test_labelme_export_over_labelme_keeps_polygons_and_does_not_double(tmp_path):
    Image.new("RGB", (64, 48)).save(tmp_path / "a.png")
    polygon = {"label": "cat", "points": [[10, 10], [30, 12], [20, 30]], "shape_type": "polygon"}
    rect = {"label": "dog", "points": [[40, 5], [60, 25]], "shape_type": "rectangle",
            "group_id": 3, "flags": {}, "description": "by hand"}  # fmt: skip
    point = {"label": "eye", "points": [[5, 5]], "shape_type": "point"}
    (tmp_path / "a.json").write_text(json.dumps(_labelme_doc([polygon, rect, point])))
    imported = import_labelme(tmp_path)
    data = json.loads(json.dumps(imported.data))
    cat = next(c["id"] for c in data["categories"] if c["name"] == "cat")
    data["annotations"].append(
        {"id": 99, "image_id": 1, "category_id": cat, "bbox": [0, 40, 8, 8], "area": 64}
    )
    export_labelme(data, tmp_path, tmp_path)
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["shapes"][:3] == [polygon, rect, point]  # kept as they were, polygon too
    assert len(doc["shapes"]) == 4 and doc["shapes"][3]["points"] == [[0, 40], [8, 48]]
    assert doc["flags"] == {"reviewed": True}
    assert len(import_labelme(tmp_path).data["annotations"]) == 3  # not 5: nothing doubled
    del data["annotations"][-1]  # the studio's own rectangle is replaced on the next export
    export_labelme(data, tmp_path, tmp_path)
    assert json.loads((tmp_path / "a.json").read_text())["shapes"] == [polygon, rect, point]


def test_labelme_export_refuses_a_file_of_another_image_or_not_labelme(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(_labelme_doc([], image="other.png")))
    (tmp_path / "b.json").write_text('{"hello": 1}')
    for names, match in ((["a.png"], "another image"), (["b.png"], "not a labelme file")):
        with pytest.raises(FormatError, match=match):
            export_labelme(_data(names, []), tmp_path, tmp_path)
    assert json.loads((tmp_path / "b.json").read_text()) == {"hello": 1}


def test_yolo_export_keeps_the_numbering_of_an_existing_classes_txt(tmp_path):
    (tmp_path / "classes.txt").write_text("dog\ncat\n")
    data = _data(
        ["a.png"], [(1, "cat", [0, 0, 32, 24]), (1, "bird", [0, 0, 64, 48])], ("cat", "bird")
    )
    export_yolo(data, tmp_path)
    assert (tmp_path / "classes.txt").read_text() == "dog\ncat\nbird\n"
    lines = (tmp_path / "labels" / "a.txt").read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2"]


def test_yolo_export_refuses_a_classes_txt_it_cannot_keep(tmp_path):
    (tmp_path / "classes.txt").write_text("dog\ndog\n")
    with pytest.raises(FormatError, match="twice"):
        export_yolo(_data(["a.png"], [(1, "cat", [0, 0, 4, 4])]), tmp_path)
    assert (tmp_path / "classes.txt").read_text() == "dog\ndog\n"
    assert not (tmp_path / "labels").exists()


class _FullDisk:
    """Every open for writing after the first ``n`` writes half of its data, then ENOSPC."""

    def __init__(self, n: int) -> None:
        self.n, self.real = n, io.open

    def __call__(self, file, mode="r", *args, **kwargs):
        fh = self.real(file, mode, *args, **kwargs)
        if not any(c in mode for c in "wax+"):
            return fh
        self.n -= 1
        return fh if self.n >= 0 else _Torn(fh)


class _Torn:
    def __init__(self, fh) -> None:
        self.fh = fh

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.fh.close()

    def __getattr__(self, name):
        return getattr(self.fh, name)


@pytest.mark.parametrize("kind", ["voc", "yolo", "labelme"])
def test_a_full_disk_mid_export_leaves_every_file_as_it_was(kind, tmp_path, monkeypatch):
    names = [f"img_{i:03d}.png" for i in range(300)]
    data = _data(names, [(i + 1, "cat", [1, 1, 10, 10]) for i in range(300)])
    out = tmp_path / "out"
    _export(kind, _data(names[:5], []), out, tmp_path)  # an earlier export to replace
    before = _tree(out)
    full = _FullDisk(16)
    monkeypatch.setattr(io, "open", full)
    monkeypatch.setattr(builtins, "open", full)
    with pytest.raises((OSError, FormatError)) as caught:
        _export(kind, data, out, tmp_path)
    monkeypatch.undo()
    assert "0 of 300" in str(caught.value) and "written" in str(caught.value)
    assert _tree(out) == before  # nothing new, nothing torn, no temporary files left


def test_coco_import_clips_boxes_to_the_image_and_says_how_many(tmp_path):
    data = _data(["a.png"], [(1, "cat", [50, 40, 30, 20]), (1, "cat", [70, 0, 5, 5]),
                             (1, "cat", [1, 1, 5, 5])])  # fmt: skip
    (tmp_path / "c.json").write_text(json.dumps(data))
    result = import_coco(tmp_path / "c.json")
    assert [a["bbox"] for a in result.data["annotations"]] == [[50, 40, 14, 8], [1, 1, 5, 5]]
    text = "\n".join(result.warnings)
    assert "1 box(es) reached outside" in text and "1 box(es) had no area" in text
    assert "c.json" in text


def test_voc_xmin_after_xmax_is_swapped_with_a_warning_naming_the_file(tmp_path):
    (tmp_path / "a.xml").write_text(
        "<annotation><filename>a.png</filename><size><width>64</width><height>48</height>"
        "</size><object><name>cat</name><bndbox><xmin>50</xmin><ymin>5</ymin><xmax>10</xmax>"
        "<ymax>20</ymax></bndbox></object></annotation>"
    )
    result = import_voc(tmp_path)
    assert [a["bbox"] for a in result.data["annotations"]] == [[9.0, 4.0, 41.0, 16.0]]
    assert any("a.xml" in w and "xmin > xmax" in w and "swapped" in w for w in result.warnings)


def test_deeply_nested_json_is_a_clear_error_naming_the_file(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "labelme").mkdir()
    for path in (tmp_path / "deep.json", tmp_path / "labelme" / "a.json"):
        path.write_text(deep)
    with pytest.raises(FormatError, match="deep.json.*nested too deeply"):
        import_coco(tmp_path / "deep.json")
    with pytest.raises(FormatError, match="a.json.*nested too deeply"):
        import_labelme(tmp_path / "labelme")
    with pytest.raises(CocoError, match="deep.json.*nested too deeply"):
        load_coco(tmp_path / "deep.json")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "annotations.json").write_text(deep)
    with pytest.raises(ProjectError, match="annotations.json.*nested too deeply"):
        load_project(project)
    with pytest.raises(ProjectError, match="deep.json"):
        load_project(tmp_path / "deep.json")


def test_an_export_plan_lists_what_it_would_replace_before_writing(tmp_path):
    from core.formats import plan_export  # the planning step the window asks its question from

    (tmp_path / "a.xml").write_text("old")
    plan = plan_export("voc", _data(["a.png", "b.png"], []), tmp_path)
    assert plan.replaced == [tmp_path / "a.xml"]
    assert (tmp_path / "a.xml").read_text() == "old" and not (tmp_path / "b.xml").exists()
    plan.write(backup=True)
    assert (tmp_path / "a.xml.bak").read_text() == "old" and (tmp_path / "b.xml").is_file()
