"""Training panel: level, settings, pre-flight findings, Start/Stop/Resume, progress, plots, log.

Start writes the settings as a plain JSON dict (the shape of core's ``TrainConfig.to_dict``) and
launches ``worker train --config FILE`` through QProcess (``WorkerProcess``); Resume launches
``worker train --resume RUN_DIR``. Every event is folded into a ``RunState`` that the plots
draw. Nothing here waits on the worker: Stop sends ``stop`` and kills after ``stop_timeout_ms``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import preflight
from app.runs import RunState
from app.services.worker_client import WorkerProcess, detect_device, worker_command
from app.widgets.level_picker import LevelPicker, format_seconds
from app.widgets.plots import TrainingPlots
from core import events as ev

SUM_NOTE = ("The official D6-D7x configs use plain sums \"for training stability\"; "
            "weighted fusion is allowed but may train less stably.")
INIT_CHOICES = ("nothing (random)", "ImageNet backbone", "COCO checkpoint file", "earlier run")
INIT_VALUES = ("none", "imagenet", "coco", "run")


def default_settings(n_images: int, level: dict) -> dict:
    """Defaults scaled to the dataset: small datasets get more epochs and a frozen warm-up."""
    epochs = 100 if n_images < 200 else 60 if n_images < 1000 else 40 if n_images < 5000 else 30
    index = int(level["name"][1])
    batch = 8 if index <= 2 else 4 if index <= 4 else 2
    return {"epochs": epochs, "batch_size": batch, "lr": round(0.01 * batch / 8, 5),
            "image_size": level["input_size"], "fusion": level["fusion"],
            "freeze_backbone_epochs": 2 if n_images < 500 else 0}


class TrainingPanel(QWidget):
    run_started = Signal(str)  # run folder
    run_ended = Signal(str)  # run folder
    event_received = Signal(object)  # every decoded event, after the panel handled it

    def __init__(self, parent: QWidget | None = None,
                 command: Callable[[list[str]], list[str]] | None = None,
                 stop_timeout_ms: int = 15000) -> None:
        super().__init__(parent)
        # worker arguments (["train", "--config", path]) -> argv; tests swap in the fake worker
        self.command = command or (lambda args: worker_command(*args))
        self.stop_timeout_ms = stop_timeout_ms
        self.project_dir: str | None = None  # the project folder: the worker's "data"
        # called before a run starts, e.g. to write pending annotation edits to disk: the worker
        # reads the project's files, not the GUI's memory
        self.before_start: Callable[[], None] | None = None
        self.findings: list[preflight.Finding] = []
        self.state = RunState()
        self.run_dir: str | None = None
        self.n_images = 0
        self._dataset: tuple | None = None  # (coco, image sizes, val ids) for the pre-flight
        self._defaults: dict | None = None  # the settings as last defaulted (see set_dataset)
        self.process = WorkerProcess(self)
        self.process.event.connect(self._on_event)
        self.process.bad_line.connect(lambda t: self.log(f"[not an event] {t}"))
        self.process.exited.connect(self._on_exit)

        self.picker = LevelPicker()
        self.picker.level_changed.connect(self._on_level)
        form = QFormLayout()
        self.epochs = QSpinBox(minimum=1, maximum=2000)
        self.batch = QSpinBox(minimum=1, maximum=256)
        self.lr = QDoubleSpinBox(decimals=5, minimum=1e-5, maximum=1.0, singleStep=0.001)
        self.size = QComboBox()
        self.size.addItems([str(s) for s in range(128, 1537, 128)])  # D0-D7 need multiples of 128
        self.fusion = QComboBox()
        self.fusion.addItems(["fast", "softmax", "sum"])
        self.fusion_note = QLabel(SUM_NOTE, wordWrap=True)
        self.init = QComboBox()
        self.init.addItems(INIT_CHOICES)
        self.init.setCurrentIndex(1)
        self.init_path = QLineEdit(placeholderText="checkpoint file or run folder")
        browse = QPushButton("…")
        browse.clicked.connect(self._browse_init)
        init_row = QHBoxLayout()
        init_row.addWidget(self.init)
        init_row.addWidget(self.init_path, 1)
        init_row.addWidget(browse)
        self.freeze = QSpinBox(minimum=0, maximum=100, suffix=" epochs")
        self.device = QComboBox()
        self.device.addItems(["auto", "cuda", "cpu"])
        self.workers = QSpinBox(minimum=0, maximum=32, value=2)
        self.workers.setToolTip("Image loading processes beside the trainer (0: load in the "
                                "training process itself; slower, but nothing extra to start)")
        device = detect_device()
        self.picker.set_context(device=device)
        self.gpus = QLabel(f"{device.count if device.name == 'cuda' else 0} ({device.label})")
        self.gpus.setToolTip("The app trains on one GPU; multi-GPU runs go through torchrun "
                             "on the command line (efficientdet train).")
        for label, w in (("Epochs", self.epochs), ("Batch size", self.batch), ("Learning rate",
                         self.lr), ("Input size", self.size), ("Fusion", self.fusion),
                         ("", self.fusion_note), ("Start from", init_row),
                         ("Frozen-backbone warm-up", self.freeze), ("Device", self.device),
                         ("Loading processes", self.workers),
                         ("GPUs", self.gpus)):
            form.addRow(label, w)
        self.batch.valueChanged.connect(lambda v: self.picker.set_context(batch=v))
        self.size.currentTextChanged.connect(self._on_size)
        self.findings_list = QListWidget()
        self.findings_list.setMaximumHeight(90)
        self.findings_list.setWordWrap(True)  # a finding is a sentence: wrap, never scroll sideways
        self.findings_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.start_btn, self.stop_btn = QPushButton("Start"), QPushButton("Stop")
        self.resume_btn = QPushButton("Resume")
        self.start_btn.clicked.connect(lambda: self.start())  # not clicked(bool) as config
        self.stop_btn.clicked.connect(self.stop)
        self.resume_btn.clicked.connect(lambda: self.resume())
        buttons = QHBoxLayout()
        for b in (self.start_btn, self.stop_btn, self.resume_btn):
            buttons.addWidget(b)
        self.progress = QProgressBar()
        self.status = QLabel("Idle")
        self.error_label = QLabel(wordWrap=True)
        self.error_label.setStyleSheet("color: #b00020; font-family: monospace")
        self.error_label.hide()
        self.plots = TrainingPlots()
        self.log_view = QPlainTextEdit(readOnly=True)
        self.log_view.setMaximumBlockCount(2000)

        settings = QWidget()  # level, form and findings scroll in a short dock; the buttons,
        sl = QVBoxLayout(settings)  # progress and status below them always show
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.picker)
        sl.addLayout(form)
        sl.addWidget(self.findings_list)
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(settings)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(scroll, 1)
        ll.addLayout(buttons)
        for w in (self.progress, self.status, self.error_label):
            ll.addWidget(w)
        right = QSplitter()
        right.setOrientation(Qt.Orientation.Vertical)
        right.addWidget(self.plots)
        right.addWidget(self.log_view)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        QVBoxLayout(self).addWidget(split)
        self._on_level(self.picker.level())
        self._update_buttons()

    # -- settings ------------------------------------------------------------------
    def set_dataset(self, coco: dict, image_sizes: dict, val_ids: list[int] | None) -> None:
        """Run the pre-flight check and refresh defaults and warnings for this dataset."""
        self._dataset = (coco, image_sizes, val_ids)
        labelled = {a["image_id"] for a in coco.get("annotations", [])}
        self.n_images = len(labelled)
        sizes = {im["id"]: (im.get("width") or 1, im.get("height") or 1)
                 for im in coco.get("images", [])}
        sides = [min(a["bbox"][2:]) / max(sizes.get(a["image_id"], (1, 1)))
                 for a in coco.get("annotations", []) if len(a.get("bbox", [])) == 4]
        self.picker.set_context(n_images=self.n_images, object_sides=sides)
        if self._defaults is None or self._settings() == self._defaults:
            self._on_level(self.picker.level())  # defaults follow the data until edited
        else:
            self.run_preflight()  # keep what the user chose

    def run_preflight(self) -> list[preflight.Finding]:
        self.findings = []
        if self._dataset:
            coco, sizes, val_ids = self._dataset
            row = self.picker.row()
            self.findings = preflight.check_dataset(
                coco, sizes, val_ids, int(self.size.currentText()),
                row["anchor_scale"], row["min_level"])
        self.findings_list.clear()
        for f in self.findings:
            self.findings_list.addItem(str(f))
        if not self.findings:
            self.findings_list.addItem("Pre-flight check: no problems found." if
                                        self._dataset else "Pre-flight check: no dataset yet.")
        self._update_buttons()
        return self.findings

    def _on_level(self, level: str) -> None:
        d = default_settings(self.n_images, self.picker.row(level))
        self.epochs.setValue(d["epochs"])
        self.batch.setValue(d["batch_size"])
        self.lr.setValue(d["lr"])
        self.size.setCurrentText(str(d["image_size"]))
        self.fusion.setCurrentText(d["fusion"])
        self.freeze.setValue(d["freeze_backbone_epochs"])
        self.fusion_note.setVisible(d["fusion"] == "sum")
        self._defaults = self._settings()
        self.run_preflight()

    def _settings(self) -> dict:
        return {"epochs": self.epochs.value(), "batch_size": self.batch.value(),
                "lr": self.lr.value(), "image_size": self.size.currentText(),
                "fusion": self.fusion.currentText(), "freeze": self.freeze.value()}

    def _on_size(self, text: str) -> None:
        if text.isdigit():
            self.picker.set_context(image_size=int(text))
            self.run_preflight()

    def _browse_init(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Checkpoint", "", "Checkpoints (*.pt *.pth)")
        if path:
            self.init_path.setText(path)
            self.init.setCurrentIndex(2)

    def config(self) -> dict:
        """The training config as a plain JSON dict with core's TrainConfig field names."""
        kind = INIT_VALUES[self.init.currentIndex()]
        path = self.init_path.text().strip()
        model = {"level": self.picker.level(), "image_size": int(self.size.currentText()),
                 "fusion": self.fusion.currentText(), "pretrained_backbone": kind == "imagenet"}
        return {"data": self.project_dir or "", "model": model, "epochs": self.epochs.value(),
                "batch_size": self.batch.value(), "lr": self.lr.value(), "optimizer": "sgd",
                "init_from": path if kind in ("coco", "run") and path else None,
                "freeze_backbone_epochs": self.freeze.value(),
                "device": self.device.currentText(), "workers": self.workers.value()}

    # -- running -------------------------------------------------------------------
    def start(self, config: dict | None = None) -> bool:
        """Launch a run; False (with the reason in the log) when pre-flight blocks it."""
        if self.process.is_running():
            return False
        if config is None:
            if preflight.blocking(self.run_preflight()):
                self.log("Start blocked by the pre-flight check: fix the errors listed above.")
                return False
            config = self.config()
        if self.before_start is not None:
            self.before_start()
        folder = Path(self.project_dir or tempfile.gettempdir()) / "runs" / ".pending"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"config-{time.strftime('%Y%m%d-%H%M%S')}-{id(config)}.json"
        path.write_text(json.dumps(config, indent=1), encoding="utf-8")
        return self._launch(["train", "--config", str(path)])

    def _launch(self, args: list[str]) -> bool:
        self.state = RunState()
        self.plots.update_state(self.state)
        self.error_label.hide()
        self.progress.setValue(0)
        self.status.setText("Starting the worker…")
        argv = self.command(args)
        self.log(f"$ {' '.join(argv)}")
        self.process.start(argv)
        self._update_buttons()
        return True

    def stop(self) -> None:
        if not self.process.is_running():
            return
        self.status.setText("Stopping: saving a checkpoint…")
        self.process.stop(self.stop_timeout_ms)

    def resume(self, run_dir: str | None = None) -> bool:
        """Continue a stopped (or crashed) run from its last checkpoint, in the same folder."""
        run_dir = run_dir or self.run_dir
        if self.process.is_running():
            return False
        if not run_dir or not (Path(run_dir) / "config.json").is_file():
            self.log("Nothing to resume: no run folder with a config.json.")
            return False
        self.run_dir = str(run_dir)
        return self._launch(["train", "--resume", str(run_dir)])

    def log(self, text: str) -> None:
        self.log_view.appendPlainText(text)

    def _on_event(self, e: ev.Event) -> None:
        self.state.add(e)
        self.plots.update_state(self.state)
        if isinstance(e, ev.Started):
            self.run_dir = e.run_dir
            self.log(f"Started {e.run_dir} on {e.device}: {e.train_images} train / "
                     f"{e.val_images} val images")
            self.run_started.emit(e.run_dir)
        elif isinstance(e, ev.Progress):
            total = max(e.epochs * e.steps, 1)
            self.progress.setMaximum(total)
            self.progress.setValue(e.epoch * e.steps + e.step)
            self.status.setText(f"Epoch {e.epoch + 1}/{e.epochs} · step {e.step}/{e.steps} · "
                                f"{e.images_per_s:.1f} img/s · ETA {format_seconds(e.eta_s)}")
        elif isinstance(e, ev.EpochEnd):
            self.log(f"epoch {e.epoch + 1}: loss {e.losses.get('loss', float('nan')):.4f} "
                     f"({e.seconds:.0f} s)")
        elif isinstance(e, ev.Eval):
            self.log(f"eval epoch {e.epoch + 1}: " + ", ".join(
                f"{k} {v:.3f}" for k, v in e.metrics.items() if k in ("AP", "AP50")))
        elif isinstance(e, ev.Checkpoint):
            self.log(f"saved {e.path}{' (best)' if e.best else ''}")
        elif isinstance(e, ev.Warning):
            self.log(f"warning [{e.kind}] {e.message} (x{e.count})")
        elif isinstance(e, ev.Error):
            self._show_error(f"{e.kind}: {e.message}", e.hint)
        elif isinstance(e, ev.Finished):
            self.status.setText(f"{'Stopped' if e.stopped else 'Finished'} after "
                                f"{e.epochs_done} epochs")
        self.event_received.emit(e)

    def _show_error(self, message: str, hint: str = "", log: bool = True) -> None:
        tail = "\n".join(list(self.process.stderr_tail)[-8:])
        text = f"Training failed: {message}"
        if hint:
            text += f"\nHint: {hint}"
        if tail:
            text += f"\nLast log lines:\n{tail}"
        self.error_label.setText(text)
        self.error_label.show()
        self.status.setText("Failed")
        if log:
            self.log(text)

    def _on_exit(self, code: int, crashed: int) -> None:
        if self.state.error is not None:  # the worker explained itself; add the stderr tail
            self._show_error(f"{self.state.error.kind}: {self.state.error.message}",
                             self.state.error.hint, log=False)
        elif crashed and self.state.finished is None:
            self._show_error(f"the worker ended unexpectedly (exit code {code})",
                             "See the log lines below; the last checkpoint can be resumed.")
        self.plots.update_state(self.state)
        self._update_buttons()
        if self.run_dir:
            self.run_ended.emit(self.run_dir)

    def _update_buttons(self) -> None:
        running = self.process.is_running()
        blocked = preflight.blocking(self.findings)
        self.start_btn.setEnabled(not running and not blocked)
        self.stop_btn.setEnabled(running)
        resumable = bool(self.run_dir) and self.state.status in ("stopped", "failed", "running")
        self.resume_btn.setEnabled(not running and resumable)
