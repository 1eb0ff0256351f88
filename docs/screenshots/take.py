"""Screenshots of every view of the studio in Korean, Simplified Chinese and the dark theme.

    Xvfb :99 -screen 0 1366x768x24 &  DISPLAY=:99 openbox &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/take.py [--data DIR]

The demo project (``efficientdet demo-data``) and one finished training run on it (``efficientdet
train``, a few minutes on a CPU) are made under DIR (default /tmp/shots/project) when DIR has no
finished run yet, and reused afterwards. Each (language, theme) pair is shot in a fresh process:
the translator is installed before any widget exists, and the settings live in a file of their
own (EFFDET_STUDIO_SETTINGS). The window is full screen (1366x768 on the screen above); the PNGs
are written next to this script as ``<lang>-<theme>-<view>.png`` (see README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PAIRS = (("ko", "light"), ("zh_CN", "light"), ("en", "dark"))
VIEWS = ("label", "train", "metrics", "fusion", "review", "prefs")
TRAIN_ARGS = (
    "--level", "lite0", "--start", "imagenet", "--fusion", "fast", "--epochs", "5",
    "--image-size", "256", "--workers", "0", "--device", "cpu",
)  # fmt: skip


def finished_run(project: Path) -> Path | None:
    """The newest run folder of ``project`` that ran to its end (not stopped) and has best.pt."""
    runs = sorted((project / "runs").glob("*/events.jsonl"), reverse=True)
    for events in runs:
        lines = events.read_text(encoding="utf-8").splitlines()
        last = json.loads(lines[-1]) if lines else {}
        ended = last.get("event") == "finished" and not last.get("stopped")
        if ended and (events.parent / "best.pt").is_file():
            return events.parent
    return None


def prepare(project: Path) -> Path:
    """A small demo project with one finished run (made once, then reused)."""
    cli = str(BIN / "efficientdet")
    if not (project / "annotations.json").is_file():
        subprocess.run(
            [cli, "demo-data", str(project), "--images", "60", "--size", "320"], check=True
        )
    run = finished_run(project)
    if run is None:
        env = dict(os.environ, OMP_NUM_THREADS="2")
        subprocess.run([cli, "train", str(project), *TRAIN_ARGS], check=True, env=env)
        run = finished_run(project)
    if run is None:
        raise SystemExit(f"no finished run with best.pt under {project / 'runs'}")
    return run


# -- the child process: one language and theme ---------------------------------------------
def wait_until(app, done: Callable[[], bool], timeout_s: float, what: str) -> None:
    from PySide6.QtTest import QTest

    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")
        QTest.qWait(50)


def settle(ms: int = 400) -> None:
    """Let layouts, deferred fits and plot timers run before a grab."""
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def fit(w) -> None:
    """The canvas keeps its zoom when docks take its room: fit the image as the Fit button does."""
    settle(200)
    w.canvas.fit()


def shoot(lang: str, theme: str, project: Path, run: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.i18n import install_translator
    from app.services import settings
    from app.theme import apply_theme

    # the Preferences dialog shows these; install_translator/apply_theme use the same values
    settings.set_preferences({"language": lang, "theme": theme})
    QApplication.setOrganizationName(settings.ORGANIZATION)
    QApplication.setApplicationName(settings.APPLICATION)
    app = QApplication([sys.argv[0]])
    install_translator(app, lang)  # before any widget, as run_app does
    apply_theme(app, theme)

    from app.main_window import MainWindow
    from app.widgets.preferences import open_preferences

    w = MainWindow(str(project))
    w.showFullScreen()  # the whole 1366x768 screen, no window frame
    wait_until(app, lambda: w.isVisible() and w.width() > 1000, 20, "the window")
    ui = w.training_ui

    def save(widget, view: str) -> None:
        settle()
        path = OUT / f"{lang}-{theme}-{view}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        print(f"wrote {path.relative_to(ROOT)}", flush=True)

    # Label: the first image with boxes, one of them selected
    w.modes.set_mode("label")
    image_id = next(i for i in w.document.image_ids() if w.document.box_count(i) >= 2)
    w.show_image(image_id)
    # "Loading..." shows until the image is decoded
    wait_until(app, lambda: w.canvas.image_id == image_id and not w.canvas.message(), 20, "image")
    w.canvas.fit()
    w.canvas.select([w.document.boxes(image_id)[0].id])
    save(w, "label")

    # Train: the run selected in the Runs dock fills the plots, metrics and fusion weights
    w.modes.set_mode("train")
    ui.runs.refresh()
    ui.runs.select(str(run))
    wait_until(app, lambda: ui.metrics.run_dir == run, 10, "the run's metrics")
    ui.docks["Training"].raise_()
    fit(w)
    save(w, "train")

    ui.docks["Metrics"].raise_()
    ui.metrics.tabs.setCurrentWidget(ui.metrics.pr)
    save(w, "metrics")

    # Review: predictions of the run's best.pt on the image (the serve worker)
    w.modes.set_mode("review")
    ui.docks["Fusion weights"].raise_()
    fit(w)
    save(w, "fusion")

    ui.docks["Metrics"].raise_()
    ui.metrics.tabs.setCurrentWidget(ui.metrics.per_class)
    review = ui.review
    review.load(str(run / "best.pt"))
    wait_until(app, lambda: review.client.is_ready, 300, "the serve worker")
    review.run_current()
    wait_until(app, lambda: image_id in review.predictions, 300, "predictions")
    scores = sorted((p["score"] for p in review.predictions[image_id]), reverse=True)
    # a short run scores low: a threshold that shows about as many boxes as there are labels
    # (the slider moves in steps of 0.01: ties below the next step show as well)
    k = min(w.document.box_count(image_id) + 1, len(scores))
    pick = scores[k - 1] if k else 0.5
    review.slider.setValue(max(min(int(pick * 100), 50), 1))
    print(f"top scores {[round(x, 3) for x in scores[:k]]}, threshold {review.threshold}")
    save(w, "review")

    dialog = open_preferences(w)
    wait_until(app, dialog.isVisible, 10, "the Preferences dialog")
    print(f"dialog title: {dialog.windowTitle()}", flush=True)  # grab() has no title bar
    save(dialog, "prefs")
    dialog.reject()
    review.client.close()
    w.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/shots/project"))
    parser.add_argument("--only", help="one pair, e.g. ko-light (default: all)")
    parser.add_argument("--child", nargs=2, metavar=("LANG", "THEME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    project = args.data.resolve()
    if args.child:
        sys.path.insert(0, str(ROOT))
        shoot(*args.child, project, prepare(project))
        return 0
    prepare(project)
    failed = []
    for lang, theme in PAIRS:
        if args.only and args.only != f"{lang}-{theme}":
            continue
        with tempfile.TemporaryDirectory() as tmp:  # fresh settings for every pair
            env = dict(os.environ, EFFDET_STUDIO_SETTINGS=str(Path(tmp) / "settings.ini"))
            cmd = [sys.executable, __file__, "--data", str(project), "--child", lang, theme]
            if subprocess.run(cmd, env=env, cwd=ROOT).returncode != 0:
                failed.append(f"{lang}-{theme}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
