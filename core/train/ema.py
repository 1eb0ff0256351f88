"""Exponential moving average of the model weights, with a warm-up of the decay.

With the paper's decay 0.9998 a plain EMA needs ~5000 steps before it forgets the random
initialisation, longer than a whole small-dataset run; the decay therefore ramps up as
``min(decay, (1 + n) / (10 + n))`` after n updates, so early evaluations already mean something.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class ModelEma:
    def __init__(self, model: nn.Module, decay: float = 0.9998) -> None:
        self.module = copy.deepcopy(model).eval()
        for p in self.module.parameters():
            p.requires_grad_(False)
        self.decay = decay
        self.updates = 0

    def current_decay(self) -> float:
        return min(self.decay, (1 + self.updates) / (10 + self.updates))

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        """Blend the live weights in; float tensors are averaged, integer buffers copied."""
        d = self.current_decay()
        live = model.state_dict()
        for name, ema_t in self.module.state_dict().items():
            src = live[name].detach()
            if ema_t.dtype.is_floating_point:
                ema_t.mul_(d).add_(src.to(ema_t.dtype), alpha=1.0 - d)
            else:
                ema_t.copy_(src)
        self.updates += 1

    def state_dict(self) -> dict:
        return {"module": self.module.state_dict(), "updates": self.updates, "decay": self.decay}

    def load_state_dict(self, state: dict) -> None:
        self.module.load_state_dict(state["module"])
        self.updates = int(state["updates"])
        self.decay = float(state["decay"])
