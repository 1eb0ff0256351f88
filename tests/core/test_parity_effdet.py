"""Outputs match the effdet port (the reference) once its state dict is loaded into ours."""

from __future__ import annotations

import pytest
import torch

from core.config import LEVELS, ModelConfig
from core.model import EfficientDet, convert_effdet_state_dict, load_weights

effdet = pytest.importorskip("effdet")


# our fusion method -> effdet's BiFPN config name
EFFDET_FPN = {"fast": "bifpn_fa", "softmax": "bifpn_attn", "sum": "bifpn_sum"}


def _reference(name: str, size: int, seed: int, fusion: str | None = None) -> torch.nn.Module:
    torch.manual_seed(seed)
    if fusion is None:
        ref = effdet.create_model(
            name, pretrained=False, pretrained_backbone=False, image_size=(size, size)
        )
    else:  # the same level with another BiFPN weighting
        config = effdet.get_efficientdet_config(name)
        config.image_size = (size, size)
        config.fpn_name = EFFDET_FPN[fusion]
        ref = effdet.EfficientDet(config, pretrained_backbone=False)
    ref.eval()
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():  # non-trivial BN statistics and fusion weights
        for m in ref.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.rand(m.num_features, generator=g) - 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.rand(m.num_features, generator=g) * 0.2 - 0.1)
            weights = getattr(m, "edge_weights", None)
            if isinstance(weights, torch.nn.Parameter):
                weights.copy_(torch.rand(weights.shape, generator=g) * 2)
    return ref


def _max_diff(ours, theirs) -> float:
    pairs = list(zip(ours[0] + ours[1], theirs[0] + theirs[1], strict=True))
    for a, b in pairs:
        assert a.shape == b.shape
    return max((a - b).abs().max().item() for a, b in pairs)


@pytest.mark.parametrize(
    ("level", "size"),
    # D6: "sum" fusion; Lite0: sum, ReLU6, the tf_efficientnet_lite0 backbone, anchor scale 3
    [("d0", 128), ("lite0", 128), pytest.param("d6", 128, marks=pytest.mark.slow)],
)
def test_outputs_match_effdet(level: str, size: int) -> None:
    ref = _reference(f"tf_efficientdet_{level}", size, seed=0)
    ref_sd = ref.state_dict()
    if level == "d0":
        assert len(ref_sd) == 784
    ours = EfficientDet(ModelConfig(level=level, image_size=size)).eval()
    assert ours.config.fusion_method == LEVELS[level].fusion
    notes = load_weights(ours, ref_sd)
    assert any("effdet" in n for n in notes)
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        theirs = ref(x)
        mine = ours(x)
        assert _max_diff(mine, theirs) <= 1e-4
        if level in ("d0", "lite0"):  # the fused model still matches the reference
            assert _max_diff(ours.fuse_for_inference()(x), theirs) <= 1e-4


@pytest.mark.parametrize("fusion", ["softmax", "sum"])
def test_outputs_match_effdet_for_each_fusion_method(fusion: str) -> None:
    ref = _reference("tf_efficientdet_d0", 128, seed=4, fusion=fusion)
    ours = EfficientDet(ModelConfig(level="d0", image_size=128, fusion=fusion)).eval()
    load_weights(ours, ref.state_dict())
    x = torch.randn(1, 3, 128, 128, generator=torch.Generator().manual_seed(5))
    with torch.inference_mode():
        assert _max_diff(ours(x), ref(x)) <= 1e-4


def test_converted_keys_cover_the_model_and_fusion_weights_carry_over() -> None:
    ref = _reference("tf_efficientdet_d0", 128, seed=2)
    converted = convert_effdet_state_dict(ref.state_dict())
    ours = EfficientDet(ModelConfig(level="d0", image_size=128))
    assert set(converted) == set(ours.state_dict())
    load_weights(ours, ref.state_dict())
    edge = torch.relu(ref.fpn.cell[1].fnode[4].combine.edge_weights)
    node = next(n for n in ours.fusion_weights() if n.cell == 1 and n.node == 4)
    assert node.weights == pytest.approx((edge / (edge.sum() + 1e-4)).tolist(), abs=1e-6)


def test_effdet_weights_with_other_classes_load_all_but_the_class_layer() -> None:
    ref = _reference("tf_efficientdet_d0", 128, seed=3)  # 90 COCO classes
    ours = EfficientDet(ModelConfig(level="d0", num_classes=4, image_size=128)).eval()
    notes = load_weights(ours, ref.state_dict())
    assert any("90 classes" in n for n in notes)
    x = torch.randn(1, 3, 128, 128)
    with torch.inference_mode():
        assert _max_diff(([], ours(x)[1]), ([], ref(x)[1])) <= 1e-4
