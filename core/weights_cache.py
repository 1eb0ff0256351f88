"""Which pretrained weights are already on this machine; torch-free, so the GUI can ask.

timm keeps ImageNet weights in the Hugging Face hub cache (``HF_HUB_CACHE``, else
``HF_HOME/hub``, else ``XDG_CACHE_HOME/huggingface/hub``, else ``~/.cache/huggingface/hub``),
one ``models--timm--<model>.<tag>`` folder per weights; older timm releases used torch's hub
folder (``TORCH_HOME/hub/checkpoints``). Nothing here touches the network.
"""

from __future__ import annotations

import os
from pathlib import Path

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def hub_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "huggingface" / "hub"


def torch_hub_dir() -> Path:
    if os.environ.get("TORCH_HOME"):
        return Path(os.environ["TORCH_HOME"]) / "hub" / "checkpoints"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "torch" / "hub" / "checkpoints"


def cached_backbone(timm_name: str) -> Path | None:
    """The local file of ``timm_name``'s ImageNet weights (any pretrained tag), or None."""
    for repo in sorted(hub_cache_dir().glob(f"models--timm--{timm_name}.*")):
        for snapshot in sorted((repo / "snapshots").glob("*")):
            for name in WEIGHT_FILES:
                if (snapshot / name).is_file():
                    return snapshot / name
    found = sorted(torch_hub_dir().glob(f"{timm_name}*.pth"))
    return found[0] if found else None
