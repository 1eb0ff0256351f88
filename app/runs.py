"""Run folders, read without widgets: list a project's runs and replay ``events.jsonl`` into series.

A run folder is ``<project>/runs/<stamp>-<level>/`` with ``config.json``, ``events.jsonl``,
checkpoints and evaluation JSON files. Everything here is plain data so it is testable alone.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import tr
from core import events as ev

LOSS_KEYS = ("loss", "class_loss", "box_loss")
EVAL_KEYS = ("AP", "AP50")


@dataclass
class RunState:
    """Everything the GUI shows about one run, built by feeding its events in order.

    ``series[name] = (xs, ys)``; losses and lr use fractional epochs (epoch + step/steps) as x,
    AP/AP50 use the number of finished epochs. A resumed run that repeats steps (its checkpoint
    was older than its last events) replaces the step points from there on: the loss and lr
    series keep increasing x, and ``rewinds`` counts the replacements (drawn curves must start
    over).
    """

    series: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)
    started: ev.Started | None = None
    last_progress: ev.Progress | None = None
    evals: list[ev.Eval] = field(default_factory=list)
    fusions: list[ev.Fusion] = field(default_factory=list)
    checkpoints: list[ev.Checkpoint] = field(default_factory=list)
    warnings: list[ev.Warning] = field(default_factory=list)
    error: ev.Error | None = None
    finished: ev.Finished | None = None
    skipped_lines: int = 0  # damaged lines of events.jsonl that were left out
    rewinds: int = 0  # times a series dropped points it had (see the class text)

    def __post_init__(self) -> None:
        for key in (*LOSS_KEYS, "lr", *EVAL_KEYS):
            self.series.setdefault(key, ([], []))

    def _append(self, key: str, x: float, y: float, steps: bool = False) -> None:
        xs, ys = self.series.setdefault(key, ([], []))
        # a step's x comes once; evaluations may share one (at a stop, then at the epoch's end)
        if steps and xs and x <= xs[-1]:  # repeated after a resume: replace the old points
            keep = bisect.bisect_left(xs, x)
            del xs[keep:], ys[keep:]
            self.rewinds += 1
        xs.append(x)
        ys.append(y)

    def add(self, event: ev.Event) -> None:
        """Fold one event into the state."""
        if isinstance(event, ev.Started):
            self.started = event
        elif isinstance(event, ev.Progress):
            self.last_progress = event
            x = event.epoch + event.step / max(event.steps, 1)
            for key, value in event.losses.items():
                self._append(key, x, value, steps=True)
            self._append("lr", x, event.lr, steps=True)
        elif isinstance(event, ev.Eval):
            self.evals.append(event)
            for key in EVAL_KEYS:
                if key in event.metrics:
                    self._append(key, event.epoch + 1, event.metrics[key])
        elif isinstance(event, ev.Fusion):
            self.fusions.append(event)
        elif isinstance(event, ev.Checkpoint):
            self.checkpoints.append(event)
        elif isinstance(event, ev.Warning):
            self.warnings.append(event)
        elif isinstance(event, ev.Error):
            self.error = event
        elif isinstance(event, ev.Finished):
            self.finished = event

    @property
    def status(self) -> str:
        """'failed', 'stopped', 'finished', 'running' (or interrupted) or 'empty'."""
        if self.error is not None:
            return "failed"
        if self.finished is not None:
            return "stopped" if self.finished.stopped else "finished"
        return "running" if self.started is not None else "empty"

    @property
    def best_ap(self) -> float | None:
        aps = [e.metrics["AP"] for e in self.evals if "AP" in e.metrics]
        return max(aps) if aps else None


def replay(events: list[ev.Event]) -> RunState:
    state = RunState()
    for event in events:
        state.add(event)
    return state


def load_run(run_dir: str | Path) -> RunState:
    """Replay a run folder's ``events.jsonl`` (an absent file gives an empty state). Damaged
    lines are left out, counted in ``skipped_lines`` and named in a warning."""
    path = Path(run_dir) / "events.jsonl"
    if not path.is_file():
        return RunState()
    try:
        events, skipped = ev.read_event_log(str(path))
    except OSError as exc:
        reason = exc.strerror or exc
        raise ValueError(
            tr("cannot read {path}: {reason}").format(path=path, reason=reason)
        ) from None
    state = replay(events)
    state.skipped_lines = skipped
    if skipped:
        message = tr("{path}: {n} damaged line(s) skipped; the rest of the run is shown").format(
            path=path, n=skipped
        )
        state.warnings.append(ev.Warning(kind="damaged_log", message=message, count=skipped))
    return state


@dataclass
class RunSummary:
    path: Path
    name: str  # folder name, "<stamp>-<level>"
    level: str
    status: str
    fusion: str
    epochs_done: int
    best_ap: float | None
    config: dict


def read_config(run_dir: str | Path) -> dict:
    path = Path(run_dir) / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # missing, not UTF-8, not JSON
        return {}
    return data if isinstance(data, dict) else {}


def summarize(run_dir: str | Path) -> RunSummary:
    run_dir = Path(run_dir)
    config = read_config(run_dir)
    try:
        state = load_run(run_dir)
    except ValueError:
        state = RunState()
    model = config.get("model") if isinstance(config.get("model"), dict) else {}
    level = str(model.get("level") or run_dir.name.rsplit("-", 1)[-1]).lower()
    fusion = model.get("fusion") or (state.fusions[-1].method if state.fusions else "")
    done = state.finished.epochs_done if state.finished else len({e.epoch for e in state.evals})
    if state.finished is None and state.last_progress is not None:
        done = state.last_progress.epoch
    return RunSummary(
        run_dir,
        run_dir.name,
        level,
        state.status,
        str(fusion or "default"),
        done,
        state.best_ap,
        config,
    )


def list_runs(project_dir: str | Path) -> list[RunSummary]:
    """Every folder under ``<project>/runs`` that has a config or an event log, newest first."""
    root = Path(project_dir) / "runs"
    if not root.is_dir():
        return []
    dirs = [
        p
        for p in root.iterdir()
        if p.is_dir() and ((p / "events.jsonl").exists() or (p / "config.json").exists())
    ]
    return [summarize(p) for p in sorted(dirs, key=lambda p: p.name, reverse=True)]


@dataclass
class Evaluation:
    """What core/evaluate.py saves, in the shapes the metrics view draws."""

    metrics: dict[str, float] = field(default_factory=dict)  # COCO: AP, AP50, ...
    per_class_ap: dict[str, float] = field(default_factory=dict)
    pr_curves: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # recall/precision
    confusion: dict = field(default_factory=dict)  # {"labels": [...], "matrix": [[...]]}


_EVAL_PARTS = ("metrics", "per_class_ap", "pr_curves", "confusion")
MISSING = -1.0  # core.evaluate's value for "no ground truth for this class"


def list_evaluations(run_dir: str | Path) -> list[str]:
    """Tags of the run's ``eval-<tag>.json`` files: "best" and "final" first, then newest first."""
    tags = [p.name[5:-5] for p in Path(run_dir).glob("eval-*.json")]
    first = [t for t in ("best", "final") if t in tags]
    return first + sorted((t for t in tags if t not in first), reverse=True)


def load_evaluation(run_dir: str | Path, tag: str | None = None) -> Evaluation:
    """One evaluation of a run (``eval-<tag>.json`` from core.evaluate.save_eval; default: the
    first of ``list_evaluations``). Without any file, the last Eval event gives metrics and AP."""
    run_dir = Path(run_dir)
    tags = list_evaluations(run_dir)
    out = Evaluation()
    if tag is None and tags:
        tag = tags[0]
    if tag is not None:
        path = run_dir / f"eval-{tag}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            text = tr("cannot read the evaluation {path}: {reason}")
            raise ValueError(text.format(path=path, reason=exc)) from None
        for part in _EVAL_PARTS:
            if isinstance(data.get(part), dict):
                setattr(out, part, data[part])
        return out
    state = load_run(run_dir)
    if state.evals:
        out.metrics = dict(state.evals[-1].metrics)
        out.per_class_ap = dict(state.evals[-1].per_class_ap)
    return out
