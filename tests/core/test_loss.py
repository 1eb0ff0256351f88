"""Detection loss: parity with the effdet port, empty images, bad targets, bf16 autocast."""

from __future__ import annotations

import math
import warnings

import pytest
import torch

from core.boxes import make_anchors
from core.boxes.anchors import anchors_per_location, feature_sizes
from core.config import ModelConfig
from core.loss import detection_loss

with warnings.catch_warnings():  # the port scripts a few classes at import time
    warnings.simplefilter("ignore")
    effdet = pytest.importorskip("effdet")
    effdet_anchors = pytest.importorskip("effdet.anchors")
    effdet_loss = pytest.importorskip("effdet.loss")

CFG = ModelConfig(level="d0", image_size=128, num_classes=3)
XY_YX = [1, 0, 3, 2]


def outputs(n: int, seed: int = 0, requires_grad: bool = False):
    g = torch.Generator().manual_seed(seed)
    a, k = anchors_per_location(CFG), CFG.num_classes
    sizes = feature_sizes(CFG.size, 7)
    cls = [torch.randn(n, a * k, sizes[l], sizes[l], generator=g) - 2 for l in range(3, 8)]
    box = [0.2 * torch.randn(n, a * 4, sizes[l], sizes[l], generator=g) for l in range(3, 8)]
    for t in cls + box:
        t.requires_grad_(requires_grad)
    return cls, box


def target(m: int, seed: int) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(m, 2, generator=g) * 80
    wh = 6 + torch.rand(m, 2, generator=g) * 50
    labels = torch.randint(0, CFG.num_classes, (m,), generator=g)
    return {"boxes": torch.cat([xy, (xy + wh).clamp(max=128)], 1), "labels": labels}


def port_loss(cls, box, targets):
    """The port's loss: its AnchorLabeler (yxyx boxes, 1-based labels) and DetectionLoss."""
    config = effdet.get_efficientdet_config("tf_efficientdet_d0")
    config.num_classes = CFG.num_classes
    config.image_size = (CFG.size, CFG.size)
    anchors = effdet_anchors.Anchors.from_config(config)
    labeler = effdet_anchors.AnchorLabeler(anchors, CFG.num_classes, match_threshold=0.5)
    m = max(len(t["labels"]) for t in targets)
    boxes = torch.zeros(len(targets), m, 4)
    labels = torch.full((len(targets), m), -1.0)  # -1: padding, filtered by the labeler
    for i, t in enumerate(targets):
        boxes[i, : len(t["labels"])] = t["boxes"][:, XY_YX]
        labels[i, : len(t["labels"])] = t["labels"].float() + 1
    cls_t, box_t, num_pos = labeler.batch_label_anchors(boxes, labels)
    total, cls_loss, box_loss = effdet_loss.DetectionLoss(config)(cls, box, cls_t, box_t, num_pos)
    return {"loss": total, "class_loss": cls_loss, "box_loss": box_loss}


def test_loss_equals_the_port():
    cls, box = outputs(3, requires_grad=True)
    targets = [target(4, 1), target(1, 2), target(7, 3)]
    ours = detection_loss(cls, box, make_anchors(CFG), targets, CFG.num_classes)
    port = port_loss(cls, box, targets)
    for key in ("loss", "class_loss", "box_loss"):
        torch.testing.assert_close(ours[key], port[key], rtol=1e-4, atol=0)
    assert ours["box_loss"] > 0
    grads = torch.autograd.grad(ours["loss"], cls + box)
    port_grads = torch.autograd.grad(port["loss"], cls + box)
    for g, pg in zip(grads, port_grads, strict=True):
        torch.testing.assert_close(g, pg, rtol=1e-4, atol=1e-7)


def test_image_without_boxes_gives_exactly_zero_box_loss():
    cls, box = outputs(2, requires_grad=True)
    empty = {"boxes": torch.zeros(0, 4), "labels": torch.zeros(0, dtype=torch.long)}
    out = detection_loss(cls, box, make_anchors(CFG), [empty, empty], CFG.num_classes)
    assert out["box_loss"].item() == 0.0
    assert math.isfinite(out["class_loss"].item()) and out["class_loss"].item() > 0
    out["loss"].backward()
    assert all(torch.isfinite(t.grad).all() for t in cls + box)
    # one empty image among others still agrees with the port
    targets = [empty, target(3, 5)]
    mixed = detection_loss(cls, box, make_anchors(CFG), targets, CFG.num_classes)
    torch.testing.assert_close(
        mixed["loss"], port_loss(cls, box, targets)["loss"], rtol=1e-4, atol=0
    )


def test_loss_trains_only_the_matched_class_channel():
    cls, box = outputs(1, requires_grad=True)
    t = {"boxes": torch.tensor([[16.0, 16.0, 48.0, 48.0]]), "labels": torch.tensor([2])}
    detection_loss(cls, box, make_anchors(CFG), [t], CFG.num_classes)["loss"].backward()
    # the 32 px box matches anchors of P3 (stride 8, base 32 px): gradient pushes class 2 up there
    a, k = anchors_per_location(CFG), CFG.num_classes
    g = cls[0].grad.reshape(1, a, k, 16, 16)
    assert (g[:, :, 2] < 0).any() and not (g[:, :, :2] < 0).any()
    assert box[0].grad.abs().sum() > 0 and box[4].grad.abs().sum() == 0


def test_bad_targets_raise_clear_errors():
    cls, box = outputs(1)
    anchors = make_anchors(CFG)
    bad_label = {"boxes": torch.tensor([[0.0, 0, 10, 10]]), "labels": torch.tensor([3])}
    with pytest.raises(ValueError, match=r"0-based class indices in \[0, 2\]"):
        detection_loss(cls, box, anchors, [bad_label], CFG.num_classes)
    bad_shape = {"boxes": torch.zeros(2, 5), "labels": torch.zeros(2, dtype=torch.long)}
    with pytest.raises(ValueError, match=r"targets\[0\]"):
        detection_loss(cls, box, anchors, [bad_shape], CFG.num_classes)
    with pytest.raises(ValueError, match="anchors"):
        detection_loss(cls, box, anchors[:-9], [target(1, 0)], CFG.num_classes)


def test_loss_under_bf16_autocast_is_finite():
    cls, box = outputs(2, seed=4)
    conv = torch.nn.Conv2d(1, 1, 1)  # a trainable layer in front, run in bf16 by autocast
    anchors = make_anchors(CFG)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        cls_bf = [conv(c.reshape(-1, 1, *c.shape[-2:])).reshape(c.shape) for c in cls]
        box_bf = [conv(b.reshape(-1, 1, *b.shape[-2:])).reshape(b.shape) for b in box]
        assert cls_bf[0].dtype == torch.bfloat16
        out = detection_loss(cls_bf, box_bf, anchors, [target(3, 6), target(0, 7)], 3)
    assert out["loss"].dtype == torch.float32
    assert all(math.isfinite(v.item()) for v in out.values())
    out["loss"].backward()
    assert torch.isfinite(conv.weight.grad).all() and conv.weight.grad.abs().sum() > 0
