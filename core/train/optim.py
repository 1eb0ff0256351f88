"""Optimizer construction and the learning-rate schedule (linear warm-up, then cosine decay)."""

from __future__ import annotations

import math

import torch
from torch import nn

from core.train.config import TrainConfig


def build_optimizer(model: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    """SGD with momentum or AdamW. Biases, norm scales and fusion weights (all 1-D
    parameters) get no weight decay. With ``cfg.backbone_lr_scale`` != 1 the backbone's
    parameters form groups of their own whose "lr_scale" set_lr applies (two groups otherwise,
    so the optimizer state of runs saved before the scale existed still loads)."""
    backbone = getattr(model, "backbone", None)
    in_backbone = set() if backbone is None else {id(p) for p in backbone.parameters()}
    split = cfg.backbone_lr_scale != 1.0 and bool(in_backbone)
    buckets: dict[tuple[bool, bool], list[nn.Parameter]] = {}  # (decays, in backbone) -> params
    for p in model.parameters():  # frozen ones too: unfreezing the backbone later just works
        key = (p.ndim > 1, split and id(p) in in_backbone)
        buckets.setdefault(key, []).append(p)
    groups = [
        {
            "params": params,
            "weight_decay": cfg.weight_decay if decay else 0.0,
            "lr_scale": cfg.backbone_lr_scale if backbone_part else 1.0,
        }
        # decay before no decay, the rest before the backbone: a fixed order for resumes
        for (decay, backbone_part), params in sorted(
            buckets.items(), key=lambda kv: (kv[0][1], not kv[0][0])
        )
    ]
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(groups, lr=cfg.lr, momentum=cfg.momentum)
    return torch.optim.AdamW(groups, lr=cfg.lr)


def warmup_steps(cfg: TrainConfig, steps_per_epoch: int) -> int:
    if cfg.warmup_steps is not None:
        return cfg.warmup_steps
    return int(round(cfg.warmup_epochs * steps_per_epoch))


def get_lr(step: int, cfg: TrainConfig, steps_per_epoch: int) -> float:
    """Learning rate for optimizer step ``step`` (0-based, counted over the whole run)."""
    total = cfg.epochs * steps_per_epoch
    warm = min(warmup_steps(cfg, steps_per_epoch), total)
    if step < warm:  # linear from lr/warm up to lr
        return cfg.lr * (step + 1) / warm
    min_lr = cfg.lr * cfg.min_lr_ratio
    progress = min(1.0, (step - warm) / max(1, total - warm))
    return min_lr + 0.5 * (cfg.lr - min_lr) * (1.0 + math.cos(math.pi * progress))


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """The schedule's lr on every group, times the group's "lr_scale" (the backbone's)."""
    for group in optimizer.param_groups:
        group["lr"] = lr * group.get("lr_scale", 1.0)
