"""Opening and saving projects: atomic, never overwriting a file that failed to parse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from app.document.autosave import Autosaver
from app.document.storage import ProjectError, open_project, scan_images

ROOT = Path(__file__).resolve().parents[2]


def _images(folder: Path, names: list[str]) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (40, 30), "gray").save(folder / name)


def test_a_folder_of_images_becomes_a_project_on_first_save(tmp_path, qtbot):
    _images(tmp_path, ["b.jpg", "a.png", "sub/c.jpg", "runs/x.jpg"])
    (tmp_path / "notes.txt").write_text("not an image")
    project = open_project(tmp_path)
    assert [i.file_name for i in project.document.images] == ["a.png", "b.jpg", "sub/c.jpg"]
    assert not project.on_disk and not (tmp_path / "annotations.json").exists()
    doc = project.document
    saver = Autosaver(project, size_reader=lambda p: (40, 30))
    doc.add_class("thing")
    doc.add_box(1, (1, 1, 10, 10), 1)
    assert not (tmp_path / "annotations.json").exists()  # written later, off the GUI thread
    qtbot.waitUntil(lambda: (tmp_path / "annotations.json").exists(), timeout=2000)
    saver.close()
    settings = json.loads((tmp_path / "project.json").read_text())
    assert settings["image_root"] == "." and settings["annotations"] == "annotations.json"
    assert settings["class_colors"] == {"thing": doc.category(1).color}
    again = open_project(tmp_path)
    assert again.document.to_coco()["annotations"] == doc.to_coco()["annotations"]
    assert again.document.image(1).width == 40  # size filled in while saving


def test_malformed_annotations_open_nothing_and_stay_byte_identical(tmp_path):
    bad = b'{"images": [{"id": 1, "file_name": "a.jpg"}],\n "categories": [,]}'
    (tmp_path / "annotations.json").write_bytes(bad)
    with pytest.raises(ProjectError, match=r"annotations.json: invalid JSON at line 2 column"):
        open_project(tmp_path)
    assert (tmp_path / "annotations.json").read_bytes() == bad
    assert not (tmp_path / "project.json").exists()


def test_invalid_entry_error_names_the_entry(tmp_path):
    data = {
        "images": [{"id": 1, "file_name": "a.jpg"}],
        "categories": [{"id": 1, "name": "x"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 9, "bbox": [0, 0, 1, 1]}],
    }
    (tmp_path / "annotations.json").write_text(json.dumps(data))
    with pytest.raises(ProjectError, match=r"annotation #0 .*category_id 9"):
        open_project(tmp_path)


def test_file_names_may_not_escape_the_image_root(tmp_path):
    data = {"images": [{"id": 1, "file_name": "../secret.jpg"}], "categories": []}
    (tmp_path / "annotations.json").write_text(json.dumps(data))
    with pytest.raises(ProjectError, match="secret.jpg"):
        open_project(tmp_path)


def test_a_coco_file_from_another_tool_finds_its_images(tmp_path):
    _images(tmp_path / "images", ["p.jpg"])
    data = {
        "images": [{"id": 5, "file_name": "p.jpg", "width": 40, "height": 30}],
        "categories": [{"id": 3, "name": "car"}],
        "annotations": [{"id": 1, "image_id": 5, "category_id": 3, "bbox": [1, 2, 3, 4]}],
    }
    (tmp_path / "train.json").write_text(json.dumps(data))
    project = open_project(tmp_path / "train.json")
    assert project.image_root == tmp_path / "images"
    assert project.annotations_path == tmp_path / "train.json"
    assert project.document.box(1).bbox == (1, 2, 3, 4)


def test_scan_skips_hidden_folders(tmp_path):
    _images(tmp_path, [".cache/a.jpg", "한국어 폴더/사진 1.jpg"])
    assert scan_images(tmp_path) == ["한국어 폴더/사진 1.jpg"]


def test_a_writer_killed_in_the_middle_of_a_save_leaves_the_original_intact(tmp_path):
    """kill -9 a process while half the new file is written: the file on disk is the old one.

    The child saves once, then saves a changed project with the temp file's write stopped
    half-way (it says so on stdout and waits); the kill lands exactly there.
    """
    code = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from app.document.project import Document
        from app.document.storage import Project, save_snapshot
        from pathlib import Path
        folder = Path({str(tmp_path)!r})
        doc = Document()
        doc.add_class("a")
        for i in range(1, 2001):
            doc.add_image(f"{{i}}.jpg", 64, 48)
            for k in range(10):
                doc.add_box(i, (k, k, 5, 5), 1)
        project = Project(folder, folder / "annotations.json", folder, doc)
        save_snapshot(doc.snapshot(), project, project.settings_for_save())
        print("saved", flush=True)

        real_fdopen = os.fdopen

        class HalfWay:
            def __init__(self, fh):
                self.fh = fh
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)
            def __getattr__(self, name):
                return getattr(self.fh, name)
            def write(self, data):
                if b"second save" not in data:
                    return self.fh.write(data)
                half = len(data) // 2
                self.fh.write(data[:half])
                self.fh.flush()
                os.fsync(self.fh.fileno())
                print("partial", half, len(data), flush=True)
                time.sleep(120)

        os.fdopen = lambda *a, **k: HalfWay(real_fdopen(*a, **k))
        doc.add_class("second save")
        doc.set_box_bbox(1, (30, 0, 5, 5))
        save_snapshot(doc.snapshot(), project, project.settings_for_save())
        print("finished", flush=True)
    """)
    path = tmp_path / "annotations.json"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "saved", "the first save failed"
        original = path.read_bytes()
        said = proc.stdout.readline().split()
        assert said[:1] == ["partial"], f"the second save never reached its write: {said}"
        half, total = int(said[1]), int(said[2])
        (temp,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # beside the file
        assert temp.stat().st_size == half < total  # half of the new file is on disk
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert path.read_bytes() == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["annotations"]) == 20000
    assert [c["name"] for c in data["categories"]] == ["a"]
    assert open_project(tmp_path).document.box_count() == 20000
