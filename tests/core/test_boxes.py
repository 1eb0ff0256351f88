"""Anchors, box coder, matcher and post-processing, checked against the effdet port."""

from __future__ import annotations

import warnings

import pytest
import torch

from core.boxes import BELOW_THRESHOLD, decode, encode, flatten_outputs, make_anchors, match
from core.boxes.anchors import anchors_per_location, feature_sizes
from core.boxes.matcher import match_batch
from core.boxes.nms import gaussian_soft_nms, postprocess
from core.config import ModelConfig

with warnings.catch_warnings():  # the port scripts a few classes at import time
    warnings.simplefilter("ignore")
    effdet_anchors = pytest.importorskip("effdet.anchors")
    effdet_bench = pytest.importorskip("effdet.bench")
    effdet_od = pytest.importorskip("effdet.object_detection")

XY_YX = [1, 0, 3, 2]  # xyxy <-> yxyx column permutation (its own inverse)

REFERENCE_COUNTS = {
    "d0": 49_104, "d1": 76_725, "d2": 110_484, "d3": 150_381, "d4": 196_416,
    "d5": 306_900, "d6": 306_900, "d7": 441_936, "d7x": 442_260,
}  # fmt: skip


def port_anchors(cfg: ModelConfig) -> torch.Tensor:
    spec = cfg.spec
    a = effdet_anchors.Anchors(
        spec.min_level,
        spec.max_level,
        cfg.num_scales,
        list(cfg.aspect_ratios),
        cfg.base_anchor_scale,
        (cfg.size, cfg.size),
    )
    return a.boxes[:, XY_YX]


def test_a_smaller_anchor_scale_matches_the_ports_and_survives_the_checkpoint_dict():
    cfg = ModelConfig(level="d0", image_size=256, anchor_scale=2.0)
    ours = make_anchors(cfg)
    torch.testing.assert_close(ours, port_anchors(cfg).float())
    default = make_anchors(cfg.with_(anchor_scale=None))
    # the narrowest anchor: base (scale x stride 8) x aspect 0.7
    assert float((ours[:, 2] - ours[:, 0]).min()) == pytest.approx(2.0 * 8 * 0.7, rel=1e-4)
    assert float((default[:, 2] - default[:, 0]).min()) == pytest.approx(4.0 * 8 * 0.7, rel=1e-4)
    assert ModelConfig.from_dict(cfg.to_dict()).base_anchor_scale == 2.0
    with pytest.raises(ValueError, match="anchor_scale"):
        ModelConfig(anchor_scale=0)


