"""The versions a run, the About box and ``efficientdet --version`` record.

``app_version`` is torch-free (the GUI calls it); ``versions`` imports torch and timm.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

DISTRIBUTION = "efficientdet-studio"


def app_version() -> str:
    """This distribution's version (the frozen bundle carries its metadata too)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def versions() -> dict[str, str | None]:
    """app, python, torch, torchvision, timm, CUDA and cuDNN (None: this torch has no CUDA)."""
    import timm
    import torch
    import torchvision

    cudnn = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
    return {
        "app": app_version(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "timm": timm.__version__,
        "cuda": torch.version.cuda,
        "cudnn": str(cudnn) if cudnn else None,
        "frozen": "yes" if getattr(sys, "frozen", False) else "no",
    }


def version_text() -> str:
    """One line per component, for ``--version``."""
    v = versions()
    lines = [f"efficientdet-studio {v['app']}"]
    lines += [f"  {k}: {v[k] or 'none'}" for k in ("python", "torch", "torchvision", "timm")]
    lines.append(f"  cuda (torch built with): {v['cuda'] or 'none (CPU-only torch)'}")
    lines.append(f"  cudnn: {v['cudnn'] or 'none'}")
    return "\n".join(lines)
