"""State dicts in the layout of the ``efficientnet-lite-pytorch`` package (``_conv_stem``,
``_blocks.N._depthwise_conv`` ...) renamed to timm's ``tf_efficientnet_lite*`` keys.

The two models hold the same tensors in the same order (stem, blocks, head, classifier), so
the i-th weight of one is the i-th weight of the other; every pair must agree in shape and in
kind (weight, bias, running mean, running variance) or nothing is renamed. BN step counters are
not mapped: they get fresh zeros.
"""

from __future__ import annotations

import timm
import torch
from torch import Tensor

COUNTER = "num_batches_tracked"


class PackageWeightsError(ValueError):
    """The file's tensors do not line up with the timm model's."""


def is_package_state_dict(sd: dict) -> bool:
    return "_conv_stem.weight" in sd and any(k.startswith("_blocks.") for k in sd)


def _timm_layout(timm_name: str) -> dict[str, torch.Size]:
    """Key -> shape of timm's full classifier ``timm_name``, built on the meta device."""
    with torch.device("meta"):
        model = timm.create_model(timm_name, pretrained=False)
    return {k: v.shape for k, v in model.state_dict().items()}


def to_timm(sd: dict[str, Tensor], timm_name: str) -> dict[str, Tensor]:
    """Rename a package state dict to the keys of timm's ``timm_name`` (values shared)."""
    layout = _timm_layout(timm_name)
    theirs = [k for k in sd if not k.endswith(COUNTER)]
    ours = [k for k in layout if not k.endswith(COUNTER)]
    if len(theirs) != len(ours):
        raise PackageWeightsError(
            f"{len(theirs)} tensors, but {timm_name} has {len(ours)}: another EfficientNet variant?"
        )
    out: dict[str, Tensor] = {}
    for src, dst in zip(theirs, ours, strict=True):
        if src.rsplit(".", 1)[-1] != dst.rsplit(".", 1)[-1] or sd[src].shape != layout[dst]:
            raise PackageWeightsError(
                f"{src} {tuple(sd[src].shape)} does not line up with {timm_name}'s {dst} "
                f"{tuple(layout[dst])}: another EfficientNet variant?"
            )
        out[dst] = sd[src]
    for key in layout:
        if key.endswith(COUNTER):
            out[key] = torch.zeros((), dtype=torch.long)
    return out
