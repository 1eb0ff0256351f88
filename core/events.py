"""The event contract between the training/inference worker and the GUI.

One JSON object per line, ``{"v": 1, "event": <name>, "time": <unix seconds>, ...fields}``.
Plain dataclasses and the standard library only: the GUI imports this module, and so does the
worker. ``decode`` validates every field's type, so both sides test against the same schema.
Commands travel the other way (GUI -> worker stdin) as ``{"v": 1, "cmd": <name>, ...args}``.
"""

from __future__ import annotations

import json
import time
import types
import typing
from dataclasses import MISSING, asdict, dataclass, field, fields

SCHEMA_VERSION = 1


class EventError(ValueError):
    """A line that is not a valid event or command of this schema version."""


@dataclass
class Event:
    """Base of all events; ``time`` is filled in when the event is made."""

    time: float = field(default_factory=time.time, kw_only=True)
    name: typing.ClassVar[str] = ""


@dataclass
class Started(Event):
    run_dir: str
    config: dict
    device: str
    train_images: int
    val_images: int
    resumed_from_epoch: int = 0
    name: typing.ClassVar[str] = "started"


@dataclass
class Progress(Event):
    epoch: int  # 0-based
    epochs: int
    step: int  # 1-based step within the epoch
    steps: int
    losses: dict[str, float]  # "loss", "class_loss", "box_loss"
    lr: float
    images_per_s: float
    eta_s: float  # seconds until the run ends
    name: typing.ClassVar[str] = "progress"


@dataclass
class EpochEnd(Event):
    epoch: int
    losses: dict[str, float]  # epoch means
    seconds: float
    name: typing.ClassVar[str] = "epoch_end"


@dataclass
class Eval(Event):
    epoch: int
    metrics: dict[str, float]  # AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ...
    per_class_ap: dict[str, float]  # class name -> AP
    name: typing.ClassVar[str] = "eval"


@dataclass
class FusionNode:
    cell: int
    node: int
    label: str  # e.g. "P6_td <- P6_in, P7_in"
    output: str  # e.g. "P6_td"
    inputs: list[str]  # e.g. ["P6_in", "P7_in"]
    weights: list[float] | None  # normalized; None for "sum" (unweighted)


@dataclass
class Fusion(Event):
    epoch: int
    method: str  # "fast" | "softmax" | "sum"
    nodes: list[FusionNode]
    name: typing.ClassVar[str] = "fusion"


@dataclass
class Checkpoint(Event):
    epoch: int
    path: str
    best: bool
    name: typing.ClassVar[str] = "checkpoint"


@dataclass
class Warning(Event):  # noqa: A001 - the schema's own name
    kind: str  # e.g. "nonfinite_loss", "unreadable_image", "dropped_boxes"
    message: str
    count: int = 1
    name: typing.ClassVar[str] = "warning"


@dataclass
class Error(Event):
    kind: str  # e.g. "out_of_memory", "dataset", "nonfinite_loss", "internal"
    message: str
    hint: str = ""
    name: typing.ClassVar[str] = "error"


@dataclass
class Finished(Event):
    run_dir: str
    epochs_done: int
    stopped: bool  # True when a "stop" command ended it early
    best_metric: float | None = None
    name: typing.ClassVar[str] = "finished"


@dataclass
class Ready(Event):
    """The long-lived inference worker has loaded its checkpoint and waits for requests."""

    checkpoint: str
    classes: list[str]
    device: str
    name: typing.ClassVar[str] = "ready"


@dataclass
class Detection:
    box: list[float]  # [x, y, w, h], pixels of the EXIF-oriented image
    score: float
    category: str


@dataclass
class Predictions(Event):
    """The inference worker's answer for one image."""

    request: str  # id of the request this answers
    image: str  # path as given in the request
    detections: list[Detection]
    error: str = ""  # non-empty when the image could not be read
    name: typing.ClassVar[str] = "predictions"


@dataclass
class PredictProgress(Event):
    """The inference worker's progress through one predict request, after each batch.

    The last one of a request has ``done + cancelled == total``; a ``cancel`` command answers
    with it at once, ``cancelled`` counting the paths that were dropped unanswered.
    """

    request: str
    done: int  # paths answered so far (one Predictions event each)
    total: int  # paths in the request
    images_per_s: float
    eta_s: float  # seconds until the request is answered, at this rate
    cancelled: int = 0
    name: typing.ClassVar[str] = "predict_progress"


