"""Every file the project writes: atomic, never through a link or outside the chosen folder,
never over an input or over someone else's newer labels, with the umask's permissions, and no
temp files left behind. Each test reproduces one way files used to be lost or broken."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

import core.fileio
from app.document.project import Document
from app.document.storage import Project, ProjectError, open_project, save_snapshot
from core.data.coco import save_coco

ROOT = Path(__file__).resolve().parents[2]


def _coco(names: list[str], boxes: int = 0) -> dict:
    images = [{"id": i + 1, "file_name": n, "width": 40, "height": 30} for i, n in enumerate(names)]
    anns = [
        {"id": k + 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 5]} for k in range(boxes)
    ]
    return {"images": images, "categories": [{"id": 1, "name": "cat"}], "annotations": anns}


def _project(folder: Path, boxes: int = 1, names: tuple[str, ...] = ("a.png", "b.png")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        Image.new("RGB", (40, 30), "gray").save(folder / n)
    save_coco(folder / "annotations.json", _coco(list(names), boxes))
    settings = {"version": 1, "annotations": "annotations.json", "image_root": "."}
    (folder / "project.json").write_text(json.dumps(settings))
    return folder


def _boxes(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["annotations"])


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class _Disk:
    """Stands in for ``os`` inside core.fileio: fsync fails with ENOSPC while ``full``, and
    sleeps ``slow`` seconds first (a wide window for kill -9 to land mid-write)."""

    def __init__(self, full: bool = False, slow: float = 0.0) -> None:
        self.full, self.slow = full, slow

    def __getattr__(self, name: str):
        return getattr(os, name)

    def fsync(self, fd: int) -> None:
        if self.slow:
            time.sleep(self.slow)
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.fsync(fd)


# -- project.json ------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["../other/annotations.json", "absolute"])
def test_annotations_outside_the_project_are_refused_and_never_written(tmp_path, where):
    other = tmp_path / "other" / "annotations.json"
    other.parent.mkdir()
    save_coco(other, _coco(["x.png"], boxes=2))
    before = other.read_bytes()
    project = tmp_path / "project"
    project.mkdir()
    target = str(other) if where == "absolute" else where
    (project / "project.json").write_text(json.dumps({"annotations": target}))
    with pytest.raises(ProjectError, match=r"project.json: 'annotations' points outside"):
        open_project(project)
    assert other.read_bytes() == before and not other.with_name("annotations.json.bak").exists()


def test_a_missing_annotation_file_named_by_project_json_is_not_created(tmp_path):
    (tmp_path / "project.json").write_text(json.dumps({"annotations": "deep/er/labels.json"}))
    with pytest.raises(ProjectError, match=r"labels.json, which does not exist"):
        open_project(tmp_path)
    assert not (tmp_path / "deep").exists()


def test_any_json_object_is_not_a_project(tmp_path):
    (tmp_path / "project.json").write_text('{"foo": 1}')
    with pytest.raises(ProjectError, match=r"project.json: not a project file"):
        open_project(tmp_path)
    (tmp_path / "annotations.json").write_text(json.dumps(_coco([])))
    assert open_project(tmp_path).settings == {"foo": 1}  # unknown keys beside labels are fine


# -- the predict and demo-data commands ----------------------------------------------------------
@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    from tests.core.test_predict import make_checkpoint

    return make_checkpoint(tmp_path_factory.mktemp("ckpt") / "best.pt")


def test_predict_never_draws_over_the_input_photos(checkpoint, tmp_path, capsys):
    from core.cli import main

    photos = tmp_path / "images"
    photos.mkdir()
    for n, color in (("a.png", "red"), ("b.jpg", "blue")):
        Image.new("RGB", (64, 48), color).save(photos / n)
    before = {p.name: p.read_bytes() for p in photos.iterdir()}
    argv = ["predict", str(checkpoint), str(photos), "--draw", str(photos), "--device", "cpu"]
    assert main(argv) == 2
    assert "would replace the input images" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in photos.iterdir()} == before
    assert main([*argv[:4], str(tmp_path / "drawn"), "--device", "cpu"]) == 0
    assert sorted(p.name for p in (tmp_path / "drawn").iterdir()) == ["a.png", "b.jpg"]


def test_predict_never_writes_results_over_a_projects_labels(checkpoint, tmp_path, capsys):
    from core.cli import main

    project = _project(tmp_path / "project", boxes=3)
    labels = (project / "annotations.json").read_bytes()
    out = project / "annotations.json"
    argv = ["predict", str(checkpoint), str(project / "a.png"), "--out", str(out)]
    assert main([*argv, "--device", "cpu"]) == 2
    assert "is not a file that `efficientdet predict` wrote" in capsys.readouterr().err
    assert out.read_bytes() == labels
    results = tmp_path / "results.json"
    for _ in range(2):  # a results file of its own is replaced (and backed up)
        assert main([*argv[:3], "--out", str(results), "--device", "cpu"]) == 0
    assert isinstance(json.loads(results.read_text()), list)
    assert results.with_name("results.json.bak").exists()


def test_demo_data_never_replaces_an_existing_project(tmp_path, capsys):
    from core.cli import main

    project = _project(tmp_path / "mine", boxes=4)
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    assert main(["demo-data", str(project), "--images", "2", "--size", "128"]) == 2
    assert "not an earlier demo" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before
    demo = tmp_path / "demo"
    for _ in range(2):  # an earlier demo is rewritten, its labels kept as .bak
        assert main(["demo-data", str(demo), "--images", "2", "--size", "128"]) == 0
    assert (demo / "annotations.json.bak").exists()


# -- autosave on a full disk -------------------------------------------------------------------
def _window(qtbot, path: Path):
    from app.main_window import MainWindow

    w = MainWindow(str(path))
    qtbot.addWidget(w)
    return w


def _add_boxes(w, n: int) -> None:
    for k in range(n):
        w.document.add_box(1, (k % 30, k % 20, 5, 5), 1)


def test_after_a_failed_save_ctrl_s_and_quit_retry_and_say_why(tmp_path, qtbot, monkeypatch):
    folder = _project(tmp_path / "p", boxes=0)
    ann = folder / "annotations.json"
    disk = _Disk()
    monkeypatch.setattr(core.fileio, "os", disk)
    w = _window(qtbot, folder)
    _add_boxes(w, 1)
    qtbot.waitUntil(lambda: _boxes(ann) == 1, timeout=5000)
    disk.full = True
    _add_boxes(w, 500)
    qtbot.waitUntil(lambda: "No space left" in w.last_error, timeout=5000)
    assert _boxes(ann) == 1 and _temps(folder) == []  # the old file whole, no temp left
    w.last_error = ""
    w.save_now()  # Ctrl+S on a full disk tries again and says so
    assert "No space left" in w.last_error and _boxes(ann) == 1
    assert str(ann) in w.last_error and "free some space" in w.last_error
    disk.full = False
    w.save_now()  # space freed: Ctrl+S writes everything
    assert _boxes(ann) == 501
    disk.full = True
    _add_boxes(w, 1)
    asked: list[str] = []
    monkeypatch.setattr(w, "discard_unsaved", lambda error: asked.append(error) or False)
    assert not w.close()  # quitting asks; "stay" keeps the window and the edits
    assert asked and "No space left" in asked[0] and w.project is not None
    disk.full = False
    assert w.close()  # quitting with space writes the last box
    assert _boxes(ann) == 502


# -- two windows, and a file changed on disk -----------------------------------------------------
def test_a_second_window_opens_read_only_and_both_windows_boxes_are_kept(tmp_path, qtbot):
    folder = _project(tmp_path / "p", boxes=1)
    ann = folder / "annotations.json"
    first, second = _window(qtbot, folder), _window(qtbot, folder)
    first.document.add_box(1, (10, 10, 8, 8), 1)
    second.document.add_box(2, (20, 5, 9, 9), 1)
    first.save_now()
    second.save_now()
    kept = json.loads(ann.read_text())["annotations"]
    assert [a["image_id"] for a in kept] == [1, 1]  # the first window's box, not erased
    assert "read-only" in second.windowTitle() and "read-only" not in first.windowTitle()
    said = second.project.read_only
    assert f"process {os.getpid()}" in said and socket.gethostname() in said
    (copy,) = folder.glob("annotations.conflict-*.json")
    theirs = json.loads(copy.read_text())["annotations"]
    assert [a["image_id"] for a in theirs] == [1, 2]  # the second window's box, kept beside
    assert str(copy) in second.last_error and str(ann) in second.last_error
    first.close()
    assert not (folder / ".studio.lock").exists()  # closing gives the lock back
    third = _window(qtbot, folder)
    assert "read-only" not in third.windowTitle()


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(tmp_path, qtbot):
    folder = _project(tmp_path / "p")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    holder = {"pid": dead.pid, "host": socket.gethostname(), "since": time.time(), "token": "x"}
    (folder / ".studio.lock").write_text(json.dumps(holder))
    w = _window(qtbot, folder)
    assert not w.project.read_only
    assert json.loads((folder / ".studio.lock").read_text())["pid"] == os.getpid()


def test_labels_changed_on_disk_are_not_overwritten(tmp_path, qtbot):
    folder = _project(tmp_path / "p", boxes=1)
    ann = folder / "annotations.json"
    w = _window(qtbot, folder)
    other = _coco(["a.png", "b.png"], boxes=3)  # another program saves its labels meanwhile
    save_coco(ann, other)
    theirs = ann.read_bytes()
    w.document.add_box(2, (1, 2, 3, 4), 1)
    w.save_now()
    assert ann.read_bytes() == theirs
    (copy,) = folder.glob("annotations.conflict-*.json")
    assert [a["image_id"] for a in json.loads(copy.read_text())["annotations"]] == [1, 2]
    assert "changed on disk" in w.last_error and str(copy) in w.last_error


# -- what a save writes -------------------------------------------------------------------------
def test_a_file_name_that_is_not_utf8_is_left_out_and_saving_works(tmp_path):
    Image.new("RGB", (40, 30)).save(tmp_path / "a.png")
    odd = os.fsdecode(b"caf\xe9.jpg")
    Image.new("RGB", (40, 30)).save(tmp_path / odd, format="JPEG")
    project = open_project(tmp_path)
    project.document.add_class("cat")
    project.document.add_box(1, (1, 1, 4, 4), 1)
    save_snapshot(project.document.snapshot(), project, project.settings_for_save())
    assert _boxes(tmp_path / "annotations.json") == 1
    assert [i.file_name for i in project.document.images] == ["a.png"]
    assert any("caf\ufffd.jpg" in w and "UTF-8" in w for w in project.warnings)


def test_a_bbox_whose_area_overflows_opens_nothing_and_names_the_box(tmp_path):
    data = _coco(["a.png"])
    data["annotations"] = [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1e200, 1e200]}]
    (tmp_path / "annotations.json").write_text(json.dumps(data))
    with pytest.raises(ProjectError, match=r"annotation #0 \(id 7\): bbox .* too large"):
        open_project(tmp_path)


def test_images_without_a_readable_size_are_never_saved_without_one(tmp_path):
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    (tmp_path / "boxed.jpg").write_bytes(b"not an image either")
    doc = Document()
    doc.add_class("cat")
    doc.add_image("broken.jpg")
    doc.add_image("boxed.jpg")
    doc.add_box(2, (3, 4, 10.5, 20), 1)
    project = Project(tmp_path, tmp_path / "annotations.json", tmp_path, doc, on_disk=False)
    save_snapshot(doc.snapshot(), project, project.settings_for_save(), lambda p: None)
    images = json.loads((tmp_path / "annotations.json").read_text())["images"]
    assert all(im["width"] > 0 and im["height"] > 0 for im in images)
    assert [im["file_name"] for im in images] == ["boxed.jpg"]  # the other is found by the scan
    assert {i.file_name for i in open_project(tmp_path).document.images} == {
        "boxed.jpg", "broken.jpg"
    }  # fmt: skip


@pytest.mark.parametrize("umask", [0o022, 0o007])
def test_new_files_get_the_permissions_of_the_umask(tmp_path, umask):
    import torch

    from core.train.checkpoint import save_checkpoint

    old = os.umask(umask)
    try:
        Image.new("RGB", (4, 3)).save(tmp_path / "a.png")
        project = open_project(tmp_path)
        save_snapshot(project.document.snapshot(), project, project.settings_for_save())
        save_checkpoint(tmp_path / "runs" / "last.pt", {"model": {"w": torch.zeros(2)}})
    finally:
        os.umask(old)
    for name in ("annotations.json", "project.json", "runs/last.pt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    (tmp_path / "annotations.json").chmod(0o640)  # a mode the user chose is kept
    project = open_project(tmp_path)
    project.document.add_class("x")
    save_snapshot(project.document.snapshot(), project, project.settings_for_save())
    assert (tmp_path / "annotations.json").stat().st_mode & 0o777 == 0o640


# -- kill -9 ----------------------------------------------------------------------------------
_SLOW_DISK = """
import os, sys, time
sys.path.insert(0, sys.argv[2])
import core.fileio

