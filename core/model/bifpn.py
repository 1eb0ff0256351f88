"""The BiFPN: one generic fusion module that reads the topology of ``core.topology``.

Feature names: ``P5_in`` is a cell's input at level 5, ``P5_td`` the top-down node,
``P5_out`` the cell's output. Level l has stride 2**l (H/2**l x W/2**l).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from core.model.layers import ConvBn1x1, MaxPoolSame, SeparableConv, activation, fold_bn_into
from core.topology import Node, bifpn_nodes, cell_inputs, cell_outputs, level_of

FAST_EPS = 1e-4


def node_label(spec: Node) -> str:
    return spec.label


class FuseNode(nn.Module):
    """Resize every input to this node's level, fuse them, then act -> separable conv -> BN.

    ``in_channels`` maps an input name to its channel count where it differs from ``channels``
    (backbone features entering the first cell); those inputs get their own 1x1 conv + BN.
    """

    def __init__(
        self,
        spec: Node,
        channels: int,
        method: str,
        in_channels: dict[str, int],
        act: str = "swish",
    ) -> None:
        super().__init__()
        self.spec = spec
        self.method = method
        self.input_levels = [level_of(n) for n in spec.inputs]
        self.lateral = nn.ModuleDict(
            {n: ConvBn1x1(c, channels) for n, c in in_channels.items() if n in spec.inputs}
        )
        self.weight = nn.Parameter(torch.ones(len(spec.inputs))) if method != "sum" else None
        self.pool = MaxPoolSame()
        self.act = activation(act)
        self.conv = SeparableConv(channels, channels)

    def normalized_weights(self) -> Tensor | None:
        """(num_inputs,) weights that multiply the inputs; None for a plain sum."""
        if self.weight is None:
            return None
        if self.method == "softmax":
            return torch.softmax(self.weight, dim=0)
        w = F.relu(self.weight)
        return w / (w.sum() + FAST_EPS)

    def _resize(self, x: Tensor, level: int, size: tuple[int, int]) -> Tensor:
        while level < self.spec.level:  # finer input: 3x3 max-pool stride 2 per level
            x = self.pool(x)
            level += 1
        if level > self.spec.level:  # coarser input: nearest upsampling
            x = F.interpolate(x, size=size, mode="nearest")
        return x

    def forward(self, feats: dict[str, Tensor], size: tuple[int, int]) -> Tensor:
        """``size``: (H, W) of this node's level."""
        xs = []
        for name, level in zip(self.spec.inputs, self.input_levels, strict=True):
            x = feats[name]
            if name in self.lateral:
                x = self.lateral[name](x)
            xs.append(self._resize(x, level, size))
        w = self.normalized_weights()
        out = xs[0] if w is None else xs[0] * w[0].to(xs[0].dtype)
        for i in range(1, len(xs)):
            out = out + (xs[i] if w is None else xs[i] * w[i].to(xs[i].dtype))
        return self.conv(self.act(out))


class BiFPNCell(nn.Module):
    """One BiFPN layer: features P{min}..P{max} in, the same levels out."""

    def __init__(
        self,
        levels: list[int],
        channels: int,
        method: str,
        in_channels: dict[int, int] | None = None,
        act: str = "swish",
    ) -> None:
        super().__init__()
        self.levels = levels
        self.topology = bifpn_nodes(levels[0], levels[-1])
        self.input_names = cell_inputs(levels[0], levels[-1])
        self.output_names = cell_outputs(levels[0], levels[-1])
        inputs = dict(zip(levels, self.input_names, strict=True))
        widths = {inputs[lvl]: c for lvl, c in (in_channels or {}).items() if c != channels}
        self.nodes = nn.ModuleList(
            FuseNode(s, channels, method, widths, act) for s in self.topology
        )

    def forward(self, feats: list[Tensor]) -> list[Tensor]:
        named = dict(zip(self.input_names, feats, strict=True))
        sizes = {lvl: tuple(x.shape[-2:]) for lvl, x in zip(self.levels, feats, strict=True)}
        for node in self.nodes:
            named[node.spec.output] = node(named, sizes[node.spec.level])
        return [named[name] for name in self.output_names]


class ExtraLevel(nn.Module):
    """P6 from C5 (1x1 conv + BN only where channels differ), then 3x3/2 max-pool ('same')."""

    def __init__(self, in_ch: int, out_ch: int) -> None:
        super().__init__()
        self.proj = ConvBn1x1(in_ch, out_ch) if in_ch != out_ch else None
        self.pool = MaxPoolSame()

    def forward(self, x: Tensor) -> Tensor:
        return self.pool(x if self.proj is None else self.proj(x))


class BiFPN(nn.Module):
    """Backbone features C3..C5 -> extra levels -> ``cells`` BiFPN cells -> P3..P{max}."""

    def __init__(
        self,
        feature_channels: list[int],
        channels: int,
        cells: int,
        min_level: int,
        max_level: int,
        method: str,
        act: str = "swish",
    ) -> None:
        super().__init__()
        levels = list(range(min_level, max_level + 1))
        n_backbone = len(feature_channels)
        self.extra = nn.ModuleDict()
        prev = feature_channels[-1]
        for lvl in levels[n_backbone:]:
            self.extra[f"P{lvl}"] = ExtraLevel(prev, channels)
            prev = channels
        widths = dict(zip(levels, feature_channels, strict=False))
        self.cells = nn.ModuleList(
            BiFPNCell(levels, channels, method, widths if i == 0 else None, act)
            for i in range(cells)
        )

    def forward(self, feats: list[Tensor]) -> list[Tensor]:
        feats = list(feats)
        for extra in self.extra.values():
            feats.append(extra(feats[-1]))
        for cell in self.cells:
            feats = cell(feats)
        return feats

    @torch.no_grad()
    def fold_batchnorm(self) -> None:
        """Fold every BN into the conv before it (eval only; BN layers become Identity)."""
        for m in self.modules():
            if isinstance(m, (SeparableConv,)) and m.bn is not None:
                fold_bn_into(m.pw, m.bn)
                m.bn = None
            elif isinstance(m, ConvBn1x1) and isinstance(m.bn, nn.BatchNorm2d):
                fold_bn_into(m.conv, m.bn)
                m.bn = nn.Identity()
