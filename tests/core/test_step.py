"""core.train.step: the optimisation step the training loop and the benchmark share."""

from __future__ import annotations

import torch
from torch import nn

from core.train.step import optimizer_step


class Tiny(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.backbone = nn.Linear(3, 3)
        self.head = nn.Linear(3, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x)).sum()


def _setup():
    torch.manual_seed(0)
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, opt, torch.amp.GradScaler("cpu", enabled=False)


def test_a_finite_step_updates_every_weight_and_clears_gradients() -> None:
    model, opt, scaler = _setup()
    before = [p.detach().clone() for p in model.parameters()]
    assert optimizer_step(model(torch.ones(2, 3)), model, opt, scaler, clip_grad_norm=10.0)
    after = list(model.parameters())
    assert all(not torch.equal(a, b) for a, b in zip(after, before, strict=True))
    assert all(p.grad is None for p in after)


def test_a_nonfinite_loss_is_skipped_and_leaves_the_weights() -> None:
    model, opt, scaler = _setup()
    before = [p.detach().clone() for p in model.parameters()]
    loss = model(torch.ones(2, 3)) * float("nan")
    assert not optimizer_step(loss, model, opt, scaler, clip_grad_norm=10.0)
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), before, strict=True))


def test_clipping_bounds_the_update_and_dropped_backbone_grads_freeze_it() -> None:
    model, opt, scaler = _setup()
    bb = [p.detach().clone() for p in model.backbone.parameters()]
    head = [p.detach().clone() for p in model.head.parameters()]
    loss = model(torch.full((2, 3), 1e4))  # a huge gradient
    assert optimizer_step(loss, model, opt, scaler, clip_grad_norm=1.0, drop_backbone_grads=True)
    assert all(torch.equal(a, b) for a, b in zip(model.backbone.parameters(), bb, strict=True))
    pairs = zip(model.head.parameters(), head, strict=True)
    moved = torch.cat([(a.detach() - b).flatten() for a, b in pairs])
    # SGD step = lr * clipped gradient: its norm is at most lr * 1.0
    assert 0 < float(moved.norm()) <= 0.1 + 1e-5
