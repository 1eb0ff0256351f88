"""TrainConfig: everything needed to repeat a training run, saved as the run's config.json.

The defaults suit a small custom dataset on one GPU (the paper's COCO recipe of lr 0.16 at batch
128 diverges there): SGD lr 0.02 at batch 8, a one-epoch linear warm-up, cosine decay, gradient
clipping at norm 10, and an EMA whose decay warms up so early evaluations are meaningful.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path

from core.config import ModelConfig
from core.options import DEVICES, FLIPS, OPTIMIZERS
from core.tiling import parse_tiling, tiling_problems

# config.json notes beside the settings: the app, torch, timm and CUDA versions of the run and
# its CPU threads (core.cpu_threads.thread_settings)
RECORDED = ("versions", "threads")


@dataclass(frozen=True)
class TrainConfig:
    data: str  # what core.project.load_project reads: a project, a COCO file, a dataset folder
    image_root: str | None = None  # None: the project's image root (core.project)
    # The split as the GUI's pre-flight checked it (image ids); None: core.project's policy
    train_ids: tuple[int, ...] | None = None
    val_ids: tuple[int, ...] | None = None
    model: ModelConfig = field(default_factory=ModelConfig)  # num_classes is set from the data
    epochs: int = 50
    batch_size: int = 8
    lr: float = 0.02  # peak learning rate, reached at the end of the warm-up
    optimizer: str = "sgd"  # "sgd" (momentum 0.9) | "adamw"
    momentum: float = 0.9
    weight_decay: float = 4e-5  # the paper's value for SGD; AdamW users often pick 1e-2
    warmup_epochs: float = 1.0
    warmup_steps: int | None = None  # when set, overrides warmup_epochs
    min_lr_ratio: float = 0.01  # cosine decays to lr * min_lr_ratio
    ema_decay: float = 0.9998  # 0 disables the EMA; the decay itself warms up (see ema.py)
    clip_grad_norm: float = 10.0  # 0 disables clipping
    amp: bool = True  # mixed precision on CUDA only (bf16 where supported, else fp16)
    freeze_backbone_epochs: int = 0
    # The backbone's learning rate as a fraction of lr: below 1 a pretrained backbone keeps
    # more of what it learned (core.recipes sets it per start)
    backbone_lr_scale: float = 1.0
    seed: int = 0
    device: str = "auto"  # "auto" picks CUDA, then MPS, then CPU
    workers: int = 2  # DataLoader worker processes
    eval_every: int = 1  # epochs between evaluations (0: only at the end)
    init_from: str | None = None  # an effdet COCO checkpoint or a .pt / run folder of ours
    sync_bn: bool = False  # SyncBatchNorm under DDP
    scale_range: tuple[float, float] = (0.5, 1.5)  # scale jitter of the training augmentation
    flips: str = "horizontal"  # core.options.FLIPS: left-right only, or "all" (no up: aerial)
    # Strength of the HSV jitter (core.data.transforms.color_jitter); 0 turns it off. 1.0 took
    # a pretrained Lite0 from AP50 0.29 to 0.40 on photos of new scenes (docs/benchmarks.md).
    color_jitter: float = 1.0
    # Image limits (core.data.limits); None: the environment's or the default
    max_image_pixels: int | None = None
    max_image_bytes: int | None = None
    # Train on tiles of the full images (core.tiling): {"size": px, "overlap": ...}; None: the
    # project's project.json "tiling"; {}: no tiling even where the project tiles
    tiling: dict | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {OPTIMIZERS}, not {self.optimizer!r}")
        if self.device not in DEVICES:
            problems.append(f"device must be one of {DEVICES}, not {self.device!r}")
        if self.epochs < 1:
            problems.append(f"epochs must be at least 1, not {self.epochs}")
        if self.batch_size < 1:
            problems.append(f"batch_size must be at least 1, not {self.batch_size}")
        if not self.lr > 0:
            problems.append(f"lr must be positive, not {self.lr}")
        if not 0 < self.backbone_lr_scale <= 10:
            problems.append(f"backbone_lr_scale must be in (0, 10], not {self.backbone_lr_scale}")
        if not 0 <= self.ema_decay < 1:
            problems.append(f"ema_decay must be in [0, 1), not {self.ema_decay}")
        if self.flips not in FLIPS:
            problems.append(f"flips must be one of {FLIPS}, not {self.flips!r}")
        if not 0 <= self.color_jitter <= 2:
            problems.append(f"color_jitter must be in [0, 2], not {self.color_jitter}")
        lo, hi = self.scale_range
        if not 0 < lo <= hi:
            problems.append(f"scale_range must be 0 < low <= high, not {self.scale_range}")
        if self.eval_every < 0 or self.workers < 0 or self.freeze_backbone_epochs < 0:
            problems.append("eval_every, workers and freeze_backbone_epochs must be >= 0")
        for key in ("max_image_pixels", "max_image_bytes"):
            if getattr(self, key) is not None and getattr(self, key) < 1:
                problems.append(f"{key} must be at least 1, not {getattr(self, key)}")
        if (self.train_ids is None) != (self.val_ids is None):
            problems.append("train_ids and val_ids go together: give both or neither")
        elif self.train_ids is not None and set(self.train_ids) & set(self.val_ids):
            problems.append("an image id is in both train_ids and val_ids")
        tiling = tiling_problems(self.tiling)
        problems += [p if p.startswith('"tiling"') else f"tiling: {p}" for p in tiling]
        if problems:
            raise ValueError("invalid training config: " + "; ".join(problems))
        if self.tiling:  # every key spelled out, so the checkpoint says how it was cut
            object.__setattr__(self, "tiling", parse_tiling(self.tiling, "tiling").to_dict())

    def with_(self, **changes: object) -> TrainConfig:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["model"] = self.model.to_dict()
        d["scale_range"] = list(self.scale_range)
        for key in ("train_ids", "val_ids"):
            d[key] = None if d[key] is None else list(d[key])
        return d

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        """The inverse of to_dict; unknown keys are an error (a typo must not pass silently).
        ``RECORDED`` keys (what a run's config.json notes beside the settings) are skipped."""
        d = {k: v for k, v in d.items() if k not in RECORDED}
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown training config keys {unknown}; known: {sorted(known)}")
        d = dict(d)
        _check_types(cls, d)
        if d.get("model") is not None:
            d["model"] = _model_config(d["model"])
        if "scale_range" in d:
            d["scale_range"] = _numbers(d, "scale_range", float, "a list of two numbers", 2)
        for key in ("train_ids", "val_ids"):
            if d.get(key) is not None:
                d[key] = _numbers(d, key, int, "a list of image ids (whole numbers)")
        try:
            return cls(**d)
        except TypeError as exc:
            raise ValueError(f"invalid training config: {exc}") from None

    def default_run_dir(self) -> Path:
        """<project>/runs/<YYYYmmdd-HHMMSS>-<level>, the project being the data's folder."""
        data = Path(self.data)
        project = data if data.is_dir() else data.parent
        return project / "runs" / f"{datetime.now():%Y%m%d-%H%M%S}-{self.model.level}"

    @classmethod
    def load(cls, run_dir: str | Path) -> TrainConfig:
        """The config.json of a run folder; errors name the file and the field."""
        path = Path(run_dir) / "config.json"
        try:
            return cls.from_dict(read_config_file(path))
        except ValueError as exc:
            message = str(exc)
            prefix = "" if message.startswith(str(path)) else f"{path}: "
            raise ValueError(prefix + message) from None


def read_config_file(path: str | Path) -> dict:
    """A training config file as a dict; every error names the file and says what to do."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno}); the "
            "file may be cut short: repair it, or start a new run"
        ) from None
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply to be a training config") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must hold a JSON object of training settings")
    return data


_KINDS = {"int": (int, "a whole number"), "float": ((int, float), "a number"),
          "bool": (bool, "true or false"), "str": (str, "a string")}  # fmt: skip


def _check_types(cls: type, d: dict, prefix: str = "") -> None:
    """Plain fields must hold values of their type: the message names the field."""
    for f in fields(cls):
        if f.name not in d:
            continue
        kinds = [k.strip() for k in str(f.type).split("|")]
        value, optional = d[f.name], "None" in kinds
        kinds = [k for k in kinds if k != "None"]
        if (value is None and optional) or not all(k in _KINDS for k in kinds):
            continue
        if not any(
            isinstance(value, _KINDS[k][0]) and (k == "bool" or not isinstance(value, bool))
            for k in kinds
        ):
            want = " or ".join(_KINDS[k][1] for k in kinds) + (" or null" if optional else "")
            raise ValueError(f'invalid training config: "{prefix}{f.name}" must be {want}, '
                             f"not {value!r}")  # fmt: skip


def _model_config(value: object) -> ModelConfig:
    if isinstance(value, ModelConfig):
        return value
    if not isinstance(value, dict):
        raise ValueError(f'invalid training config: "model" must be an object, not {value!r}')
    unknown = sorted(set(value) - {f.name for f in fields(ModelConfig)})
    if unknown:
        raise ValueError(f"invalid training config: unknown model keys {unknown}")
    _check_types(ModelConfig, value, "model.")
    try:
        return ModelConfig.from_dict(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid training config: model: {exc}") from None


def _numbers(d: dict, key: str, kind: type, want: str, length: int | None = None) -> tuple:
    value = d[key]
    ok = isinstance(value, (list, tuple)) and (length is None or len(value) == length)
    ok = ok and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    if ok and (kind is float or all(float(v).is_integer() for v in value)):
        return tuple(kind(v) for v in value)
    raise ValueError(f'invalid training config: "{key}" must be {want}, not {value!r}')
