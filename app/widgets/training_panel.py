"""Training panel: the run controls (Start/Stop/Resume), progress, plots and log beside the
settings form (``training_form.TrainingForm``).

Start writes the settings as a plain JSON dict (the shape of core's ``TrainConfig.to_dict``) and
launches ``worker train --config FILE`` through QProcess (``WorkerProcess``), under torchrun when
several GPUs are chosen; Resume launches ``worker train --resume RUN_DIR``. Every event is folded
into a ``RunState`` that the plots draw. Nothing here waits on the worker: Stop sends ``stop`` and
kills after ``stop_timeout_ms``.

A fast event stream never stalls the window: lines are decoded in short slices, and the progress
bar, status line and log are refreshed from a timer (``refresh_ms``), not per event; the plots
redraw on their own timer. What the panel shows about a run (log, status, ETA, device, errors)
is ``training_feedback.RunFeedback``.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import preflight
from app.eta import StepEta
from app.i18n import tr
from app.runs import RunState, load_run, read_config
from app.services.worker_client import WorkerProcess, detect_device, worker_command
from app.widgets.plots import TrainingPlots
from app.widgets.training_feedback import RunFeedback, finished_text
from app.widgets.training_fields import INIT_CHOICES, INIT_VALUES, SUM_NOTE
from app.widgets.training_form import TrainingForm, default_settings
from core import devices
from core import events as ev
from core.fileio import write_atomic

# the form's widgets, also reachable as panel attributes (panel.epochs, panel.picker, ...)
FORM_FIELDS = (
    "picker",
    "epochs",
    "batch",
    "optimizer",
    "lr",
    "size",
    "fusion",
    "fusion_note",
    "init",
    "init_path",
    "freeze",
    "device",
    "workers",
    "gpus",
    "findings_list",
)


class TrainingPanel(RunFeedback, QWidget):
    run_started = Signal(str)  # run folder
    run_ended = Signal(str)  # run folder
    event_received = Signal(object)  # every decoded event, after the panel handled it

    def __init__(
        self,
        parent: QWidget | None = None,
        command: Callable[[list[str]], list[str]] | None = None,
        stop_timeout_ms: int = 15000,
        refresh_ms: int = 100,
        slice_ms: float = 8.0,
    ) -> None:
        super().__init__(parent)
        # worker arguments (["train", "--config", path]) -> argv; tests swap in the fake worker
        self.command = command or (lambda args: worker_command(*args, nproc=self.form.nproc()))
        self.stop_timeout_ms = stop_timeout_ms
        self.project_dir: str | None = None  # the open project's folder (runs/ lives there)
        # () -> the open project's TrainingData (app.training_ui), None without a project;
        # asked again before every Start, so a run trains exactly what the pre-flight checked
        self.dataset_provider: Callable[[], object] | None = None
        self.data = None  # the last TrainingData asked for
        self._request: Path | None = None  # the config file handed to the starting worker
        # called before a run starts, e.g. to write pending annotation edits to disk: the worker
        # reads the project's files, not the GUI's memory
        self.before_start: Callable[[], None] | None = None
        self.state = RunState()
        self.run_dir: str | None = None
        self._log_lines: list[str] = []  # waiting for the next refresh
        self._progress: ev.Progress | None = None  # the newest progress not shown yet
        self.eta = StepEta()  # time left from the recent step rate (tests swap its clock)
        self._eta_s = 0.0  # seconds left after the newest progress
        self._refresh = QTimer(self, singleShot=True, interval=refresh_ms)
        self._refresh.timeout.connect(self.flush)
        self.process = WorkerProcess(self, slice_ms=slice_ms)
        self.process.event.connect(self._on_event)
        self.process.bad_line.connect(
            lambda t: self.log(tr("[not an event] {line}").format(line=t))
        )
        self.process.exited.connect(self._on_exit)

        self.form = TrainingForm()
        for name in FORM_FIELDS:
            setattr(self, name, getattr(self.form, name))
        self.form.findings_changed.connect(self._update_buttons)
        self.start_btn, self.stop_btn = QPushButton(tr("Start")), QPushButton(tr("Stop"))
        self.resume_btn = QPushButton(tr("Resume"))
        self.eval_btn = QPushButton(tr("Evaluate now"))
        self.eval_btn.setToolTip(tr("Evaluate on the validation images now, between steps"))
        self.eval_btn.clicked.connect(self.evaluate_now)
        self.start_btn.clicked.connect(lambda: self.start())  # not clicked(bool) as config
        self.stop_btn.clicked.connect(self.stop)
        self.resume_btn.clicked.connect(lambda: self.resume())
        buttons = QHBoxLayout()
        for b in (self.start_btn, self.stop_btn, self.eval_btn, self.resume_btn):
            buttons.addWidget(b)
        self.progress = QProgressBar()
        self.status = QLabel(tr("Idle"))
        # its text changes several times a second: never let that re-lay out the window
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.device_label = QLabel(tr("Device: not started"), wordWrap=True)  # what the run uses
        self.error_label = QLabel(wordWrap=True)
        self.error_label.setStyleSheet("color: #b00020; font-family: monospace")
        self.error_label.hide()
        self.plots = TrainingPlots()
        self.log_view = QPlainTextEdit(readOnly=True)
        self.log_view.setMaximumBlockCount(2000)

        # the form scrolls in a short dock; the buttons, progress and status below always show
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(scroll, 1)
        ll.addLayout(buttons)
        for w in (self.progress, self.status, self.device_label, self.error_label):
            ll.addWidget(w)
        right = QSplitter()
        right.setOrientation(Qt.Orientation.Vertical)
        right.addWidget(self.plots)
        right.addWidget(self.log_view)
        # the log keeps at least 3 lines; neither side can be dragged away
        lines = self.log_view.fontMetrics().lineSpacing() * 3
        self.log_view.setMinimumHeight(lines + 2 * self.log_view.frameWidth() + 8)
        right.setChildrenCollapsible(False)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        QVBoxLayout(self).addWidget(split)
        self._update_buttons()

    # -- settings (the form's) -----------------------------------------------------
    @property
    def findings(self) -> list[preflight.Finding]:
        return self.form.findings

    @property
    def n_images(self) -> int:
        return self.form.n_images

    def set_dataset(
        self,
        coco: dict,
        image_sizes: dict,
        val_ids: list[int] | None,
        train_ids: list[int] | None = None,
    ) -> None:
        """Run the pre-flight check and refresh defaults and warnings for this dataset."""
        self.form.set_dataset(coco, image_sizes, val_ids, train_ids)

    def set_project(self, project_dir: str | Path | None) -> None:
        """Follow another project: its data, and no run of the previous one to resume."""
        self.project_dir = str(project_dir) if project_dir else None
        if not self.process.is_running():  # a run in progress keeps showing until it ends
            self.run_dir = None
            self.state = RunState()
            self.plots.update_state(self.state)
            self.error_label.hide()
            self.status.setText(tr("Idle"))
        self.refresh_dataset()
        self.form.load_project(self.project_dir)  # what was last started here, else defaults

    def refresh_dataset(self) -> None:
        """Ask for the open project's data again and re-run the pre-flight on it."""
        self.data = self.dataset_provider() if self.dataset_provider is not None else None
        if self.data is None:
            self.form.set_dataset({"images": [], "annotations": [], "categories": []}, {}, None)
        else:
            plan = self.data.plan
            self.set_dataset(
                self.data.coco, self.data.sizes, list(plan.val_ids), list(plan.train_ids)
            )
        self._update_buttons()

    def run_preflight(self) -> list[preflight.Finding]:
        return self.form.run_preflight()

    def config(self) -> dict:
        """The training config as a plain JSON dict with core's TrainConfig field names: the
        form's settings and the data (annotation file, image root, split) it was checked on."""
        cfg = self.form.config(self.project_dir)
        if self.data is not None:
            cfg.update(self.data.config_fields())
        return cfg

    # -- running -------------------------------------------------------------------
    def start(self, config: dict | None = None) -> bool:
        """Launch a run; False (with the reason in the log) when pre-flight blocks it."""
        if self.process.is_running():
            return False
        if config is None:
            if self.before_start is not None:
                self.before_start()  # the worker reads the files, not the GUI's memory
            if self.dataset_provider is not None:
                self.refresh_dataset()
                if self.data is None:
                    self.log(tr("Open a project first: there is nothing to train on."))
                    return False
            if preflight.blocking(self.run_preflight()):
                self.log(tr("Start blocked by the pre-flight check: fix the errors listed above."))
                return False
            config = self.config()
            remember = True
        else:
            remember = False
            if self.before_start is not None:
                self.before_start()
        if self._refuse_device(str(config.get("device", "auto"))):
            return False
        if remember:
            self.form.remember(self.project_dir)  # restored when this project opens again
        folder = Path(self.project_dir or tempfile.gettempdir()) / "runs" / ".pending"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"config-{time.strftime('%Y%m%d-%H%M%S')}-{id(config)}.json"
        write_atomic(path, json.dumps(config, indent=1).encode("utf-8"))
        self._request = path  # read by the worker at start-up; removed once it has started
        return self._launch(["train", "--config", str(path), "--stop-on-eof"])

    def _drop_request(self) -> None:
        if self._request is not None:
            self._request.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                self._request.parent.rmdir()  # only when empty
            self._request = None

    def _launch(self, args: list[str], history: RunState | None = None) -> bool:
        self.state = history or RunState()
        self.eta.reset()
        self._eta_s = 0.0
        self._progress = None
        self.plots.update_state(self.state)
        self.error_label.hide()
        self.progress.setValue(0)
        self.status.setText(tr("Starting the worker…"))
        try:
            argv = self.command(args)
        except ValueError as exc:  # e.g. several GPUs asked of a build without torchrun
            self._show_error(str(exc))
            return False
        self.log(f"$ {' '.join(argv)}")
        self.process.start(argv)
        self._update_buttons()
        return True

    def stop(self) -> None:
        if not self.process.is_running():
            return
        self.status.setText(tr("Stopping: saving a checkpoint…"))
        # the worker stops after the step under way: a slow step (a large level on a CPU, a
        # busy machine) gets the time of three steps on top before the worker is ended
        step_ms = 1000 * (self.eta.seconds_per_step or 0.0)
        self.process.stop(self.stop_timeout_ms + int(3 * step_ms))

    def evaluate_now(self) -> bool:
        """Ask the running worker for an evaluation now (its ``eval`` event follows)."""
        sent = self.process.send("eval_now")
        if sent:
            self.log(tr("evaluation requested"))
        return sent

    def resume(self, run_dir: str | None = None) -> bool:
        """Continue a stopped (or crashed) run from its last checkpoint, in the same folder."""
        run_dir = run_dir or self.run_dir
        if self.process.is_running():
            return False
        if not run_dir or not (Path(run_dir) / "config.json").is_file():
            self.log(tr("Nothing to resume: no run folder with a config.json."))
            return False
        if not self.has_checkpoint(run_dir):
            self.log(
                tr("Nothing to resume: {run} holds no last.pt (no checkpoint was written).").format(
                    run=run_dir
                )
            )
            return False
        if self._refuse_device(str(read_config(run_dir).get("device", "auto"))):
            return False
        self.run_dir = str(run_dir)
        self._resume_dir = self.run_dir
        # the curves so far stay on the plots; how the last launch ended does not
        history = load_run(run_dir)
        history.started = history.finished = history.error = None
        return self._launch(["train", "--resume", str(run_dir), "--stop-on-eof"], history)

    _resume_dir: str | None = None  # the run folder a Resume launch continues

    def _refuse_device(self, requested: str) -> bool:
        """A GPU asked of a machine without one is refused here, before any worker starts."""
        seen = detect_device()
        why = devices.refusal(requested, seen.count if seen.name == "cuda" else 0)
        if why is not None:
            self._show_error(why, devices.CPU_HINT)
        return why is not None

    @staticmethod
    def has_checkpoint(run_dir: str | Path | None) -> bool:
        """True when the run folder holds a last.pt to resume from."""
        return bool(run_dir) and (Path(run_dir) / "last.pt").is_file()

    def _update_buttons(self) -> None:
        running = self.process.is_running()
        blocked = preflight.blocking(self.findings)
        self.start_btn.setEnabled(not running and not blocked)
        self.stop_btn.setEnabled(running)
        self.eval_btn.setEnabled(running)
        resumable = self.state.status in ("stopped", "failed", "running")
        self.resume_btn.setEnabled(not running and resumable and self.has_checkpoint(self.run_dir))


__all__ = [
    "INIT_CHOICES",
    "INIT_VALUES",
    "SUM_NOTE",
    "TrainingPanel",
    "default_settings",
    "finished_text",
]