def random_outputs(cfg: ModelConfig, n: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    a = anchors_per_location(cfg)
    sizes = feature_sizes(cfg.size, cfg.spec.max_level)
    levels = range(cfg.spec.min_level, cfg.spec.max_level + 1)
    cls = [torch.randn(n, a * cfg.num_classes, sizes[l], sizes[l], generator=g) for l in levels]
    box = [0.3 * torch.randn(n, a * 4, sizes[l], sizes[l], generator=g) for l in levels]
    return cls, box


def random_boxes(m: int, size: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(m, 2, generator=g) * size * 0.7
    wh = 4 + torch.rand(m, 2, generator=g) * size * 0.5
    return torch.cat([xy, (xy + wh).clamp(max=size)], dim=1)


@pytest.mark.parametrize("level", list(REFERENCE_COUNTS))  # Lite: tests/core/test_lite.py
def test_anchor_counts_match_the_reference_table(level):
    cfg = ModelConfig(level=level)
    assert make_anchors(cfg).shape == (REFERENCE_COUNTS[level], 4)


@pytest.mark.parametrize(("level", "size"), [("d0", 128), ("d7", 256), ("d7x", 256)])
def test_anchors_equal_the_port_in_order_and_place(level, size):
    cfg = ModelConfig(level=level, image_size=size)
    ours = make_anchors(cfg)
    assert ours.dtype == torch.float32
    torch.testing.assert_close(ours, port_anchors(cfg), rtol=0, atol=1e-5)


def test_flatten_outputs_rows_follow_anchor_order():
    cfg = ModelConfig(level="d0", image_size=128, num_classes=2)
    anchors = make_anchors(cfg)
    a, k = anchors_per_location(cfg), cfg.num_classes
    sizes = feature_sizes(cfg.size, cfg.spec.max_level)
    cls_out, box_out = [], []
    for level in range(3, 8):
        s = sizes[level]
        stride = cfg.size / s
        ys, xs = torch.meshgrid(torch.arange(s), torch.arange(s), indexing="ij")
        cx = ((xs + 0.5) * stride).float()  # (s, s) anchor centre x of each cell
        cy = ((ys + 0.5) * stride).float()
        # box channel a*4 + c: (cx, cy, anchor index, level); class channel a*K + j: a*K + j
        box = torch.stack(
            [
                torch.stack([cx, cy, torch.full_like(cx, i), torch.full_like(cx, level)])
                for i in range(a)
            ]
        ).reshape(1, a * 4, s, s)
        cls = torch.arange(a * k).float().reshape(1, a * k, 1, 1).expand(1, a * k, s, s)
        cls_out.append(cls)
        box_out.append(box)
    flat_cls, flat_box = flatten_outputs(cls_out, box_out, k)
    assert flat_cls.shape == (1, len(anchors), k) and flat_box.shape == (1, len(anchors), 4)
    centres = (anchors[:, :2] + anchors[:, 2:]) / 2
    torch.testing.assert_close(flat_box[0, :, :2], centres)
    anchor_id = torch.arange(len(anchors)) % a
    torch.testing.assert_close(flat_box[0, :, 2], anchor_id.float())
    torch.testing.assert_close(flat_cls[0, :, 1], (anchor_id * k + 1).float())
    # anchor i within a cell has scale i // 3 and ratio i % 3: widths grow with the scale
    widths = (anchors[:9, 2] - anchors[:9, 0]).reshape(3, 3)
    assert (widths[1] > widths[0]).all() and (widths[2] > widths[1]).all()


def test_flatten_outputs_rejects_mismatched_channels():
    with pytest.raises(ValueError, match="num_classes=3"):
        flatten_outputs([torch.zeros(1, 9 * 2, 4, 4)], [torch.zeros(1, 36, 4, 4)], 3)


def test_encode_decode_round_trip_and_port_codes():
    anchors = make_anchors(ModelConfig(level="d0", image_size=128))[::37]
    boxes = random_boxes(len(anchors), 128, seed=1)
    codes = encode(boxes, anchors)
    torch.testing.assert_close(decode(codes, anchors), boxes, rtol=0, atol=1e-3)
    port = effdet_od.FasterRcnnBoxCoder().encode(
        effdet_od.BoxList(boxes[:, XY_YX]), effdet_od.BoxList(anchors[:, XY_YX])
    )
    torch.testing.assert_close(codes, port)
    # decode also broadcasts over a batch dimension
    assert decode(codes.expand(2, -1, -1), anchors).shape == (2, len(anchors), 4)


def port_match(anchors: torch.Tensor, gt: torch.Tensor) -> torch.Tensor:
    matcher = effdet_od.ArgMaxMatcher(0.5, unmatched_threshold=0.5, force_match_for_each_row=True)
    iou = effdet_od.IouSimilarity().compare(
        effdet_od.BoxList(gt[:, XY_YX]), effdet_od.BoxList(anchors[:, XY_YX])
    )
    return matcher.match(iou).match_results


def test_match_equals_the_port_including_forced_matches():
    anchors = make_anchors(ModelConfig(level="d0", image_size=128))
    gt = torch.cat([random_boxes(6, 128, seed=2), torch.tensor([[60.0, 60.0, 63.0, 61.0]])])
    ours = match(anchors, gt)
    assert torch.equal(ours, port_match(anchors, gt))
    assert (ours == BELOW_THRESHOLD).any() and set(ours[ours >= 0].tolist()) == set(range(7))
    # the tiny last box is below 0.5 IoU everywhere, yet it claims exactly its best anchor
    assert (ours == 6).sum() == 1


def test_match_batch_with_padding_equals_per_image_matching():
    anchors = make_anchors(ModelConfig(level="d0", image_size=128))
    gts = [random_boxes(3, 128, seed=3), random_boxes(0, 128, seed=4), random_boxes(5, 128, seed=5)]
    padded = torch.zeros(3, 5, 4)
    valid = torch.zeros(3, 5, dtype=torch.bool)
    for i, g in enumerate(gts):
        padded[i, : len(g)] = g
        valid[i, : len(g)] = True
    batched = match_batch(anchors, padded, valid)
    for i, g in enumerate(gts):
        assert torch.equal(batched[i], match(anchors, g))
    assert (batched[1] == BELOW_THRESHOLD).all()


def port_detections(cls_out, box_out, cfg, candidates, soft=False):
    cls_top, box_top, idx, classes = effdet_bench._post_process(
        cls_out,
        box_out,
        num_levels=len(cls_out),
        num_classes=cfg.num_classes,
        max_detection_points=candidates,
    )
    anchors_yxyx = port_anchors(cfg)[:, XY_YX]
    size = torch.tensor([float(cfg.size), float(cfg.size)])
    return [
        effdet_anchors.generate_detections(
            cls_top[i],
            box_top[i],
            anchors_yxyx,
            idx[i],
            classes[i],
            torch.tensor(1.0),
            size,
            soft_nms=soft,
        )  # (100, 6): x1, y1, x2, y2, score, 1-based class; zero rows pad
        for i in range(len(idx))
    ]


def test_postprocess_equals_the_port():
    cfg = ModelConfig(level="d0", image_size=128, num_classes=3)
    cls_out, box_out = random_outputs(cfg, n=2)
    ours = postprocess(cls_out, box_out, make_anchors(cfg), 3, score_threshold=0.0)
    for det, port in zip(ours, port_detections(cls_out, box_out, cfg, 5000), strict=True):
        port = port[port[:, 4] > 0]
        assert len(det["boxes"]) == len(port) == 100
        torch.testing.assert_close(det["boxes"], port[:, :4])
        torch.testing.assert_close(det["scores"], port[:, 4])
        assert torch.equal(det["labels"], port[:, 5].long() - 1)
        assert det["labels"].dtype == torch.long
        assert det["boxes"].min() >= 0 and det["boxes"].max() <= cfg.size
        assert (det["scores"][:-1] >= det["scores"][1:]).all()


def test_soft_nms_equals_the_port():
    cfg = ModelConfig(level="d0", image_size=128, num_classes=2)
    cls_out, box_out = random_outputs(cfg, n=1, seed=7)
    ours = postprocess(cls_out, box_out, make_anchors(cfg), 2, max_candidates=300, soft_nms=True)
    port = port_detections(cls_out, box_out, cfg, 300, soft=True)[0]
    det = ours[0]
    assert len(det["scores"]) == 100
    torch.testing.assert_close(det["boxes"], port[:, :4])
    torch.testing.assert_close(det["scores"], port[:, 4], rtol=1e-4, atol=1e-6)
    assert torch.equal(det["labels"], port[:, 5].long() - 1)


def test_soft_nms_decays_overlaps_of_the_same_class_only():
    boxes = torch.tensor([[0.0, 0, 10, 10], [0, 0, 10, 9], [0, 0, 10, 9], [50, 50, 60, 60]])
    scores = torch.tensor([0.9, 0.8, 0.8, 0.7])
    labels = torch.tensor([0, 0, 1, 0])
    keep, new = gaussian_soft_nms(boxes, scores, labels)
    assert keep.tolist() == [0, 2, 3, 1]  # box 1 overlaps box 0 (IoU 0.9): decayed last
    torch.testing.assert_close(new[:3], torch.tensor([0.9, 0.8, 0.7]))
    torch.testing.assert_close(new[3], torch.tensor(0.8) * torch.exp(torch.tensor(-0.81 / 0.5)))


def test_postprocess_score_threshold_and_empty_result():
    cfg = ModelConfig(level="d0", image_size=128, num_classes=2)
    cls_out, box_out = random_outputs(cfg, n=1, seed=9)
    anchors = make_anchors(cfg)
    det = postprocess(cls_out, box_out, anchors, 2, score_threshold=0.8)[0]
    assert len(det["scores"]) > 0 and (det["scores"] > 0.8).all()
    quiet = [c - 20 for c in cls_out]  # every score below 0.001
    for soft in (False, True):
        none = postprocess(quiet, box_out, anchors, 2, soft_nms=soft)[0]
        assert none["boxes"].shape == (0, 4) and none["labels"].shape == (0,)
