"""Setting up a training run: the datasets (checked), the model (optionally initialised from
other weights) and, on resume, the state restored from last.pt. Failures the user can fix
raise TrainingError with a hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from core import events as ev
from core.config import ModelConfig
from core.data.limits import set_limits
from core.train.callbacks import EventSink, TrainingError
from core.train.checkpoint import init_source, load_checkpoint
from core.train.config import TrainConfig


def load_data(cfg: TrainConfig, sink: EventSink) -> tuple[Any, Any, list[str], dict]:
    """(train dataset, val dataset, class names, val COCO dict); both splits must hold images
    and the val split annotations, or there is nothing to train on or evaluate."""
    try:
        set_limits(cfg.max_image_pixels, cfg.max_image_bytes)  # loading processes inherit them
    except ValueError as exc:
        raise TrainingError("config", str(exc), "give a positive whole number") from exc
    try:
        train_ds, val_ds, classes, val_coco = _build_datasets(cfg, sink.dataset_warning)
    except (OSError, ValueError) as exc:  # CocoError is a ValueError
        raise TrainingError(
            "dataset", f"cannot load {cfg.data}: {exc}", "check the project folder / COCO file"
        ) from exc
    if len(train_ds) == 0:
        raise TrainingError(
            "dataset",
            f"{cfg.data}: the training split has no images",
            "label some images and assign them to the train split",
        )
    if len(val_ds) == 0 or not val_coco.get("annotations"):
        raise TrainingError(
            "dataset",
            f"{cfg.data}: the validation split has no labelled images, so nothing can be evaluated",
            "move some labelled images to the val split (project.json) or label more images",
        )
    return train_ds, val_ds, classes, val_coco


def build_model(
    cfg: TrainConfig, model_cfg: ModelConfig, device: torch.device, sink: EventSink, resume: bool
) -> nn.Module:
    """The EfficientDet on ``device``, started from ``cfg.init_from`` unless resuming."""
    from core.model import EfficientDet

    model = EfficientDet(model_cfg).to(device)
    if cfg.init_from and not resume:
        from core.model.weights import load_weights

        try:
            notes = load_weights(model, init_source(cfg.init_from))
        except (OSError, ValueError, RuntimeError) as exc:
            message = str(exc)
            if str(cfg.init_from) not in message:
                message = f"cannot start from {cfg.init_from}: {message}"
            raise TrainingError(
                "init_from", message, "pick a checkpoint of the same level (and fusion method)"
            ) from exc
        for note in notes:
            sink(ev.Warning(kind="init_from", message=note))
    return model


def load_last(run_dir: Path, device: torch.device) -> dict:
    """The run's last.pt, to resume from; a missing or unreadable one is a TrainingError."""
    try:
        return load_checkpoint(run_dir / "last.pt", map_location=device)
    except (OSError, ValueError) as exc:
        raise TrainingError(
            "checkpoint",
            str(exc),
            "resume a run folder that holds the last.pt its training wrote, or start a new run",
        ) from exc


def restore(
    ckpt: dict,
    model: nn.Module,
    ema: Any,
    optimizer: torch.optim.Optimizer,
    scaler: torch.amp.GradScaler,
    source: str = "last.pt",
) -> tuple[int, int, int, float | None]:
    """Load a last.pt's state in place: (start epoch, global step, batches of that epoch already
    done, best metric so far). A checkpoint of another model is a TrainingError naming it."""
    from core.model.weights import fit_problem

    problem = fit_problem(model, ckpt["model"])
    if problem:
        stored = ckpt.get("model_config")
        level = stored.get("level") if isinstance(stored, dict) else None
        hint = f"resume with --level {level}" if level else "resume with the run's own settings"
        raise TrainingError("checkpoint", f"cannot resume from {source}: {problem}", hint)
    try:
        model.load_state_dict(ckpt["model"])
        if ema is not None and ckpt.get("ema"):
            ema.load_state_dict(ckpt["ema"])
        optimizer.load_state_dict(ckpt["optimizer"])
        if ckpt.get("scaler"):
            scaler.load_state_dict(ckpt["scaler"])
        return ckpt["epoch"], ckpt["step"], ckpt.get("epoch_step", 0), ckpt.get("best_metric")
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise TrainingError(
            "checkpoint",
            f"cannot resume from {source}: its training state does not fit this run "
            f"({type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''})",
            "resume with the run's own settings (optimizer, level), or start a new run",
        ) from exc


def freeze_backbone(model: nn.Module, frozen: bool) -> None:
    backbone = getattr(model, "backbone", None)
    if backbone is not None:
        for p in backbone.parameters():
            p.requires_grad_(not frozen)


def _build_datasets(cfg: TrainConfig, on_warning):
    from core.data.dataset import build_datasets

    return build_datasets(
        cfg.data,
        cfg.model.size,
        scale_range=tuple(cfg.scale_range),
        on_warning=on_warning,
        image_root=cfg.image_root,
        split=None if cfg.train_ids is None else (cfg.train_ids, cfg.val_ids),
        mean=cfg.model.input_mean,
        std=cfg.model.input_std,
        tiling=cfg.tiling,
        flips=cfg.flips,
        color=cfg.color_jitter,
    )


def tiling_used(cfg: TrainConfig, train_ds: Any) -> dict | None:
    """The tiling the run trains with, as its config records it: the spec of a tiled training
    set (the config's own, or the project's when the config left it to the project), else the
    config's as given (None, or {} that turned a project's tiling off)."""
    spec = getattr(train_ds, "tiling", None)
    return dict(spec) if spec else cfg.tiling