class SlowDisk:
    def __getattr__(self, name):
        return getattr(os, name)

    def fsync(self, fd):
        time.sleep(float(sys.argv[3]))
        os.fsync(fd)

core.fileio.os = SlowDisk()  # a slow disk: kills land mid-write
"""
_SAVER = _SLOW_DISK + textwrap.dedent("""
    from app.document.storage import open_project, save_snapshot

    project = open_project(sys.argv[1])
    doc = project.document
    print("ready", flush=True)
    while True:
        for k in range(50):
            doc.add_box(1, (k % 30, 1, 5, 5), 1)
        doc.info = {"boxes": doc.box_count()}
        done = save_snapshot(doc.snapshot(), project, project.settings_for_save())
        project.disk_hash = getattr(done, "disk_hash", None)
""")


def _kill_mid_save(folder: Path, slow: float, rng: random.Random) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(folder), str(ROOT), str(slow)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_kill_9_at_random_points_of_saves_leaves_one_whole_version(tmp_path):
    folder = _project(tmp_path / "p", boxes=200)
    ann = folder / "annotations.json"
    rng = random.Random(7)
    counts, temps_seen = [200], 0
    for n in range(20):
        _kill_mid_save(folder, 0.02 if n % 2 else 0.0, rng)
        temps_seen += len(_temps(folder))
        data = json.loads(ann.read_text(encoding="utf-8"))  # always parses: one whole version
        count = len(data["annotations"])
        assert count == data.get("boxes", 200) and count >= counts[-1]
        counts.append(count)
        assert json.loads((folder / "project.json").read_text())["annotations"]
    assert counts[-1] > 200 and temps_seen > 0  # saves did happen, and kills hit writes
    open_project(folder)  # opening cleans up what killed writers left
    assert _temps(folder) == []


def test_checkpoint_writes_killed_half_way_leave_no_temp_files(tmp_path):
    import torch

    from core.train.checkpoint import save_checkpoint

    run = tmp_path / "run"
    run.mkdir()
    code = _SLOW_DISK + textwrap.dedent("""
        print("writing", flush=True)
        core.fileio.write_atomic(sys.argv[1], b"x" * 1_000_000)
    """)
    argv = [sys.executable, "-c", code, str(run / "last.pt"), str(ROOT), "60"]
    for _ in range(2):
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "writing"
        deadline = time.time() + 10
        while len(_temps(run)) < 1 and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)
        proc.kill()
        proc.wait(timeout=30)
    assert len(_temps(run)) == 2
    save_checkpoint(run / "last.pt", {"model": {"w": torch.ones(3)}})
    assert _temps(run) == [] and (run / "last.pt").is_file()


# -- the writer itself -------------------------------------------------------------------------
def test_the_writer_refuses_links_outside_paths_and_inputs(tmp_path):
    from core.fileio import WriteRefused, clean_stale_temps, write_atomic

    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("theirs")
    project = tmp_path / "project"
    project.mkdir()
    (project / "annotations.json").symlink_to(elsewhere)
    with pytest.raises(WriteRefused, match="symbolic link"):
        write_atomic(project / "annotations.json", b"ours", inside=project)
    (project / "sub").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(WriteRefused, match="outside"):
        write_atomic(project / "sub" / "elsewhere.json", b"ours", inside=project)
    with pytest.raises(WriteRefused, match="outside"):
        write_atomic(project / ".." / "x.json", b"ours", inside=project)
    with pytest.raises(WriteRefused, match="one of the inputs"):
        write_atomic(elsewhere, b"ours", inputs=[tmp_path / "project" / "sub" / "elsewhere.json"])
    assert elsewhere.read_text() == "theirs" and not (tmp_path / "x.json").exists()
    target = project / "labels.json"
    write_atomic(target, b"one", inside=project)
    write_atomic(target, b"two", backup=True, inside=project)
    assert target.read_bytes() == b"two" and (project / "labels.json.bak").read_bytes() == b"one"
    assert clean_stale_temps(project) == [] and _temps(project) == []
