"""Fusion inspector: weights per node sum to 1, the slider walks the events, sum models."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QGraphicsEllipseItem

from app.widgets.fusion_layout import node_position
from app.widgets.fusion_view import FusionView

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_worker import fusion_event  # noqa: E402

SHOTS = Path(tempfile.gettempdir()) / "effdet-studio-shots"  # docs/ gets real-run shots only


@pytest.fixture
def view(qtbot):
    v = FusionView()
    qtbot.addWidget(v)
    v.resize(900, 800)
    return v


def test_weights_shown_sum_to_one_per_node_and_slider_changes_them(view):
    view.set_events([fusion_event(e, "fast") for e in range(3)])
    assert view.slider.maximum() == 2 and view.slider.value() == 2
    last = view.shown_weights()
    assert len(last) == 8  # one cell of D0: 8 nodes
    for output, ws in last.items():
        assert sum(ws) == pytest.approx(1.0), output
    assert [len(ws) for ws in last.values()] == [2, 2, 2, 2, 3, 3, 3, 2]
    view.slider.setValue(0)
    first = view.shown_weights()
    assert first != last
    assert "epoch 1" in view.title.text()
    view.cell.setValue(2)
    assert view.shown_weights() != first  # another cell, other weights
    assert view.heat.rowCount() == 3 and view.heat.columnCount() == 19  # 3 cells x 19 inputs
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "fusion.png"))


def test_sum_models_are_drawn_unweighted_with_the_note(view):
    view.show()
    view.set_events([fusion_event(0, "sum")])
    assert view.note.isVisible()
    assert all(w is None for ws in view.shown_weights().values() for w in ws)
    assert "sum (unweighted)" in next(i.toolTip() for i in view.scene.items() if i.toolTip())


def test_live_events_follow_the_newest_unless_the_user_looks_back(view):
    view.add_event(fusion_event(0, "fast"))
    view.add_event(fusion_event(1, "fast"))
    assert view.slider.value() == 1
    view.slider.setValue(0)
    view.add_event(fusion_event(2, "fast"))
    assert view.slider.value() == 0 and view.slider.maximum() == 2


def test_export_png_and_svg(view, tmp_path):
    view.set_events([fusion_event(0, "softmax")])
    view.export_png(str(tmp_path / "f.png"))
    view.export_svg(str(tmp_path / "f.svg"))
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"
    svg = (tmp_path / "f.svg").read_text()
    assert "<svg" in svg and "BiFPN fusion weights" in svg


def test_layout_puts_levels_in_rows_and_kinds_in_columns():
    assert node_position("P7_in", 7).y() < node_position("P3_in", 7).y()
    assert (
        node_position("P5_in", 7).x()
        < node_position("P5_td", 7).x()
        < node_position("P5_out", 7).x()
    )
    with pytest.raises(ValueError, match="P5_td"):
        node_position("bogus", 7)


def test_a_d7x_cell_with_p8_is_drawn_with_six_levels(view):
    from core.events import Fusion, FusionNode

    nodes, latest = [], {lvl: f"P{lvl}_in" for lvl in range(3, 9)}
    for lvl in range(7, 2, -1):  # top-down, P3 is the cell's output
        out = f"P{lvl}_{'out' if lvl == 3 else 'td'}"
        nodes.append((out, [f"P{lvl}_in", latest[lvl + 1]]))
        latest[lvl] = out
    for lvl in range(4, 9):  # bottom-up
        same = [f"P{lvl}_in"] + ([latest[lvl]] if latest[lvl] != f"P{lvl}_in" else [])
        nodes.append((f"P{lvl}_out", same + [latest[lvl - 1]]))
        latest[lvl] = f"P{lvl}_out"
    event = Fusion(
        epoch=0,
        method="softmax",
        nodes=[
            FusionNode(0, i, "", out, ins, [1 / len(ins)] * len(ins))
            for i, (out, ins) in enumerate(nodes)
        ],
    )
    view.set_events([event])
    shown = view.shown_weights()
    assert len(shown) == 10 and shown["P7_td"] == [0.5, 0.5]
    assert {round(sum(ws), 6) for ws in shown.values()} == {1.0}


@pytest.mark.parametrize("levels", [(3, 7), (3, 8)])
def test_every_node_and_edge_of_the_topology_is_laid_out(view, levels):
    from core import topology
    from core.events import Fusion, FusionNode

    nodes = topology.bifpn_nodes(*levels)
    event = Fusion(
        epoch=0,
        method="fast",
        nodes=[
            FusionNode(c, i, n.label, n.output, list(n.inputs), [1 / len(n.inputs)] * len(n.inputs))
            for c in range(2)
            for i, n in enumerate(nodes)
        ],
    )
    view.set_events([event])
    assert list(view.positions) == list(topology.feature_names(*levels))
    assert len({(p.x(), p.y()) for p in view.positions.values()}) == len(view.positions)
    assert [(o, s) for o, s, _ in view.edges] == [(n.output, s) for n in nodes for s in n.inputs]
    circles = [i for i in view.scene.items() if isinstance(i, QGraphicsEllipseItem)]
    assert len(circles) == len(topology.feature_names(*levels))
    top, bottom = f"P{levels[1]}_in", f"P{levels[0]}_in"
    assert view.positions[top].y() < view.positions[bottom].y()
