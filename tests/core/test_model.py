"""The EfficientDet model: shapes at every level, gradients, fusion weights, weight loading."""

from __future__ import annotations

import socket

import pytest
import timm
import torch
from timm.layers import DropPath

from core.config import LEVELS, ModelConfig
from core.model import EfficientDet, backbone, load_weights
from core.model.backbone import BackboneWeightsError
from core.model.weights import WeightsError


def _randomize_bn(model: torch.nn.Module, seed: int = 0) -> None:
    """Non-trivial running statistics, so BN folding and loading are really exercised."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.rand(m.num_features, generator=g) - 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)


@pytest.mark.parametrize("level", list(LEVELS))
def test_forward_shapes_at_the_smallest_input(level: str) -> None:
    spec = LEVELS[level]
    size = 2**spec.max_level  # the smallest input ModelConfig accepts
    model = EfficientDet(ModelConfig(level=level, num_classes=3, image_size=size)).eval()
    with torch.inference_mode():
        classes, boxes = model(torch.randn(1, 3, size, size))
    levels = range(spec.min_level, spec.max_level + 1)
    assert [tuple(c.shape) for c in classes] == [(1, 9 * 3, size >> l, size >> l) for l in levels]
    assert [tuple(b.shape) for b in boxes] == [(1, 9 * 4, size >> l, size >> l) for l in levels]
    weights = model.fusion_weights()
    assert len(weights) == spec.fpn_cells * 2 * (spec.max_level - spec.min_level)
    assert all((w.weights is None) == (spec.fusion == "sum") for w in weights)


def test_non_square_input_and_a_clear_error_for_a_bad_size() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=2, image_size=128)).eval()
    with torch.inference_mode():
        classes, _ = model(torch.randn(1, 3, 128, 256))
        assert [tuple(c.shape[-2:]) for c in classes] == [(16, 32), (8, 16), (4, 8), (2, 4), (1, 2)]
        classes, _ = model(torch.randn(1, 3, 64, 64))  # below 2**7: top levels are 1x1
        assert [tuple(c.shape[-2:]) for c in classes] == [(8, 8), (4, 4), (2, 2), (1, 1), (1, 1)]
        with pytest.raises(ValueError, match="divisible by 8"):
            model(torch.randn(1, 3, 64, 100))


def test_every_parameter_gets_a_gradient() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=2, image_size=128)).train()
    classes, boxes = model(torch.randn(2, 3, 64, 64))
    sum(o.float().pow(2).mean() for o in classes + boxes).backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, f"no gradient for {name}"


def test_class_bias_starts_at_the_prior_and_outputs_do_not_depend_on_mode() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=2, image_size=128))
    prior = torch.sigmoid(model.class_head.out.pw.bias)
    assert torch.allclose(prior, torch.full_like(prior, 0.01))
    _randomize_bn(model)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        evaluated = model.eval()(x)
        model.train()
        for m in model.modules():  # the layers whose mode is their job: statistics, dropout
            if isinstance(m, (torch.nn.modules.batchnorm._BatchNorm, DropPath, torch.nn.Dropout)):
                m.eval()
        trained = model(x)
    assert model.training and model.class_head.training and model.fpn.training
    assert isinstance(trained, tuple) and len(trained) == 2
    assert [len(o) for o in trained] == [len(o) for o in evaluated] == [5, 5]
    for a, b in zip(evaluated[0] + evaluated[1], trained[0] + trained[1], strict=True):
        assert a.shape == b.shape and torch.equal(a, b)


@pytest.mark.parametrize("method", ["fast", "softmax"])
def test_fusion_weights_are_normalized_and_labelled(method: str) -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=1, image_size=128, fusion=method))
    with torch.no_grad():
        for cell in model.fpn.cells:
            for node in cell.nodes:
                node.weight.uniform_(0.1, 2.0)
                node.weight[0] = -0.3  # fast fusion clips it to 0; softmax keeps it small
    nodes = model.fusion_weights()
    assert len(nodes) == 24 and sum(len(n.weights) for n in nodes) == 57
    for n in nodes:
        # fast: w / (1e-4 + sum w), so the sum falls short of 1 by about 1e-4 / sum w
        assert sum(n.weights) == pytest.approx(1.0, abs=1e-3 if method == "fast" else 1e-6)
        assert len(n.weights) == len(n.inputs) and min(n.weights) >= 0
        assert (n.weights[0] == 0.0) == (method == "fast")
        assert n.label == f"{n.output} <- {', '.join(n.inputs)}"
    p5_out = next(n for n in nodes if n.cell == 1 and n.output == "P5_out")
    assert p5_out.inputs == ["P5_in", "P5_td", "P4_out"]
    assert [n.output for n in nodes[:8]] == [
        "P6_td", "P5_td", "P4_td", "P3_out", "P4_out", "P5_out", "P6_out", "P7_out",
    ]  # fmt: skip


def test_sum_fusion_reports_no_weights() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=1, image_size=128, fusion="sum"))
    nodes = model.fusion_weights()
    assert len(nodes) == 24 and all(n.weights is None for n in nodes)
    assert not any("fpn.cells" in k and k.endswith(".weight") and v.ndim == 1
                   for k, v in model.state_dict().items() if ".nodes." in k and "conv" not in k
                   and "lateral" not in k)  # fmt: skip


def test_fuse_for_inference_keeps_outputs() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=4, image_size=128)).eval()
    _randomize_bn(model)
    x = torch.randn(2, 3, 64, 64)
    with torch.inference_mode():
        ref = model(x)
        model.fuse_for_inference()
        assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in model.backbone.modules()), (
            "backbone BN left unfolded"
        )
        got = model(x)
    for a, b in zip(ref[0] + ref[1], got[0] + got[1], strict=True):
        assert (a - b).abs().max().item() <= 1e-4


def test_backbone_parameters_are_the_efficientnet() -> None:
    model = EfficientDet(ModelConfig(level="d0", num_classes=1, image_size=128))
    backbone = {id(p) for p in model.backbone_parameters()}
    rest = {id(p) for p in model.head_parameters()}
    assert backbone and rest and not backbone & rest
    assert len(backbone) + len(rest) == len(list(model.parameters()))


@pytest.mark.parametrize("suffix", [".pth", ".safetensors"])
def test_backbone_weights_from_a_local_file(tmp_path, suffix: str) -> None:
    torch.manual_seed(1)
    source = timm.create_model("tf_efficientnet_b0", pretrained=False)
    path = tmp_path / f"b0{suffix}"
    if suffix == ".pth":
        torch.save(source.state_dict(), path)
    else:
        from safetensors.torch import save_file

        save_file({k: v.contiguous() for k, v in source.state_dict().items()}, str(path))
    model = EfficientDet(ModelConfig(level="d0", image_size=128, backbone_weights=str(path)))
    ours = model.backbone.state_dict()
    theirs = source.state_dict()
    assert len(ours) > 100
    for key, value in ours.items():
        assert torch.equal(value, theirs[key]), key


def test_backbone_weights_file_that_does_not_fit(tmp_path) -> None:
    path = tmp_path / "b1.pth"
    torch.save(timm.create_model("tf_efficientnet_b1", pretrained=False).state_dict(), path)
    with pytest.raises(BackboneWeightsError, match="does not fit the backbone"):
        EfficientDet(ModelConfig(level="d0", image_size=128, backbone_weights=str(path)))


@pytest.fixture
def pretrained_flags(monkeypatch) -> list:
    """The ``pretrained`` argument of every timm.create_model call, in order."""
    calls: list = []
    real_create = timm.create_model

    def spy(*args, **kwargs):
        calls.append(kwargs.get("pretrained"))
        return real_create(*args, **kwargs)

    monkeypatch.setattr(timm, "create_model", spy)
    return calls


def test_pretrained_backbone_offline_fails_at_once_without_network(
    monkeypatch, pretrained_flags
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(BackboneWeightsError) as info:
        EfficientDet(ModelConfig(level="d0", image_size=128, pretrained_backbone=True))
    message = str(info.value)
    assert "tf_efficientnet_b0.ns_jft_in1k" in message and "backbone_weights" in message
    assert pretrained_flags == [True], "expected exactly one cache-only attempt, no retries"
    assert attempts == [], "a network connection was attempted"


def test_pretrained_backbone_with_an_unreachable_hub_fails_with_the_how_to(
    monkeypatch, pretrained_flags
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(backbone, "_hub_reachable", lambda timeout_s=1.5: False)
    with pytest.raises(BackboneWeightsError, match="cannot be reached.*backbone_weights"):
        EfficientDet(ModelConfig(level="d0", image_size=128, pretrained_backbone=True))
    assert pretrained_flags == [True], "only the cache-only attempt; no download with retries"


def test_load_weights_round_trip_from_state_dict_checkpoint_and_file(tmp_path) -> None:
    cfg = ModelConfig(level="d0", num_classes=3, image_size=128)
    src = EfficientDet(cfg).eval()
    _randomize_bn(src, seed=3)
    x = torch.randn(1, 3, 64, 64)
    with torch.inference_mode():
        expected = src(x)[0][0]
    path = tmp_path / "w.pt"
    torch.save({"model": src.state_dict(), "epoch": 3}, path)
    dst = EfficientDet(cfg).eval()
    for source in (src.state_dict(), {"model": src.state_dict()}, path, str(path)):
        with torch.no_grad():  # spoil every float tensor, so each load must restore it
            for t in dst.state_dict().values():
                if t.is_floating_point():
                    t.add_(1.0)
        assert load_weights(dst, source) == []
        with torch.inference_mode():
            assert torch.equal(dst(x)[0][0], expected)


def test_load_weights_with_other_num_classes_keeps_the_rest() -> None:
    src = EfficientDet(ModelConfig(level="d0", num_classes=90, image_size=128))
    _randomize_bn(src, seed=4)
    dst = EfficientDet(ModelConfig(level="d0", num_classes=5, image_size=128))
    before = dst.class_head.out.pw.weight.clone()
    notes = load_weights(dst, src.state_dict())
    assert any("90 classes" in n and "final class layer" in n for n in notes)
    assert torch.equal(dst.class_head.out.pw.weight, before)
    assert torch.equal(dst.box_head.out.pw.weight, src.box_head.out.pw.weight)
    assert torch.equal(dst.fpn.cells[2].nodes[5].weight, src.fpn.cells[2].nodes[5].weight)


def test_load_weights_of_another_level_fails_with_the_keys() -> None:
    src = EfficientDet(ModelConfig(level="d1", num_classes=2, image_size=128))
    dst = EfficientDet(ModelConfig(level="d0", num_classes=2, image_size=128))
    with pytest.raises(WeightsError, match=r"D0 model.*(missing|unexpected|shapes).*fpn\."):
        load_weights(dst, src.state_dict())
