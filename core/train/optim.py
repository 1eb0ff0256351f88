"""Optimizer construction and the learning-rate schedule (linear warm-up, then cosine decay)."""

from __future__ import annotations

import math

import torch
from torch import nn

from core.train.config import TrainConfig


def build_optimizer(model: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    """SGD with momentum or AdamW. Biases, norm scales and fusion weights (all 1-D
    parameters) get no weight decay."""
    decay, no_decay = [], []
    for p in model.parameters():  # frozen ones too: unfreezing the backbone later just works
        (no_decay if p.ndim <= 1 else decay).append(p)
    groups = [
        {"params": decay, "weight_decay": cfg.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
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
    for group in optimizer.param_groups:
        group["lr"] = lr
