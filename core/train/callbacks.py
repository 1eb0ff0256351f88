"""Hooks the training loop calls, and the event sink every event goes through.

The loop owns the order of work; hooks observe a ``LoopState`` at fixed points (``before_train``,
``after_step``, ``after_epoch``, ``after_train``) and report: progress events, terminal bars,
tests that want to look at the model after training.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import events as ev


class TrainingError(RuntimeError):
    """A failure the user must see: reported once as an Error event (kind, message, hint)."""

    def __init__(self, kind: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.kind, self.message, self.hint = kind, message, hint


def print_event(event: ev.Event) -> None:
    """The default ``emit``: one JSON line per event on stdout, flushed."""
    print(ev.encode(event), flush=True)


class EventSink:
    """Appends every event to ``events.jsonl`` and hands it to ``emit``; silent off rank 0."""

    def __init__(
        self, path: Path | None, emit: Callable[[ev.Event], None] | None, enabled: bool = True
    ) -> None:
        self.path = path
        self.emit = emit
        self.enabled = enabled

    def __call__(self, event: ev.Event) -> None:
        if not self.enabled:
            return
        if self.path is not None:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(ev.encode(event) + "\n")
        if self.emit is not None:
            self.emit(event)

    def __getstate__(self) -> dict:
        # DataLoader workers started with "spawn" (macOS, Windows) get a copy that still
        # appends to events.jsonl; the live callback (often a closure) stays in the parent.
        return {"path": self.path, "emit": None, "enabled": self.enabled}

    def dataset_warning(self, kind: str, message: str) -> None:
        """The dataset's on_warning callback (unreadable images, dropped boxes)."""
        self(ev.Warning(kind=kind, message=message))


@dataclass
class LoopState:
    """What hooks may read. ``epoch`` is 0-based; ``step`` counts optimizer steps over the run
    and ``epoch_step`` (1-based after a step) those inside the current epoch."""

    cfg: Any  # TrainConfig
    model: Any  # the bare nn.Module (unwrapped from DDP)
    ema: Any  # ModelEma or None
    optimizer: Any
    run_dir: Path
    steps_per_epoch: int
    rank: int = 0
    epoch: int = 0
    step: int = 0
    epoch_step: int = 0
    lr: float = 0.0
    losses: dict[str, float] = field(default_factory=dict)  # last step's
    batch_images: int = 0  # images in the last step, this rank
    world_size: int = 1


class Hook:
    def before_train(self, state: LoopState) -> None: ...
    def after_step(self, state: LoopState) -> None: ...
    def after_epoch(self, state: LoopState) -> None: ...
    def after_train(self, state: LoopState) -> None: ...


class ProgressHook(Hook):
    """Emits Progress events: the first and last step of each epoch, and at most every
    ``every_s`` seconds in between. images/s is measured over the steps since the last event."""

    def __init__(self, sink: EventSink, every_s: float = 0.5) -> None:
        self.sink = sink
        self.every_s = every_s

    def before_train(self, state: LoopState) -> None:
        self._t_start = self._t_last = time.perf_counter()
        self._images = 0
        self._step0 = state.step

    def after_step(self, state: LoopState) -> None:
        self._images += state.batch_images * state.world_size
        now = time.perf_counter()
        first_or_last = state.epoch_step in (1, state.steps_per_epoch)
        if not first_or_last and now - self._t_last < self.every_s:
            return
        ips = self._images / max(now - self._t_last, 1e-9)
        done = state.step - self._step0
        left = state.cfg.epochs * state.steps_per_epoch - state.step
        eta = (now - self._t_start) / max(done, 1) * left
        self.sink(
            ev.Progress(
                epoch=state.epoch,
                epochs=state.cfg.epochs,
                step=state.epoch_step,
                steps=state.steps_per_epoch,
                losses=dict(state.losses),
                lr=state.lr,
                images_per_s=round(ips, 3),
                eta_s=round(eta, 1),
            )
        )
        self._t_last, self._images = now, 0


class TerminalPrinter:
    """An ``emit`` for people: a one-line progress bar redrawn with \\r, other events as lines."""

    def __init__(self, stream=None, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self._bar_open = False

    def __call__(self, event: ev.Event) -> None:
        if isinstance(event, ev.Progress):
            frac = event.step / max(event.steps, 1)
            bar = "#" * int(frac * self.width)
            line = (
                f"\repoch {event.epoch + 1}/{event.epochs} [{bar:<{self.width}}] "
                f"{event.step}/{event.steps} loss {event.losses.get('loss', float('nan')):.4f} "
                f"lr {event.lr:.2e} {event.images_per_s:.1f} img/s eta {_hms(event.eta_s)}"
            )
            self.stream.write(line)
            self._bar_open = True
        else:
            if self._bar_open:
                self.stream.write("\n")
                self._bar_open = False
            self.stream.write(_describe(event) + "\n")
        self.stream.flush()


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _describe(event: ev.Event) -> str:
    if isinstance(event, ev.Started):
        return (
            f"training on {event.device}: {event.train_images} train / {event.val_images} val "
            f"images -> {event.run_dir}"
        )
    if isinstance(event, ev.EpochEnd):
        losses = ", ".join(f"{k} {v:.4f}" for k, v in event.losses.items())
        return f"epoch {event.epoch + 1} done in {event.seconds:.1f}s: {losses}"
    if isinstance(event, ev.Eval):
        keys = ("AP", "AP50", "AP75")
        shown = ", ".join(f"{k} {event.metrics[k]:.4f}" for k in keys if k in event.metrics)
        return f"eval after epoch {event.epoch + 1}: {shown}"
    if isinstance(event, ev.Checkpoint):
        return f"saved {event.path}" + (" (best)" if event.best else "")
    if isinstance(event, ev.Warning):
        return f"warning [{event.kind}] {event.message}"
    if isinstance(event, ev.Error):
        hint = f"\n  hint: {event.hint}" if event.hint else ""
        return f"error [{event.kind}] {event.message}{hint}"
    if isinstance(event, ev.Finished):
        state = "stopped" if event.stopped else "finished"
        return f"{state} after {event.epochs_done} epochs; best AP {event.best_metric}"
    if isinstance(event, ev.Fusion):
        return f"fusion weights recorded ({len(event.nodes)} nodes, {event.method})"
    return ev.encode(event)


def finite_floats(d: dict) -> dict[str, float]:
    """Finite floats only: JSON events and weights_only checkpoints both want plain numbers."""
    out = {}
    for k, v in d.items():
        with contextlib.suppress(TypeError, ValueError):
            f = float(v)
            if math.isfinite(f):
                out[str(k)] = f
    return out
