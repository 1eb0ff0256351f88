"""EfficientDet D0-D7x and Lite0-Lite4: EfficientNet backbone -> BiFPN -> shared class and
box heads."""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import Tensor, nn

from core.config import ModelConfig
from core.events import FusionNode
from core.model.backbone import create_backbone
from core.model.bifpn import BiFPN, node_label
from core.model.head import box_head, class_head
from core.model.layers import fold_bn_into


class EfficientDet(nn.Module):
    """``forward(x)`` with x (N, 3, H, W), H and W divisible by 2**min_level (best by
    2**max_level), returns ``(class_outputs, box_outputs)``, one tensor per level min..max:
    class (N, A*K, ceil(H/2**l), ceil(W/2**l)), channel ``anchor*K + class``; box (N, A*4, ...),
    channel ``anchor*4 + j`` with j over (ty, tx, th, tw); anchor = scale_index*3 + ratio_index.
    The same in train and eval mode; losses and NMS live elsewhere.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.config = cfg
        spec = cfg.spec
        self.num_anchors = cfg.num_scales * len(cfg.aspect_ratios)
        self.backbone = create_backbone(cfg)
        feature_channels = list(self.backbone.feature_info.channels())
        self.fpn = BiFPN(
            feature_channels, spec.fpn_channels, spec.fpn_cells,
            spec.min_level, spec.max_level, cfg.fusion_method, spec.act,
        )  # fmt: skip
        num_levels = spec.max_level - spec.min_level + 1
        ch, convs = spec.fpn_channels, spec.head_convs
        a = self.num_anchors
        self.class_head = class_head(ch, convs, num_levels, a, cfg.num_classes, spec.act)
        self.box_head = box_head(ch, convs, num_levels, a, spec.act)

    def forward(self, x: Tensor) -> tuple[list[Tensor], list[Tensor]]:
        # Level l has ceil(H / 2**l) rows: exactly H / 2**l when H divides by 2**max_level;
        # Lite0 at 320 px has 3x3 at P7, and smaller inputs (D0 at 64 px) 1x1 top levels.
        stride = 2**self.config.spec.min_level
        if x.ndim != 4 or x.shape[1] != 3 or x.shape[-1] % stride or x.shape[-2] % stride:
            raise ValueError(
                f"EfficientDet {self.config.level.upper()} expects (N, 3, H, W) with H and W "
                f"divisible by {stride} (best by {2**self.config.spec.max_level}), "
                f"got {tuple(x.shape)}"
            )
        feats = self.fpn(self.backbone(x))
        return self.class_head(feats), self.box_head(feats)

    def backbone_parameters(self) -> Iterator[nn.Parameter]:
        """The EfficientNet's parameters (freeze them, or give them their own learning rate)."""
        return self.backbone.parameters()

    def head_parameters(self) -> Iterator[nn.Parameter]:
        """Everything but the backbone: the BiFPN and both heads."""
        for module in (self.fpn, self.class_head, self.box_head):
            yield from module.parameters()

    @torch.no_grad()
    def fusion_weights(self) -> list[FusionNode]:
        """Every cell's every node with its inputs and normalized weights (None for 'sum')."""
        out = []
        for c, cell in enumerate(self.fpn.cells):
            for n, node in enumerate(cell.nodes):
                w = node.normalized_weights()
                out.append(
                    FusionNode(
                        cell=c,
                        node=n,
                        label=node_label(node.spec),
                        output=node.spec.output,
                        inputs=list(node.spec.inputs),
                        weights=None if w is None else [float(v) for v in w.float().cpu()],
                    )
                )
        return out

    @torch.no_grad()
    def fuse_for_inference(self, channels_last: bool = False) -> EfficientDet:
        """Fold every BatchNorm into the conv before it, for faster eval-mode inference.

        One-way: the model is put in eval mode and must not be trained or saved afterwards.
        ``channels_last`` also converts the memory format (pass inputs in channels_last too).
        """
        self.eval()
        _fold_backbone_bn(self.backbone)
        self.fpn.fold_batchnorm()
        self.class_head.fold_batchnorm()
        self.box_head.fold_batchnorm()
        if channels_last:
            self.to(memory_format=torch.channels_last)
        return self


# conv -> BN attribute pairs in timm's EfficientNet modules.
_STEM = (("conv_stem", "bn1"),)
_INVERTED_RESIDUAL = (("conv_pw", "bn1"), ("conv_dw", "bn2"), ("conv_pwl", "bn3"))
_DEPTHWISE_SEPARABLE = (("conv_dw", "bn1"), ("conv_pw", "bn2"))


def _fold_backbone_bn(backbone: nn.Module) -> None:
    """Fold timm's BatchNormAct2d into the preceding convs, keeping the activation."""
    for module in backbone.modules():
        names = dict(module.named_children())
        if "conv_stem" in names:
            pairs = _STEM
        elif "conv_pwl" in names:
            pairs = _INVERTED_RESIDUAL
        else:
            pairs = _DEPTHWISE_SEPARABLE
        for conv_name, bn_name in pairs:
            conv, bn = names.get(conv_name), names.get(bn_name)
            if not isinstance(conv, nn.Conv2d) or not isinstance(bn, nn.BatchNorm2d):
                continue
            fold_bn_into(conv, bn)
            # timm's BatchNormAct2d = BN -> drop -> act; keep the activation part only.
            setattr(module, bn_name, getattr(bn, "act", None) or nn.Identity())
