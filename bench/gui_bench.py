"""Studio (GUI) benchmark: prints numbers, passes or fails nothing.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_bench.py [--images 10000]

1. open a folder of N tiny images: time until the list shows all rows (nothing decoded)
2. next image for a 12-MP JPEG: cold decode vs. prefetched neighbour
3. autosave of a 10,000-image / 100,000-box project: GUI-thread snapshot vs. background write
4. pan/zoom with 1,000 boxes on the canvas: milliseconds per repainted frame
5. resident memory (peak)
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.document.autosave import Autosaver  # noqa: E402
from app.document.project import Document  # noqa: E402
from app.document.storage import Project  # noqa: E402
from app.main_window import MainWindow  # noqa: E402


def rss_mb() -> float:
    """Current resident memory of this process (Linux), MB."""
    with open("/proc/self/status") as f:
        line = next(l for l in f if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def wait(app: QApplication, condition, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while not condition():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met")
    return time.perf_counter() - start


def timed(app: QApplication, action) -> float:
    """Seconds to run ``action`` and handle the events it posted."""
    start = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - start


def show_folder(
    app: QApplication, folder: Path, size: tuple[float, float]
) -> tuple[MainWindow, float]:
    """A shown window on ``folder``; seconds until its first image (``size`` px) is drawn."""
    win = MainWindow(str(folder))
    win.resize(1280, 800)
    win.show()
    return win, wait(app, lambda: win.canvas.image_size == size)


def bench_open_folder(app: QApplication, folder: Path, n: int) -> None:
    tiny = folder / "00000.png"
    Image.new("RGB", (16, 12), "gray").save(tiny)
    data = tiny.read_bytes()
    for i in range(1, n):
        (folder / f"{i:05d}.png").write_bytes(data)
    w = MainWindow()  # the window (and the training GUI it hosts) exists already
    w.show()
    app.processEvents()
    shown = timed(app, lambda: w.open_path(str(folder)))
    rss_open = rss_mb()
    assert len(w.image_list.model.rows) == n
    probe = wait(app, lambda: all(r.width for r in w.document.images), 120)
    print(
        f"open folder of {n} images: list shown in {shown * 1000:.0f} ms "
        f"(no decoding); all headers probed in the background after {probe:.1f} s more; "
        f"resident memory {rss_open:.0f} MB"
    )
    w.close()


def bench_big_jpeg(app: QApplication, folder: Path) -> None:
    rng = np.random.default_rng(0)
    h, w = 3000, 4000  # 12 MP
    base = np.linspace(0, 255, w, dtype=np.float32)[None, :, None].repeat(h, 0).repeat(3, 2)
    for i in range(3):
        noise = rng.normal(0, 20, (h // 8, w // 8, 3)).repeat(8, 0).repeat(8, 1)
        Image.fromarray(np.clip(base + noise + 30 * i, 0, 255).astype(np.uint8)).save(
            folder / f"big_{i}.jpg", quality=90
        )
    win, cold = show_folder(app, folder, (4000.0, 3000.0))
    ids = win.document.image_ids()
    wait(app, lambda: win.images.cached(str(win.image_path(ids[1]))) is not None)
    warm = timed(app, lambda: win.step_image(1))
    assert win.canvas.image_id == ids[1] and win.canvas.image_size[0] == 4000
    print(
        f"12-MP JPEG: first image shown after {cold * 1000:.0f} ms (cold: helper start + "
        f"decode); next image (prefetched) shown in {warm * 1000:.0f} ms; resident memory "
        f"{rss_mb():.0f} MB"
    )
    win.close()


def bench_autosave(app: QApplication, folder: Path) -> None:
    doc = Document()
    for name in ("a", "b", "c", "d", "e"):
        doc.add_class(name)
    for i in range(1, 10_001):
        doc.add_image(f"img_{i:05d}.jpg", 640, 480)
        for k in range(10):
            doc.add_box(i, (k * 10.5, k * 7.25, 30, 20), 1 + k % 5)
    project = Project(folder, folder / "annotations.json", folder, doc, on_disk=False)
    saver = Autosaver(project)
    timings = []
    for rep in range(3):
        doc.set_box_bbox(1, (rep, 0, 30, 20))
        t0 = time.perf_counter()
        saver.save_now()  # snapshot + fork on the GUI thread
        gui = time.perf_counter() - t0
        saver.flush()  # waits for the writer process
        timings.append((gui, time.perf_counter() - t0))
    saver.close()
    gui = min(t[0] for t in timings)
    total = min(t[1] for t in timings)
    size = (folder / "annotations.json").stat().st_size / 1e6
    print(
        f"autosave 10,000 images / 100,000 boxes: GUI thread {gui * 1000:.1f} ms "
        f"(snapshot), background write {total * 1000:.0f} ms ({size:.1f} MB, validated, "
        "atomic, .bak)"
    )


def bench_canvas(app: QApplication, folder: Path) -> None:
    Image.new("RGB", (2000, 1500), "gray").save(folder / "a.png")
    win, _ = show_folder(app, folder, (2000.0, 1500.0))
    win.class_list.add_class("x")
    rng = np.random.default_rng(0)
    boxes = [
        {"bbox": (float(x), float(y), 40.0, 30.0), "category_id": 1}
        for x, y in zip(rng.uniform(0, 1950, 1000), rng.uniform(0, 1460, 1000), strict=True)
    ]
    win._add_boxes(boxes, "bench")
    c = win.canvas
    c.select([])
    assert len(c.items) == 1000
    frames = 60
    start = time.perf_counter()
    for i in range(frames):
        c.set_zoom(0.5 + (i % 20) * 0.1)
        c.centerOn(QPointF(1000 + 10 * i, 750))
        c.viewport().repaint()
    per = (time.perf_counter() - start) / frames
    print(
        f"pan/zoom with 1,000 boxes: {per * 1000:.1f} ms per repainted frame "
        f"({1 / per:.0f} frames/s, offscreen raster)"
    )
    win.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=10_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("EFFDET_STUDIO_SETTINGS", str(Path(tmp) / "settings.ini"))
        for sub in ("many", "big", "save", "canvas"):
            Path(tmp, sub).mkdir()
        bench_open_folder(app, Path(tmp, "many"), args.images)
        bench_big_jpeg(app, Path(tmp, "big"))
        bench_autosave(app, Path(tmp, "save"))
        bench_canvas(app, Path(tmp, "canvas"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss:.0f} MB")


if __name__ == "__main__":
    main()
