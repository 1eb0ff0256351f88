"""The BiFPN topology as data: the model builds exactly it, and the Fusion event carries it."""

from __future__ import annotations

import json

import pytest
import torch

from core import events as ev
from core import topology
from core.config import LEVELS, ModelConfig
from core.model import EfficientDet
from core.model.bifpn import BiFPNCell

# One P3-P7 cell as the reference (effdet's fpn_config for "bifpn") computes it.
D0_REFERENCE = [
    ("P6_td", ("P6_in", "P7_in")),
    ("P5_td", ("P5_in", "P6_td")),
    ("P4_td", ("P4_in", "P5_td")),
    ("P3_out", ("P3_in", "P4_td")),
    ("P4_out", ("P4_in", "P4_td", "P3_out")),
    ("P5_out", ("P5_in", "P5_td", "P4_out")),
    ("P6_out", ("P6_in", "P6_td", "P5_out")),
    ("P7_out", ("P7_in", "P6_out")),
]


def test_p3_p7_topology_is_the_reference_cell():
    nodes = topology.bifpn_nodes(3, 7)
    assert [(n.output, n.inputs) for n in nodes] == D0_REFERENCE
    assert [n.level for n in nodes] == [6, 5, 4, 3, 4, 5, 6, 7]
    assert nodes == topology.bifpn_nodes()  # P3-P7 is the default
    assert nodes[0].label == "P6_td <- P6_in, P7_in"
    assert nodes[4].label == "P4_out <- P4_in, P4_td, P3_out"


def test_every_input_exists_before_the_node_that_reads_it():
    for lo, hi in ((3, 7), (3, 8), (2, 4)):
        known = set(topology.cell_inputs(lo, hi))
        for node in topology.bifpn_nodes(lo, hi):
            assert set(node.inputs) <= known, node
            assert topology.level_of(node.output) == node.level
            known.add(node.output)
        assert set(topology.cell_outputs(lo, hi)) <= known


def test_p8_adds_one_top_down_and_one_bottom_up_node():
    nodes = topology.bifpn_nodes(3, 8)
    assert len(nodes) == 10
    assert nodes[0] == topology.Node("P7_td", 7, ("P7_in", "P8_in"))
    assert nodes[-1] == topology.Node("P8_out", 8, ("P8_in", "P7_out"))
    assert topology.feature_names(3, 8)[:6] == tuple(f"P{lvl}_in" for lvl in range(3, 9))


def test_names_and_labels_parse_and_format_round_trip():
    assert topology.parse_name("P6_td") == (6, "td")
    assert topology.feature_name(6, "td") == "P6_td"
    assert topology.kind_of("P3_out") == "out"
    assert topology.level_range(["P7_in", "P3_out", "P5_td"]) == (3, 7)
    for node in topology.bifpn_nodes(3, 8):
        assert topology.parse_label(node.label) == (node.output, node.inputs)
        assert topology.format_label(*topology.parse_label(node.label)) == node.label
    for bad in ("P6", "p6_td", "P6_mid", "P6_td "):
        with pytest.raises(ValueError, match="P5_td"):
            topology.parse_name(bad)
    for bad in ("P6_td", "P6_td <- ", "P6_td <- P6_in, bogus", "<- P6_in"):
        with pytest.raises(ValueError):
            topology.parse_label(bad)
    with pytest.raises(ValueError):
        topology.feature_name(6, "mid")
    with pytest.raises(ValueError):
        topology.bifpn_nodes(5, 5)


def test_the_d0_model_exposes_exactly_the_topology():
    cfg = ModelConfig(level="d0", num_classes=2, image_size=128)
    model = EfficientDet(cfg)
    spec = LEVELS["d0"]
    expected = topology.bifpn_nodes(spec.min_level, spec.max_level)
    assert len(model.fpn.cells) == spec.fpn_cells
    for cell in model.fpn.cells:
        assert [(n.spec.output, n.spec.inputs, n.spec.level) for n in cell.nodes] == [
            (n.output, n.inputs, n.level) for n in expected
        ]
        for node in cell.nodes:
            assert node.weight is not None and node.weight.numel() == len(node.spec.inputs)
    reported = model.fusion_weights()
    assert [(w.cell, w.node) for w in reported] == [
        (c, i) for c in range(spec.fpn_cells) for i in range(len(expected))
    ]
    for w in reported:
        node = expected[w.node]
        assert (w.label, w.output, tuple(w.inputs)) == (node.label, node.output, node.inputs)
        assert len(w.weights) == len(node.inputs)


def test_a_p3_p8_cell_runs_the_topology_it_was_built_from():
    levels = list(range(3, 9))
    cell = BiFPNCell(levels, channels=8, method="softmax").eval()
    assert [n.spec for n in cell.nodes] == list(topology.bifpn_nodes(3, 8))
    feats = [torch.randn(1, 8, 2 ** (9 - lvl), 2 ** (9 - lvl)) for lvl in levels]
    with torch.inference_mode():
        out = cell(feats)
    assert [tuple(o.shape) for o in out] == [tuple(f.shape) for f in feats]


def test_fusion_event_wire_format_is_unchanged():
    node = topology.bifpn_nodes()[0]
    fusion = ev.Fusion(
        epoch=2,
        method="fast",
        nodes=[ev.FusionNode(0, 0, node.label, node.output, list(node.inputs), [0.25, 0.75])],
        time=1.0,
    )
    body = json.loads(ev.encode(fusion))
    assert body == {
        "v": 1,
        "event": "fusion",
        "time": 1.0,
        "epoch": 2,
        "method": "fast",
        "nodes": [
            {
                "cell": 0,
                "node": 0,
                "label": "P6_td <- P6_in, P7_in",
                "output": "P6_td",
                "inputs": ["P6_in", "P7_in"],
                "weights": [0.25, 0.75],
            }
        ],
    }
    assert ev.decode(ev.encode(fusion)) == fusion
