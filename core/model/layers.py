"""Small building blocks of the BiFPN and the heads: TF-'same' max-pool, separable conv, BN,
activations."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

# BiFPN and heads use TF's BN settings (decay 0.99 == PyTorch momentum 0.01).
BN_EPS = 1e-3
BN_MOMENTUM = 0.01


def batch_norm(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


def activation(name: str) -> nn.Module:
    """The BiFPN and head activation of a level (``LevelSpec.act``): swish or ReLU6."""
    if name == "swish":
        return nn.SiLU()
    if name == "relu6":
        return nn.ReLU6()
    raise ValueError(f"unknown activation {name!r}; choose swish or relu6")


def _same_pad(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TF 'same' padding for one dimension: (before, after); the odd pixel goes after."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class MaxPoolSame(nn.Module):
    """3x3 max-pool, stride 2, TF 'same' padding with -inf (extra pixel right/bottom).

    (N, C, H, W) -> (N, C, ceil(H/2), ceil(W/2)).
    """

    def __init__(self, kernel: int = 3, stride: int = 2) -> None:
        super().__init__()
        self.kernel = kernel
        self.stride = stride

    def forward(self, x: Tensor) -> Tensor:
        top, bottom = _same_pad(x.shape[-2], self.kernel, self.stride)
        left, right = _same_pad(x.shape[-1], self.kernel, self.stride)
        if top or bottom or left or right:
            x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
        return F.max_pool2d(x, self.kernel, self.stride)


class SeparableConv(nn.Module):
    """Depthwise 3x3 (no bias) -> pointwise 1x1 (with bias) -> optional BN. Keeps H, W."""

    def __init__(self, in_ch: int, out_ch: int, bn: bool = True) -> None:
        super().__init__()
        self.dw = nn.Conv2d(in_ch, in_ch, 3, padding=1, groups=in_ch, bias=False)
        # The bias before BN is redundant but kept so the published checkpoints load.
        self.pw = nn.Conv2d(in_ch, out_ch, 1, bias=True)
        self.bn = batch_norm(out_ch) if bn else None

    def forward(self, x: Tensor) -> Tensor:
        x = self.pw(self.dw(x))
        return x if self.bn is None else self.bn(x)


class ConvBn1x1(nn.Module):
    """1x1 conv (with the redundant bias) + BN: changes a feature map's channel count."""

    def __init__(self, in_ch: int, out_ch: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, 1, bias=True)
        self.bn = batch_norm(out_ch)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.conv(x))


@torch.no_grad()
def fold_bn_into(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> None:
    """Rewrite ``conv`` in place so that it equals ``bn(conv(x))`` in eval mode.

    Works for any Conv2d subclass (timm's dynamic 'same' convs too); adds a bias if missing.
    """
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)  # (C_out,)
    bias = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
    new_bias = (bias - bn.running_mean) * scale + bn.bias
    conv.weight.mul_(scale.view(-1, 1, 1, 1).to(conv.weight.dtype))
    conv.bias = nn.Parameter(new_bias.to(conv.weight.dtype))
