"""Hostile annotation files in every format: opening them (as the studio and `efficientdet
train` both do, through core.project) either works, with what was skipped said, or fails with a
ProjectError that names the file. Never another exception, never a hang."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.project import ProjectError, load_project


def _image(folder: Path, name: str = "a.jpg") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / name), np.full((20, 30, 3), 128, np.uint8))


def _labelme(tmp: Path, doc: object | bytes) -> str:
    _image(tmp)
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    (tmp / "a.json").write_bytes(data)
    return "a.json"


def _shape(points: object, **extra: object) -> dict:
    return {"shapes": [{"label": "x", "shape_type": "rectangle", "points": points, **extra}],
            "imagePath": "a.jpg", "imageHeight": 20, "imageWidth": 30}  # fmt: skip


def _yolo(tmp: Path, label: bytes, classes: bytes = b"x\n") -> str:
    _image(tmp / "images")
    (tmp / "labels").mkdir()
    (tmp / "labels" / "a.txt").write_bytes(label)
    (tmp / "classes.txt").write_bytes(classes)
    return "a.txt"


def _voc(tmp: Path, xml: bytes) -> str:
    _image(tmp / "JPEGImages")
    (tmp / "Annotations").mkdir()
    (tmp / "Annotations" / "a.xml").write_bytes(xml)
    return "a.xml"


def _box(xmin: str, ymin: str = "1", xmax: str = "9", ymax: str = "9") -> bytes:
    size = "<size><width>30</width><height>20</height></size>"
    box = f"<xmin>{xmin}</xmin><ymin>{ymin}</ymin><xmax>{xmax}</xmax><ymax>{ymax}</ymax>"
    obj = f"<object><name>x</name><bndbox>{box}</bndbox></object>"
    return f"<annotation><filename>a.jpg</filename>{size}{obj}</annotation>".encode()


def _coco(tmp: Path, doc: object | bytes) -> str:
    _image(tmp)
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    (tmp / "instances.json").write_bytes(data)
    return "instances.json"


IMG = [{"id": 1, "file_name": "a.jpg", "width": 30, "height": 20}]
CAT = [{"id": 1, "name": "x"}]
CASES = {
    "labelme shapes not a list": lambda t: _labelme(t, {**_shape([]), "shapes": "oops"}),
    "labelme points not numbers": lambda t: _labelme(t, _shape([["a", "b"], [1, 2]])),
    "labelme one point": lambda t: _labelme(t, _shape([[1, 2]])),
    "labelme NaN point": lambda t: _labelme(t, _shape([[float("nan"), 1], [5, 5]])),
    "labelme huge numbers": lambda t: _labelme(t, _shape([[1e308, 1e308], [-1e308, 5]])),
    "labelme not UTF-8": lambda t: _labelme(t, b'{"shapes": [], "imagePath": "\xff\xfe"}'),
    "labelme empty file": lambda t: _labelme(t, b""),
    "yolo nan": lambda t: _yolo(t, b"0 nan 0.5 0.1 0.1\n"),
    "yolo class out of range": lambda t: _yolo(t, b"999 0.5 0.5 0.1 0.1\n"),
    "yolo negative class": lambda t: _yolo(t, b"-1 0.5 0.5 0.1 0.1\n"),
    "yolo too few columns": lambda t: _yolo(t, b"0 0.5\n"),
    "yolo huge": lambda t: _yolo(t, b"0 1e308 1e308 1e308 1e308\n"),
    "yolo binary labels": lambda t: _yolo(t, bytes(range(256))),
    "yolo binary classes": lambda t: _yolo(t, b"0 0.5 0.5 0.1 0.1\n", bytes(range(256))),
    "voc text coordinate": lambda t: _voc(t, _box("abc")),
    "voc infinite coordinate": lambda t: _voc(t, _box("inf")),
    "voc not XML": lambda t: _voc(t, b"<annotation><object>"),
    "voc deep nesting": lambda t: _voc(t, b"<a>" * 50000 + b"</a>" * 50000),
    "voc entity expansion": lambda t: _voc(
        t,
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b '
        b'"bbbbbbbbbb"><!ENTITY c "&b;&b;&b;&b;&b;&b;">]>'
        b"<annotation>&c;</annotation>",
    ),  # fmt: skip
    "coco bbox strings": lambda t: _coco(
        t,
        {
            "images": IMG,
            "categories": CAT,
            "annotations": [
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": ["1", "2", "3", "4"]}
            ],
        },
    ),  # fmt: skip
    "coco duplicate image ids": lambda t: _coco(t, {"images": IMG + IMG, "categories": CAT}),
    "coco images not a list": lambda t: _coco(t, {"images": {"a": 1}, "categories": CAT}),
    "coco unknown image": lambda t: _coco(
        t,
        {
            "images": IMG,
            "categories": CAT,
            "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "bbox": [1, 2, 3, 4]}],
        },
    ),  # fmt: skip
    "coco deep nesting": lambda t: _coco(t, b"[" * 100000 + b"]" * 100000),
    "coco not UTF-8": lambda t: _coco(t, b'{"images": [{"file_name": "\xe9"}]}'),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_opens_cleanly_or_is_refused_with_its_name(tmp_path, case):
    folder = tmp_path / "data"
    folder.mkdir()
    bad_file = CASES[case](folder)
    target = folder / bad_file if case.startswith("coco") else folder
    try:
        project = load_project(target)
    except ProjectError as exc:
        assert bad_file in str(exc) or "data" in str(exc), str(exc)
        return
    coco = project.coco  # opened: every box left is a usable one
    for ann in coco["annotations"]:
        x, y, w, h = ann["bbox"]
        assert all(np.isfinite([x, y, w, h])) and w > 0 and h > 0, ann
