"""One training step, the same for the training loop and bench/train_bench.py.

``forward_loss`` runs the network (under autocast when asked) and the detection loss in fp32;
``optimizer_step`` does backward, optional gradient clipping, the optimizer / GradScaler step,
the EMA update and the gradient reset, and says whether the step was finite (it is skipped,
weights untouched, when the loss or the gradient norm is not).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn

import core.loss
from core.train import distributed as ddp


def forward_loss(
    net: nn.Module,
    images: Tensor,
    targets: Sequence[dict[str, Tensor]],
    anchors: Tensor,
    num_classes: int,
    autocast: contextlib.AbstractContextManager | None = None,
) -> dict[str, Tensor]:
    """images (B, 3, S, S) normalised; targets per image {"boxes": (M, 4) xyxy input pixels,
    "labels": (M,) 0-based}; anchors (A, 4) xyxy. Returns detection_loss's dict of scalars."""
    with autocast if autocast is not None else contextlib.nullcontext():
        class_out, box_out = net(images)
    return core.loss.detection_loss(  # looked up per call, so tests can stand in for it
        [c.float() for c in class_out],
        [b.float() for b in box_out],
        anchors,
        targets,
        num_classes,
    )


def optimizer_step(
    loss: Tensor,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scaler: torch.amp.GradScaler,
    clip_grad_norm: float = 0.0,
    ema: Any = None,
    info: ddp.DistInfo | None = None,
    device: torch.device | None = None,
    drop_backbone_grads: bool = False,
) -> bool:
    """Backward and step ``model`` (the bare module; the loss may come from its DDP wrapper).

    Under DDP the finiteness check is agreed on by all ranks. ``drop_backbone_grads`` clears the
    backbone's gradients before the step (a frozen backbone under DDP, which needs every
    parameter to take part in backward). Returns False when the step was skipped.
    """
    info = info if info is not None else ddp.DistInfo()
    finite = not ddp.any_rank(not bool(torch.isfinite(loss)), info, device or loss.device)
    if finite:
        scaler.scale(loss).backward()
        if drop_backbone_grads:
            for p in model.backbone.parameters():
                p.grad = None
        if clip_grad_norm > 0:
            scaler.unscale_(optimizer)
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            # with a live GradScaler an inf norm is its business: it skips the step itself
            finite = scaler.is_enabled() or bool(torch.isfinite(norm))
    if finite:
        scaler.step(optimizer)
        scaler.update()
        if ema is not None:
            ema.update(model)
    optimizer.zero_grad(set_to_none=True)
    return finite
