"""Annotation import/export: real files from other tools, round trips, malformed input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.formats import (
    FORMATS,
    FormatError,
    detect_format,
    export_coco,
    export_labelme,
    export_voc,
    export_yolo,
    guess_yolo_layout,
    import_coco,
    import_labelme,
    import_voc,
    import_yolo,
    load_dataset,
)

KOREAN = "사진 하나 둘.png"  # non-ASCII with spaces


def _write_image(path: Path, width: int, height: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, buf = cv2.imencode(path.suffix, np.zeros((height, width, 3), np.uint8))
    assert ok
    buf.tofile(str(path))  # cv2.imwrite cannot write every file name


@pytest.fixture
def dataset(tmp_path) -> tuple[dict, Path]:
    """A COCO dict and its image root: border boxes, fractional boxes, a background image."""
    root = tmp_path / "images"
    images = [(KOREAN, 64, 48), ("sub dir/b.jpg", 80, 60), ("empty.png", 32, 32)]
    for name, w, h in images:
        _write_image(root / name, w, h)
    data = {
        "images": [
            {"id": i + 1, "file_name": n, "width": w, "height": h}
            for i, (n, w, h) in enumerate(images)
        ],
        "categories": [
            {"id": 1, "name": "사람"},
            {"id": 2, "name": "traffic light"},
            {"id": 5, "name": "car"},
        ],
        "annotations": [],
    }
    boxes = [
        (1, 1, [0, 0, 64, 48]),
        (1, 2, [10, 5, 20, 30]),
        (1, 5, [40, 30, 24, 18]),
        (2, 5, [0, 20, 15, 40]),
        (2, 1, [12.25, 7.5, 30.6, 20.4]),
        (2, 2, [79, 59, 1, 1]),
    ]
    for k, (image_id, cat, bbox) in enumerate(boxes):
        data["annotations"].append(
            {
                "id": k + 1,
                "image_id": image_id,
                "category_id": cat,
                "bbox": bbox,
                "area": bbox[2] * bbox[3],
                "iscrowd": 0,
            }
        )
    return data, root


def _boxes(data: dict) -> dict[str, list[tuple[str, list[float]]]]:
    """file_name -> sorted (class name, bbox): what must survive a round trip."""
    names = {c["id"]: c["name"] for c in data["categories"]}
    files = {i["id"]: i["file_name"] for i in data["images"]}
    out: dict[str, list] = {f: [] for f in files.values()}
    for a in data["annotations"]:
        out[files[a["image_id"]]].append((names[a["category_id"]], [float(v) for v in a["bbox"]]))
    return {f: sorted(v) for f, v in out.items()}


def _round_trip(fmt: str, data: dict, root: Path, out: Path):
    if fmt == "coco":
        export_coco(data, out / "annotations.json")
        return import_coco(out / "annotations.json")
    if fmt == "voc":
        export_voc(data, out)
        return import_voc(out, image_root=root)
    if fmt == "yolo":
        export_yolo(data, out)
        return import_yolo(out / "labels", root, out / "classes.txt")
    export_labelme(data, out, root)
    return import_labelme(out, image_root=root)


def _assert_same_boxes(before: dict, after: dict, fmt: str) -> None:
    a, b = _boxes(before), _boxes(after)
    assert sorted(a) == sorted(b), "the same images, by file name"
    for file_name in a:
        assert [n for n, _ in a[file_name]] == [n for n, _ in b[file_name]], file_name
        for (_, x), (_, y) in zip(a[file_name], b[file_name], strict=True):
            integral = all(float(v).is_integer() for v in x)
            # VOC stores whole pixels: integer boxes exact, fractional edges rounded
            tol = (0.0 if integral else 0.5) if fmt == "voc" else 1e-3
            assert np.allclose(x, y, rtol=0, atol=tol + 1e-9), (fmt, file_name, x, y)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_keeps_every_box_and_class(fmt, dataset, tmp_path):
    data, root = dataset
    result = _round_trip(fmt, data, root, tmp_path / "out")
    _assert_same_boxes(data, result.data, fmt)
    assert {c["name"] for c in result.data["categories"]} == {"사람", "traffic light", "car"}
    sizes = {i["file_name"]: (i["width"], i["height"]) for i in result.data["images"]}
    assert sizes == {i["file_name"]: (i["width"], i["height"]) for i in data["images"]}
    assert detect_format(tmp_path / "out") == fmt
    if fmt != "coco":
        assert result.image_root is not None and (result.image_root / KOREAN).is_file()


@pytest.mark.parametrize("fmt", FORMATS)
def test_shared_labelme_boxes_survive_every_format(fmt, shared_formats, tmp_path):
    imported = import_labelme(shared_formats / "labelme")
    again = _round_trip(fmt, imported.data, imported.image_root, tmp_path / "out")
    _assert_same_boxes(imported.data, again.data, fmt)


def test_shared_labelme_file_imports_with_its_boxes(shared_formats):
    result = import_labelme(shared_formats / "labelme")
    data = result.data
    assert result.warnings == []
    assert result.image_root == shared_formats / "labelme"
    assert [i["file_name"] for i in data["images"]] == [
        "2011_000003.jpg",
        "2011_000006.jpg",
        "2011_000025.jpg",
    ]
    names = {c["id"]: c["name"] for c in data["categories"]}
    labels = sorted(names[a["category_id"]] for a in data["annotations"])
    assert labels == ["bus", "bus", "car"] + ["person"] * 6
    first = _boxes(data)["2011_000003.jpg"]
    assert first[1] == ("person", [365.0, 83.0, 135.0, 250.0])  # touches the right border


def test_shared_sahi_coco_imports_with_areas_repaired(shared_formats):
    result = import_coco(shared_formats / "coco-sahi" / "terrain2_coco.json")
    anns = result.data["annotations"]
    assert len(anns) == 5 and result.data["categories"][0]["name"] == "car"
    assert all(a["area"] == a["bbox"][2] * a["bbox"][3] for a in anns)
    assert any("area" in w for w in result.warnings)
    assert detect_format(shared_formats / "coco-sahi") == "coco"


def _raises(func, *args, match: str, path: Path) -> FormatError:
    with pytest.raises(FormatError, match=match) as info:
        func(*args)
    assert path.name in str(info.value), f"the message names the file: {info.value}"
    return info.value


def test_malformed_voc_names_file_and_place(tmp_path):
    bad = tmp_path / "a b.xml"
    bad.write_text("<annotation><filename>a.jpg</filename>\n<size>", encoding="utf-8")
    _raises(import_voc, tmp_path, match="line 2", path=bad)
    bad.write_text(
        "<annotation><filename>a.jpg</filename><size><width>9</width><height>9"
        "</height></size><object><name>cat</name><bndbox><xmin>1</xmin><ymin>x"
        "</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>"
    )
    _raises(import_voc, bad, match="object #1 .*ymin.*'x'", path=bad)


def test_malformed_labelme_names_file_and_place(tmp_path):
    bad = tmp_path / "한글 파일.json"
    bad.write_text('{"shapes": [\n  {"label": "cat",,}]}', encoding="utf-8")
    _raises(import_labelme, tmp_path, match="line 2", path=bad)
    bad.write_text(
        json.dumps(
            {
                "shapes": [{"label": "cat", "points": [[1, "a"]], "shape_type": "rectangle"}],
                "imagePath": "x.png",
                "imageWidth": 9,
                "imageHeight": 9,
            }
        )
    )
    _raises(import_labelme, [bad], match=r"shapes\[0\]\.points", path=bad)


def test_malformed_yolo_names_file_and_line(dataset, tmp_path):
    _, root = dataset
    labels = tmp_path / "labels"
    labels.mkdir()
    classes = tmp_path / "classes.txt"
    classes.write_text("a\nb\n")
    bad = labels / "empty.txt"
    bad.write_text("0 0.5 0.5 0.1 0.1\n1 0.5 0.5 0.1\n")
    _raises(import_yolo, labels, root, classes, match="line 2", path=bad)
    bad.write_text("0 0.5 0.5 0.1 0.1\n\n7 0.5 0.5 0.1 0.1\n")
    _raises(import_yolo, labels, root, classes, match="line 3, class", path=bad)
    bad.write_text("0 32 16 8 8\n")
    _raises(import_yolo, labels, root, classes, match="normalised", path=bad)
    classes.write_text("a\n\nb\n")
    _raises(import_yolo, labels, root, classes, match="line 2", path=classes)


def test_malformed_coco_names_file_and_place(tmp_path):
    bad = tmp_path / "coco.json"
    bad.write_text('{"images": [\n\n  {"id": 1 "file_name": "a.png"}]}')
    _raises(import_coco, bad, match="line 3", path=bad)
    bad.write_text(
        json.dumps(
            {
                "images": [{"id": 1, "file_name": "a.png"}],
                "categories": [{"id": 1, "name": "a"}],
                "annotations": [{"id": 1, "image_id": 1, "category_id": 1}],
            }
        )
    )
    _raises(import_coco, bad, match="annotation #0.*bbox", path=bad)
    bad.write_text('{"shapes": [], "imagePath": "a.png"}')  # labelme's, not COCO
    _raises(import_coco, bad, match="not a COCO file", path=bad)


def test_labelme_any_corner_order_polygons_and_windows_paths(tmp_path):
    _write_image(tmp_path / "images" / "p q.png", 50, 40)
    doc = {
        "shapes": [
            {"label": "a", "points": [[30, 20], [10, 5]], "shape_type": "rectangle"},
            {"label": "b", "points": [[5, 5], [25, 8], [15, 30]], "shape_type": "polygon"},
            {"label": "c", "points": [[1, 1]], "shape_type": "point"},
            {"label": "d", "points": [[45, 30], [60, 50]], "shape_type": "rectangle"},
        ],
        "imagePath": "..\\images\\p q.png",
        "imageData": None,
        "imageWidth": 50,
        "imageHeight": 40,
    }
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "p q.json").write_text(json.dumps(doc))
    result = import_labelme(tmp_path / "ann")
    assert result.image_root == tmp_path and result.data["images"][0]["file_name"] == (
        "images/p q.png"
    )
    assert [b for _, b in sorted(_boxes(result.data)["images/p q.png"])] == [
        [10, 5, 20, 15],
        [5, 5, 20, 25],
        [45, 30, 5, 10],
    ]
    text = "\n".join(result.warnings)
    assert "polygon" in text and "point" in text and "clipped" in text


def test_yolo_background_images_orphans_and_polygons(dataset, tmp_path):
    _, root = dataset
    (tmp_path / "labels").mkdir()
    (tmp_path / "classes.txt").write_text("a\nb\n")
    (tmp_path / "labels" / "empty.txt").write_text(
        "1 0.25 0.5 0.5 0.5 0.9\n0 0.1 0.1 0.5 0.1 0.3 0.6\n"
    )
    (tmp_path / "labels" / "nothing here.txt").write_text("0 0.5 0.5 1 1\n")
    labels, _, classes = guess_yolo_layout(tmp_path)
    assert (labels, classes) == (tmp_path / "labels", tmp_path / "classes.txt")
    result = import_yolo(labels, root, classes)
    assert len(result.data["images"]) == 3  # images without labels are background
    assert _boxes(result.data)["empty.png"] == [
        ("a", [3.2, 3.2, 12.8, 16.0]),
        ("b", [0.0, 8.0, 16.0, 16.0]),
    ]
    text = "\n".join(result.warnings)
    assert "nothing here.txt" in text and "score" in text and "polygon" in text


def test_export_refuses_colliding_label_files(dataset, tmp_path):
    data, _ = dataset
    data["images"].append({"id": 9, "file_name": "empty.jpg", "width": 8, "height": 8})
    for export in (export_voc, export_yolo):
        with pytest.raises(FormatError, match="empty.jpg"):
            export(data, tmp_path / export.__name__)


def test_voc_uses_the_devkit_one_based_inclusive_pixels(dataset, tmp_path):
    data, root = dataset
    export_voc(data, tmp_path / "voc")
    xml = (tmp_path / "voc" / KOREAN).with_suffix(".xml").read_text(encoding="utf-8")
    # [0, 0, 64, 48] covers every pixel of the 64x48 image: indices 1..64 and 1..48
    assert "<xmin>1</xmin>" in xml and "<xmax>64</xmax>" in xml and "<ymax>48</ymax>" in xml
    assert f"<filename>{KOREAN}</filename>" in xml
    # a 0-based writer's box starting at 0 reaches outside: clipped, with a warning
    xml = xml.replace("<xmin>1</xmin>", "<xmin>0</xmin>", 1)
    (tmp_path / "voc" / KOREAN).with_suffix(".xml").write_text(xml, encoding="utf-8")
    result = import_voc(tmp_path / "voc", image_root=root)
    assert _boxes(result.data)[KOREAN][0] == ("car", [40.0, 30.0, 24.0, 18.0])
    assert ("사람", [0.0, 0.0, 64.0, 48.0]) in _boxes(result.data)[KOREAN]
    assert any("clipped" in w for w in result.warnings)


def test_voc_without_size_reads_the_image_and_strips_paths(dataset, tmp_path):
    _, root = dataset
    xml = tmp_path / "x.xml"
    xml.write_text(
        "<annotation><filename>C:\\data\\empty.png</filename><object><name>cat</name>"
        "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>32</xmax><ymax>16</ymax>"
        "</bndbox><difficult>1</difficult></object></annotation>"
    )
    result = import_voc([xml], image_root=root)
    assert result.data["images"][0] == {
        "id": 1,
        "file_name": "empty.png",
        "width": 32,
        "height": 32,
    }
    assert _boxes(result.data)["empty.png"] == [("cat", [0.0, 0.0, 32.0, 16.0])]
    assert any("difficult" in w for w in result.warnings)


def test_detect_format_reads_single_files(shared_formats, tmp_path):
    assert detect_format(shared_formats / "labelme" / "2011_000003.json") == "labelme"
    assert detect_format(shared_formats / "labelme" / "2011_000003.jpg") is None
    (tmp_path / "a.txt").write_text("3 0.5 0.5 0.25 0.25\n")
    (tmp_path / "notes.txt").write_text("hello world\n")
    assert detect_format(tmp_path / "a.txt") == "yolo"
    assert detect_format(tmp_path / "notes.txt") is None
    assert detect_format(tmp_path / "missing") is None


def test_yolo_skips_unreadable_images_with_a_warning(dataset, tmp_path):
    _, root = dataset
    (root / "broken.jpg").write_bytes(b"not an image")
    (tmp_path / "classes.txt").write_text("a\n")
    result = import_yolo(tmp_path, root, tmp_path / "classes.txt")
    assert "broken.jpg" not in {i["file_name"] for i in result.data["images"]}
    assert any("broken.jpg" in w for w in result.warnings)
    with pytest.raises(FormatError, match="no such folder"):
        import_yolo(tmp_path / "nope", root, tmp_path / "classes.txt")


def test_two_labelme_files_for_one_image_merge_with_a_note(tmp_path):
    _write_image(tmp_path / "a.png", 50, 40)
    for n, label in enumerate(("cat", "dog")):
        (tmp_path / f"a_{n}.json").write_text(
            json.dumps(
                {
                    "shapes": [
                        {"label": label, "points": [[1, 1], [20, 20]], "shape_type": "rectangle"}
                    ],
                    "imagePath": "a.png",
                    "imageWidth": 50,
                    "imageHeight": 40,
                }
            )
        )
    result = import_labelme(tmp_path)
    assert len(result.data["images"]) == 1
    assert len(result.data["annotations"]) == 2
    assert {a["image_id"] for a in result.data["annotations"]} == {1}
    assert any("described by another annotation file" in w for w in result.warnings)


# --- load_dataset: every layout from one path ------------------------------------------------


def _yaml(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _labels(path: Path, *lines: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{ln}\n" for ln in lines), encoding="utf-8")


def _split_of(loaded) -> dict[str, str | None]:
    return {i["file_name"]: i.get("split") for i in loaded.coco["images"]}


def _ultralytics(root: Path) -> Path:
    """images/{train,val} with labels/ mirroring them; a Korean sub-folder and file name."""
    _write_image(root / "images" / "train" / "a.jpg", 100, 50)
    _write_image(root / "images" / "train" / "데이터" / "이미지.jpg", 40, 40)
    _write_image(root / "images" / "val" / "b.png", 20, 10)
    _labels(root / "labels" / "train" / "a.txt", "1 0.5 0.5 0.2 0.4")
    _labels(root / "labels" / "train" / "데이터" / "이미지.txt", "0 0.25 0.25 0.5 0.5")
    _labels(root / "labels" / "val" / "b.txt", "0 0.5 0.5 1 1", "1 0.25 0.5 0.5 1")
    return root


def test_data_yaml_with_a_names_list_reads_splits_and_mirrored_labels(tmp_path):
    root = _ultralytics(tmp_path / "images" / "ds")  # only the last /images/ becomes /labels/
    data_yaml = _yaml(
        root / "data.yaml", "path: .\ntrain: images/train\nval: images/val\nnames: [cat, dog]\n"
    )
    loaded = load_dataset(data_yaml)
    assert (loaded.kind, loaded.image_root) == ("yolo", root)
    assert _split_of(loaded) == {
        "images/train/a.jpg": "train",
        "images/train/데이터/이미지.jpg": "train",
        "images/val/b.png": "val",
    }
    assert [c["name"] for c in loaded.coco["categories"]] == ["cat", "dog"]
    boxes = _boxes(loaded.coco)
    assert boxes["images/train/a.jpg"] == [("dog", [40.0, 15.0, 20.0, 20.0])]
    assert boxes["images/train/데이터/이미지.jpg"] == [("cat", [0.0, 0.0, 20.0, 20.0])]
    assert boxes["images/val/b.png"] == [("cat", [0.0, 0.0, 20.0, 10.0]), ("dog", [0, 0, 10, 10])]
    again = load_dataset(root)  # the folder finds its data.yaml
    assert (again.kind, again.coco["annotations"]) == ("yolo", loaded.coco["annotations"])


def test_data_yaml_with_a_names_mapping_txt_lists_and_a_test_set(tmp_path):
    root = _ultralytics(tmp_path / "ds")
    _write_image(root / "images" / "test" / "t.jpg", 8, 8)
    (root / "train.txt").write_text("./images/train/a.jpg\nimages/train/데이터/이미지.jpg\n")
    data_yaml = _yaml(
        tmp_path / "configs" / "mine.yaml",
        "path: ../ds\ntrain: train.txt\nval: [images/val]\ntest: images/test\n"
        "names:\n  0: cat\n  1: dog\n",
    )
    loaded = load_dataset(data_yaml)
    assert loaded.image_root == root
    assert sorted(_split_of(loaded).items()) == [
        ("images/train/a.jpg", "train"),
        ("images/train/데이터/이미지.jpg", "train"),
        ("images/val/b.png", "val"),
    ]
    assert {c["id"]: c["name"] for c in loaded.coco["categories"]} == {1: "cat", 2: "dog"}
    assert any("1 test image(s) held out" in w for w in loaded.warnings)


def test_roboflow_data_yaml_with_parent_relative_sets_and_an_image_in_both_splits(tmp_path):
    root = tmp_path / "rf"
    _write_image(root / "train" / "images" / "x.jpg", 10, 10)
    _write_image(root / "valid" / "images" / "y.jpg", 10, 10)
    _labels(root / "train" / "labels" / "x.txt", "0 0.5 0.5 0.2 0.2")
    listing = root / "val.txt"
    listing.write_text(f"{root / 'valid' / 'images' / 'y.jpg'}\n./train/images/x.jpg\n")
    _yaml(root / "data.yaml", "train: ../train/images\nval: val.txt\nnc: 1\nnames: ['car']\n")
    loaded = load_dataset(root)
    assert _split_of(loaded) == {"train/images/x.jpg": "val", "valid/images/y.jpg": "val"}
    assert _boxes(loaded.coco)["train/images/x.jpg"] == [("car", [4.0, 4.0, 2.0, 2.0])]
    assert any("in both train and val" in w for w in loaded.warnings)


def test_bad_data_yaml_names_the_file_and_the_key(tmp_path):
    _write_image(tmp_path / "images" / "a.jpg", 8, 8)
    bad = _yaml(tmp_path / "데이터.yaml", "train: images\nnames: [cat, dog\nval: images\n")
    with pytest.raises(FormatError, match="not valid YAML") as info:
        load_dataset(bad)
    assert "데이터.yaml" in str(info.value) and "line 3" in str(info.value)
    for text, key in (
        ("train: images\nnames: [cat]\n", "val"),
        ("train: images\nval: images\n", "names"),
        ("train: images\nval: nowhere\nnames: [cat]\n", "val"),
        ("train: images\nval: images\nnames: {0: cat, 2: dog}\n", "names"),
        ("train: images\nval: images\nnc: 3\nnames: [cat]\n", "nc"),
        ("- just\n- a list\n", ""),
    ):
        _yaml(bad, text)
        with pytest.raises(FormatError) as info:
            load_dataset(bad)
        assert info.value.path == bad and info.value.place == key, (text, str(info.value))


def _voc_xml(path: Path, image: str, label: str = "cat") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<annotation><filename>{image}</filename><size><width>30</width><height>20</height>"
        f"</size><object><name>{label}</name><bndbox><xmin>1</xmin><ymin>1</ymin>"
        "<xmax>10</xmax><ymax>10</ymax></bndbox></object></annotation>",
        encoding="utf-8",
    )


def test_voc_image_sets_give_splits_val_winning_and_test_held_out(tmp_path):
    devkit = tmp_path / "VOCdevkit" / "VOC2012"
    for stem in ("a", "b", "c", "d", "e"):
        _voc_xml(devkit / "Annotations" / f"{stem}.xml", f"{stem}.jpg")
        _write_image(devkit / "JPEGImages" / f"{stem}.jpg", 30, 20)
    sets = devkit / "ImageSets" / "Main"
    _labels(sets / "train.txt", "a", "b")
    _labels(sets / "val.txt", "b", "c")
    _labels(sets / "trainval.txt", "a", "b", "c", "d")
    _labels(sets / "test.txt", "e")
    _labels(sets / "cat_train.txt", "c  1")  # per-class lists do not count
    loaded = load_dataset(tmp_path / "VOCdevkit")
    assert (loaded.kind, loaded.image_root) == ("voc", devkit / "JPEGImages")
    assert _split_of(loaded) == {"a.jpg": "train", "b.jpg": "val", "c.jpg": "val", "d.jpg": None}
    assert any("held out" in w and "test.txt" in w for w in loaded.warnings)
    for name in ("train.txt", "val.txt", "test.txt"):
        (sets / name).unlink()
    alone = load_dataset(devkit)  # trainval.txt without val.txt: no split
    assert _split_of(alone) == dict.fromkeys(["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"])


def _coco(images: list[tuple[int, str]], cats: list[tuple[int, str]], anns) -> dict:
    return {
        "images": [{"id": i, "file_name": n, "width": 40, "height": 30} for i, n in images],
        "categories": [{"id": i, "name": n} for i, n in cats],
        "annotations": [
            {"id": k + 1, "image_id": img, "category_id": cat, "bbox": bbox}
            for k, (img, cat, bbox) in enumerate(anns)
        ],
    }


def test_coco_pair_merges_categories_by_name_and_renumbers_ids(tmp_path):
    for name in ("t.jpg", "v.jpg"):
        _write_image(tmp_path / "images" / name, 40, 30)
    train = _coco(
        [(1, "t.jpg")], [(1, "cat"), (2, "dog")], [(1, 1, [0, 0, 5, 5]), (1, 2, [1, 1, 2, 2])]
    )
    val = _coco(
        [(1, "v.jpg")], [(1, "dog"), (2, "bird")], [(1, 1, [3, 3, 4, 4]), (1, 2, [0, 0, 9, 9])]
    )
    (tmp_path / "instances_train.json").write_text(json.dumps(train))
    (tmp_path / "instances_val.json").write_text(json.dumps(val))
    loaded = load_dataset(tmp_path)
    coco = loaded.coco
    assert (loaded.kind, loaded.image_root) == ("coco_pair", tmp_path / "images")
    assert {c["name"]: c["id"] for c in coco["categories"]} == {"cat": 1, "dog": 2, "bird": 3}
    assert [(i["id"], i["file_name"], i["split"]) for i in coco["images"]] == [
        (1, "t.jpg", "train"),
        (2, "v.jpg", "val"),
    ]
    assert [a["id"] for a in coco["annotations"]] == [1, 2, 3, 4]
    assert _boxes(coco) == {
        "t.jpg": [("cat", [0, 0, 5, 5]), ("dog", [1, 1, 2, 2])],
        "v.jpg": [("bird", [0, 0, 9, 9]), ("dog", [3, 3, 4, 4])],
    }


def test_coco_layout_prefixes_each_split_folder_and_keeps_korean_names(tmp_path):
    ds = tmp_path / "coco"
    _write_image(ds / "train2017" / "데이터" / "이미지.jpg", 40, 30)
    _write_image(ds / "val2017" / "000123.jpg", 40, 30)
    ann = ds / "annotations"
    ann.mkdir(parents=True)
    train = _coco([(7, "데이터/이미지.jpg")], [(3, "car")], [(7, 3, [1, 2, 3, 4])])
    val = _coco([(7, "000123.jpg")], [(3, "car")], [(7, 3, [5, 6, 7, 8])])
    (ann / "instances_train2017.json").write_text(json.dumps(train, ensure_ascii=False), "utf-8")
    (ann / "instances_val2017.json").write_text(json.dumps(val), "utf-8")
    loaded = load_dataset(ds)
    assert (loaded.kind, loaded.image_root) == ("coco_pair", ds)
    assert _split_of(loaded) == {
        "train2017/데이터/이미지.jpg": "train",
        "val2017/000123.jpg": "val",
    }
    assert all((ds / i["file_name"]).is_file() for i in loaded.coco["images"])
    assert [a["image_id"] for a in loaded.coco["annotations"]] == [1, 2]
    single = load_dataset(ann / "instances_val2017.json")  # one file: its own image folder
    assert (single.kind, single.image_root) == ("coco", ds / "val2017")
    assert single.coco["images"][0]["file_name"] == "000123.jpg"


def test_coco_pair_refuses_file_names_that_leave_the_root(tmp_path):
    good = _coco([(1, "a.jpg")], [(1, "car")], [])
    (tmp_path / "train.json").write_text(json.dumps(good))
    for bad_name in ("../outside.jpg", "/etc/passwd.jpg"):
        (tmp_path / "val.json").write_text(json.dumps(_coco([(1, bad_name)], [(1, "car")], [])))
        with pytest.raises(FormatError, match="val.json"):
            load_dataset(tmp_path)


def test_shared_files_load_through_the_one_entry_point(shared_formats, tmp_path):
    sahi = load_dataset(shared_formats / "coco-sahi" / "terrain2_coco.json")
    assert (sahi.kind, sahi.image_root) == ("coco", shared_formats / "coco-sahi")
    assert len(sahi.coco["annotations"]) == 5 and any("area" in w for w in sahi.warnings)
    labelme = load_dataset(shared_formats / "labelme")
    assert (labelme.kind, labelme.image_root) == ("labelme", shared_formats / "labelme")
    assert len(labelme.coco["images"]) == 3 and len(labelme.coco["annotations"]) == 9
    export_voc(labelme.coco, tmp_path / "voc" / "Annotations")
    shutil.copytree(shared_formats / "labelme", tmp_path / "voc" / "JPEGImages")
    voc = load_dataset(tmp_path / "voc")
    assert voc.kind == "voc" and voc.image_root == tmp_path / "voc" / "JPEGImages"
    _assert_same_boxes(labelme.coco, voc.coco, "voc")
    export_yolo(labelme.coco, tmp_path / "yolo")
    shutil.copytree(shared_formats / "labelme", tmp_path / "yolo" / "images")
    yolo = load_dataset(tmp_path / "yolo")
    assert yolo.kind == "yolo" and yolo.image_root == tmp_path / "yolo" / "images"
    _assert_same_boxes(labelme.coco, yolo.coco, "yolo")


def test_load_dataset_says_what_it_expected_when_nothing_fits(tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(FormatError, match="no dataset found") as info:
        load_dataset(tmp_path)
    assert info.value.path == tmp_path and "data.yaml" in str(info.value)
    with pytest.raises(FormatError, match="no such file or folder"):
        load_dataset(tmp_path / "missing")
    with pytest.raises(FormatError, match="not a dataset file"):
        load_dataset(tmp_path / "notes.txt")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    with pytest.raises(FormatError, match="no class list"):
        load_dataset(tmp_path)


def test_detect_format_knows_a_data_yaml(tmp_path):
    data_yaml = _yaml(tmp_path / "d.yaml", "train: a\nval: b\nnames: [x]\n")
    other = _yaml(tmp_path / "config.yaml", "epochs: 3\nnames: [x]\n")
    assert (detect_format(data_yaml), detect_format(other)) == ("yolo", None)
