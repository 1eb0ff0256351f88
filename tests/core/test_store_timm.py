"""What the store files in the hub cache is what timm loads for ``pretrained_backbone``, with no
network and no config change."""

from __future__ import annotations

import pytest
import timm
import torch
from safetensors.torch import save_file

from core import store
from core.config import ModelConfig
from core.model.backbone import create_backbone


@pytest.mark.parametrize("suffix", [".safetensors", ".pth"])
def test_timm_loads_the_filed_backbone_offline(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(store, "LEGACY_FILES", {})  # a made-up .pth has no published hash
    torch.manual_seed(0)
    sd = {
        k: v.contiguous() for k, v in timm.create_model("tf_efficientnet_b0").state_dict().items()
    }
    src = tmp_path / f"b0{suffix}"
    if suffix == ".safetensors":
        save_file(sd, str(src))
    else:
        torch.save(sd, src)
    entry, path = store.import_file(src, "imagenet:d0")
    assert path.name == ("model.safetensors" if suffix == ".safetensors" else "pytorch_model.bin")
    backbone = create_backbone(ModelConfig("d0", pretrained_backbone=True))
    assert torch.equal(backbone.state_dict()["conv_stem.weight"], sd["conv_stem.weight"])