@dataclass
class Download(Event):
    """``efficientdet weights get --json``: one file of the model store on its way."""

    key: str  # the store's name, e.g. "coco:d0"
    state: str  # "running" | "verifying" | "done" | "cancelled"
    done: int  # bytes on disk
    total: int  # bytes in all (0: the server did not say)
    bytes_per_s: float = 0.0
    path: str = ""  # the filed file, once "done"
    name: typing.ClassVar[str] = "download"


EVENT_TYPES: dict[str, type[Event]] = {
    cls.name: cls
    for cls in (
        Started, Progress, EpochEnd, Eval, Fusion, Checkpoint,
        Warning, Error, Finished, Ready, Predictions, PredictProgress, Download,
    )
}  # fmt: skip

COMMANDS = ("stop", "eval_now", "predict", "cancel", "quit")


def encode(event: Event) -> str:
    """One JSON line (no trailing newline)."""
    body = {"v": SCHEMA_VERSION, "event": event.name}
    body.update(asdict(event))
    return json.dumps(body, ensure_ascii=False, allow_nan=False)


def decode(line: str | bytes) -> Event:
    """Parse and validate one line; raises EventError saying what is wrong."""
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EventError(f"not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise EventError("an event must be a JSON object")
    if obj.pop("v", None) != SCHEMA_VERSION:
        raise EventError(f"unsupported schema version, expected v={SCHEMA_VERSION}")
    name = obj.pop("event", None)
    cls = EVENT_TYPES.get(name)  # type: ignore[arg-type]
    if cls is None:
        raise EventError(f"unknown event {name!r}")
    return _build(cls, obj, name)


def _build(cls: type, obj: dict, where: str):
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in fields(cls):
        if f.name not in obj:
            if f.default is MISSING and f.default_factory is MISSING:
                raise EventError(f"{where}: missing field {f.name!r}")
            continue
        kwargs[f.name] = _check(obj[f.name], hints[f.name], f"{where}.{f.name}")
    extra = set(obj) - {f.name for f in fields(cls)}
    if extra:
        raise EventError(f"{where}: unknown fields {sorted(extra)}")
    return cls(**kwargs)


def _check(value, hint, where: str):
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            try:
                return _check(value, arg, where)
            except EventError:
                pass
        raise EventError(f"{where}: {value!r} does not match {hint}")
    if hint is type(None):
        if value is not None:
            raise EventError(f"{where}: expected null")
        return None
    if origin is list:
        if not isinstance(value, list):
            raise EventError(f"{where}: expected a list")
        return [_check(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise EventError(f"{where}: expected an object")
        return {k: _check(v, args[1], f"{where}.{k}") for k, v in value.items()}
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise EventError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise EventError(f"{where}: expected an integer, got {value!r}")
        return value
    if hint in (str, bool, dict, list):
        if not isinstance(value, hint) or (hint is not bool and isinstance(value, bool)):
            raise EventError(f"{where}: expected {hint.__name__}, got {value!r}")
        return value
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        if not isinstance(value, dict):
            raise EventError(f"{where}: expected an object")
        return _build(hint, dict(value), where)
    raise EventError(f"{where}: unsupported type {hint}")


def encode_command(cmd: str, **args: object) -> str:
    if cmd not in COMMANDS:
        raise EventError(f"unknown command {cmd!r}")
    return json.dumps({"v": SCHEMA_VERSION, "cmd": cmd, **args}, ensure_ascii=False)


def decode_command(line: str | bytes) -> tuple[str, dict]:
    """Parse a command line. A bare word such as ``stop`` is accepted too (typed by hand)."""
    text = line.decode() if isinstance(line, bytes) else line
    text = text.strip()
    if text in COMMANDS:
        return text, {}
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EventError(f"not a command: {exc}") from None
    if not isinstance(obj, dict) or obj.get("cmd") not in COMMANDS:
        raise EventError(f"unknown command in {text[:80]!r}")
    obj.pop("v", None)
    return obj.pop("cmd"), obj


def read_events(path: str) -> list[Event]:
    """All valid events of an ``events.jsonl`` file (damaged lines skipped: read_event_log)."""
    return read_event_log(path)[0]


def read_event_log(path: str) -> tuple[list[Event], int]:
    """(the valid events of an ``events.jsonl`` file, the number of damaged lines skipped).

    A line torn by a killed writer, or damaged on disk (not UTF-8, not an event), is skipped
    wherever it is, and the events around it are kept.
    """
    out: list[Event] = []
    skipped = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                out.append(decode(line))
            except (EventError, RecursionError):
                skipped += 1
    return out, skipped
