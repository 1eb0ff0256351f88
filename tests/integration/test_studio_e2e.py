"""The studio end to end through the main window: label, undo, navigate, close, reopen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt

from app.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "my images 사진"
    d.mkdir()
    for n, color in enumerate(("red", "green", "blue")):
        Image.new("RGB", (160, 120), color).save(d / f"img_{n}.png")
    rotated = Image.new("RGB", (100, 60), "white")
    exif = rotated.getexif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    rotated.save(d / "rotated.jpg", exif=exif)
    (d / "zero.jpg").write_bytes(b"")
    full = (d / "img_0.png").read_bytes()
    Image.new("RGB", (160, 120), "gray").save(d / "full.jpg")
    (d / "truncated.jpg").write_bytes((d / "full.jpg").read_bytes()[:200])
    (d / "full.jpg").unlink()
    (d / "text.jpg").write_text("this is not a picture")
    assert full
    return d


def _open(qtbot, path: Path) -> MainWindow:
    w = MainWindow(str(path))
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.canvas.image_size[0] > 0 and not w.canvas._pixmap.pixmap().isNull())
    return w


def _drag(qtbot, w: MainWindow, a, b) -> None:
    vp, c = w.canvas.viewport(), w.canvas
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=c.mapFromScene(QPointF(*a)))
    qtbot.mouseMove(vp, c.mapFromScene(QPointF(*b)))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=c.mapFromScene(QPointF(*b)))


def test_label_undo_navigate_close_and_reopen(qtbot, folder):
    w = _open(qtbot, folder)
    assert [r.file_name for r in w.document.images][:3] == ["img_0.png", "img_1.png", "img_2.png"]
    first = w.current_image_id
    w.class_list.add_class("cat")
    w.class_list.add_class("dog")
    qtbot.keyClick(w.canvas, Qt.Key.Key_W)  # draw mode
    assert w.canvas.draw_mode
    _drag(qtbot, w, (10, 10), (60, 50))
    qtbot.keyClick(w.canvas, Qt.Key.Key_2)  # the new box becomes a dog
    _drag(qtbot, w, (80, 20), (150, 100))
    boxes = w.document.boxes(first)
    assert len(boxes) == 2 and [b.category_id for b in boxes] == [2, 1]
    qtbot.keyClick(w.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.document.box_count(first) == 1
    qtbot.keyClick(w.canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.document.box_count(first) == 2
    qtbot.keyClick(w.canvas, Qt.Key.Key_D)
    assert w.current_image_id != first
    qtbot.keyClick(w.canvas, Qt.Key.Key_A)
    assert w.current_image_id == first
    expected = w.document.to_coco()["annotations"]
    w.close()
    saved = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    assert [a["bbox"] for a in saved["annotations"]] == [a["bbox"] for a in expected]
    assert json.loads((folder / "project.json").read_text())["image_root"] == "."
    again = _open(qtbot, folder)
    assert again.document.to_coco()["annotations"] == expected
    assert [c.name for c in again.document.categories] == ["cat", "dog"]
    again.close()


def test_broken_images_are_marked_and_rotated_jpeg_is_upright(qtbot, folder):
    w = _open(qtbot, folder)
    model = w.image_list.model
    ids = {r.file_name: r.id for r in w.document.images}
    qtbot.waitUntil(lambda: len(model.broken) == 3)
    assert set(model.broken) == {ids["zero.jpg"], ids["truncated.jpg"], ids["text.jpg"]}
    assert "0 bytes" in model.broken[ids["zero.jpg"]]
    assert "truncated" in model.broken[ids["truncated.jpg"]]
    model.set_filter("broken")
    assert sorted(model.rows) == sorted(model.broken)
    assert "broken" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    model.set_filter("all")
    w.show_image(ids["text.jpg"])
    qtbot.waitUntil(lambda: "Cannot show" in w.canvas._message.text())
    w.show_image(ids["rotated.jpg"])
    qtbot.waitUntil(lambda: w.canvas.image_size == (60.0, 100.0))
    assert (
        w.document.image(ids["rotated.jpg"]).width,
        w.document.image(ids["rotated.jpg"]).height,
    ) == (60, 100)
    w.close()


def test_malformed_annotations_open_nothing_and_are_not_touched(qtbot, folder):
    bad = b'{"images": [ {"id": 1, "file_name": "img_0.png"} ]\n"categories": []}'
    (folder / "annotations.json").write_bytes(bad)
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    assert w.project is None and w.document.images == []
    assert "annotations.json" in w.last_error and "line 2" in w.last_error
    w.close()
    assert (folder / "annotations.json").read_bytes() == bad


def test_labelling_never_imports_torch(folder):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.main_window import MainWindow\n"
        f"w = MainWindow({str(folder)!r})\n"
        "while w.canvas._pixmap.pixmap().isNull():\n"
        "    app.processEvents()\n"
        "w.class_list.add_class('x')\n"
        "w.canvas.add_box((1, 1, 20, 20))\n"
        "w.close()\n"
        "print(','.join(m for m in ('torch', 'timm', 'torchvision') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "EFFDET_STUDIO_SETTINGS": str(folder.parent / "s.ini"),
        },
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
    assert json.loads((folder / "annotations.json").read_text())["annotations"]


def test_copy_from_previous_image_is_one_undo_step(qtbot, folder):
    w = _open(qtbot, folder)
    first = w.current_image_id
    w.class_list.add_class("cat")
    w.canvas.add_box((5, 5, 30, 30))
    w.canvas.add_box((50, 40, 20, 20))
    w.step_image(1)
    qtbot.waitUntil(lambda: w.canvas.image_id != first and w.canvas.image_size[0] > 0)
    w.actions["copy_previous"].trigger()
    copied = [(b.bbox, b.category_id) for b in w.document.boxes(w.current_image_id)]
    assert copied == [(b.bbox, b.category_id) for b in w.document.boxes(first)]
    w.undo_stack.undo()
    assert w.document.box_count(w.current_image_id) == 0
    w.close()


def test_welcome_screen_lists_recent_projects(qtbot, folder):
    w = _open(qtbot, folder)
    w.close()
    start = MainWindow()
    qtbot.addWidget(start)
    assert start.stack.currentWidget() is start.welcome
    items = [start.welcome.recent.item(i).text() for i in range(start.welcome.recent.count())]
    assert str(folder) in items
    start.close()


def test_edited_shortcuts_are_kept_in_settings(qtbot):
    from app.widgets.shortcuts import ShortcutDialog

    w = MainWindow()
    qtbot.addWidget(w)
    dialog = ShortcutDialog(w.actions, w)
    dialog.editors["next_image"].setKeySequence("N")
    dialog.accept()
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.actions["next_image"].shortcuts()[0].toString() == "N"
    assert again.actions["previous_image"].shortcuts()[0].toString() == "A"
    again.close()


def test_a_dead_decoder_marks_only_that_file_and_is_restarted(qtbot, folder):
    w = _open(qtbot, folder)
    ids = {r.file_name: r.id for r in w.document.images}
    assert w.images.wait(10000)  # prefetches done; img_2.png is not cached
    w.images._decoder.process.kill()  # dies before it can answer the next request
    w.show_image(ids["img_2.png"])
    qtbot.waitUntil(lambda: ids["img_2.png"] in w.image_list.model.broken)
    assert "crashed" in w.image_list.model.broken[ids["img_2.png"]]
    w.show_image(ids["rotated.jpg"])  # the restarted helper decodes the next one
    qtbot.waitUntil(lambda: w.canvas.image_size == (60.0, 100.0))
    w.close()


def test_thousands_of_signals_do_not_abort_the_interpreter():
    """PySide6 6.12.0 on Python 3.11 leaked a reference to True/None per emit (hence the pin)."""
    code = (
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import app.main_window as mw\n"
        "class S(QObject):\n"
        "    ping = Signal(int)\n"
        "s = S()\n"
        "s.ping.connect(lambda n: None)\n"
        "for i in range(20000):\n"
        "    s.ping.emit(i)\n"
        "    app.processEvents()\n"
        "print('survived', mw.MainWindow.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout


def test_grayscale_16_bit_and_rgba_images_show(qtbot, tmp_path):
    import numpy as np

    ramp = (np.arange(40 * 30, dtype=np.uint16).reshape(30, 40) * 50).astype(np.uint16)
    Image.fromarray(ramp).save(tmp_path / "gray16.png")
    Image.new("RGBA", (24, 18), (255, 0, 0, 128)).save(tmp_path / "rgba.png")
    w = _open(qtbot, tmp_path)
    ids = {r.file_name: r.id for r in w.document.images}
    for name, size in (("gray16.png", (40.0, 30.0)), ("rgba.png", (24.0, 18.0))):
        w.show_image(ids[name])
        qtbot.waitUntil(
            lambda s=size: w.canvas.image_size == s and not w.canvas._pixmap.pixmap().isNull()
        )
    assert not w.image_list.model.broken
    w.close()


def test_images_still_load_when_no_helper_process_can_run(qtbot, folder, monkeypatch):
    import app.services.images as images

    monkeypatch.setattr(images, "helper_command", lambda out_dir: ["/bin/false"])
    w = _open(qtbot, folder)  # decoded in the GUI process after the helper gives up
    assert w.images._decoder.failed_to_start
    qtbot.waitUntil(lambda: len(w.image_list.model.broken) == 3)
    w.close()


def test_window_keeps_its_default_size_and_shows_the_image_in_the_status_bar(qtbot, folder):
    w = MainWindow(str(folder))  # every dock, training ones included, exists by now
    qtbot.addWidget(w)
    assert (w.width(), w.height()) == (1280, 800)
    w.show()
    qtbot.waitUntil(lambda: not w.canvas._pixmap.pixmap().isNull())
    text = w.status_label.text()
    rec = w.document.image(w.current_image_id)
    assert rec.file_name in text and f"{rec.width} \u00d7 {rec.height} px" in text
    w.statusBar().showMessage("Saved", 1)  # a transient note does not replace it
    qtbot.wait(20)
    assert w.status_label.text() == text
    w.close()


def test_coco_export_then_import_round_trips_through_the_menus_code(qtbot, folder, tmp_path):
    w = _open(qtbot, folder)
    w.class_list.add_class("cat")
    image_id = w.current_image_id
    w._add_boxes([{"bbox": (10.0, 10.0, 30.0, 20.0), "category_id": 1}], "test")
    out = tmp_path / "out.json"
    assert w.import_export.export("coco", str(out))
    w.undo_stack.undo()
    assert w.document.box_count(image_id) == 0
    assert w.import_export.import_annotations("coco", str(out)) == 1
    assert [b.bbox for b in w.document.boxes(image_id)] == [(10.0, 10.0, 30.0, 20.0)]
    w.undo_stack.undo()  # the whole import is one undo step
    assert w.document.box_count(image_id) == 0
    w.close()


def test_an_image_beyond_qts_default_allocation_limit_opens_at_full_resolution(qtbot, tmp_path):
    """10,000 x 7,000 px: 280 MB as 32-bit pixels, over QImageReader's default 256 MB limit."""
    import cv2
    import numpy as np
    from PySide6.QtGui import QImageReader

    big = np.full((7000, 10000, 3), 90, np.uint8)
    big[3000:3100, 5000:5200] = (0, 0, 255)  # a red patch (BGR) far from the origin
    ok, jpeg = cv2.imencode(".jpg", big)
    assert ok
    (tmp_path / "큰 사진.jpg").write_bytes(jpeg.tobytes())
    assert QImageReader.allocationLimit() * 2**20 < 10000 * 7000 * 4  # really over the limit
    w = _open(qtbot, tmp_path)
    assert w.canvas.image_size == (10000.0, 7000.0)
    pixmap = w.canvas._pixmap.pixmap()
    assert (pixmap.width(), pixmap.height()) == (10000, 7000)
    assert pixmap.toImage().pixelColor(5100, 3050).red() > 200  # pixels, not a blank page
    assert not w.image_list.model.broken
    w.close()
