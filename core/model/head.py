"""Class and box heads: separable convs shared across levels, BN per level."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from core.model.layers import SeparableConv, activation, batch_norm, fold_bn_into

PRIOR_PROBABILITY = 0.01  # initial foreground probability of every class output


class Head(nn.Module):
    """``convs`` x (separable conv -> per-level BN -> act), then a separable conv to
    ``num_outputs`` channels. Each level (N, C, h, w) -> (N, num_outputs, h, w).
    """

    def __init__(
        self,
        channels: int,
        convs: int,
        num_levels: int,
        num_outputs: int,
        bias_init: float = 0.0,
        act: str = "swish",
    ) -> None:
        super().__init__()
        self.act = activation(act)
        self.convs = nn.ModuleList(
            SeparableConv(channels, channels, bn=False) for _ in range(convs)
        )
        # norms[i][level]: the BN after conv i, one per level.
        self.norms = nn.ModuleList(
            nn.ModuleList(batch_norm(channels) for _ in range(num_levels)) for _ in range(convs)
        )
        self.out = SeparableConv(channels, num_outputs, bn=False)
        self._fused: nn.ModuleList | None = None  # per-level convs with BN folded in
        self._init(bias_init)

    @torch.no_grad()
    def _init(self, bias_init: float) -> None:
        for conv in [*self.convs, self.out]:
            nn.init.normal_(conv.dw.weight, std=0.01)
            nn.init.normal_(conv.pw.weight, std=0.01)
            nn.init.zeros_(conv.pw.bias)
        nn.init.constant_(self.out.pw.bias, bias_init)

    def forward(self, feats: list[Tensor]) -> list[Tensor]:
        outs = []
        for level, x in enumerate(feats):
            if self._fused is not None:
                for conv in self._fused[level]:
                    x = self.act(conv(x))
            else:
                for conv, norms in zip(self.convs, self.norms, strict=True):
                    x = self.act(norms[level](conv(x)))
            outs.append(self.out(x))
        return outs

    @torch.no_grad()
    def fold_batchnorm(self) -> None:
        """Eval-only: give each level its own copy of the shared convs with its BN folded in."""
        fused = nn.ModuleList()
        for level in range(len(self.norms[0]) if self.norms else 0):
            per_level = nn.ModuleList()
            for conv, norms in zip(self.convs, self.norms, strict=True):
                copy = SeparableConv(conv.dw.in_channels, conv.pw.out_channels, bn=False)
                copy.load_state_dict(conv.state_dict())
                copy.to(conv.pw.weight.device, conv.pw.weight.dtype)
                fold_bn_into(copy.pw, norms[level])
                per_level.append(copy)
            fused.append(per_level)
        self._fused = fused


def class_head(
    channels: int, convs: int, num_levels: int, num_anchors: int, k: int, act: str = "swish"
) -> Head:
    """Output channel ``a * k + c`` is the logit of class c for anchor a."""
    bias = -math.log((1 - PRIOR_PROBABILITY) / PRIOR_PROBABILITY)
    return Head(channels, convs, num_levels, num_anchors * k, bias_init=bias, act=act)


def box_head(
    channels: int, convs: int, num_levels: int, num_anchors: int, act: str = "swish"
) -> Head:
    """Output channel ``a * 4 + j`` is (ty, tx, th, tw)[j] for anchor a."""
    return Head(channels, convs, num_levels, num_anchors * 4, act=act)
