"""Anchors, box coding, anchor matching and post-processing (boxes are xyxy input pixels), and
the torch-free box geometry of ``core.boxes.geometry`` (IoU, greedy matching, letterbox inverse).

The torch parts load on first use, so ``import core.boxes.geometry`` does not import torch.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "flatten_outputs": "core.boxes.anchors",
    "make_anchors": "core.boxes.anchors",
    "decode": "core.boxes.coder",
    "encode": "core.boxes.coder",
    "BELOW_THRESHOLD": "core.boxes.matcher",
    "match": "core.boxes.matcher",
    "match_batch": "core.boxes.matcher",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'core.boxes' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
