"""`efficientdet info`: sizes and costs agree with the reference counts (REFERENCE.md)."""

from __future__ import annotations

import json

import pytest

from core.cli import main
from core.config import LEVELS, ModelConfig
from core.model import info
from core.model.info import measure

# effdet 0.4.1 + timm 1.0.31, 90 classes, native input, batch 1 (REFERENCE.md "Size and cost").
REFERENCE = {
    "d0": (3_880_067, 2.49),
    "d1": (6_625_898, 6.00),
    "d2": (8_097_039, 10.83),
    "d3": (12_032_296, 24.57),
    # REFERENCE.md "EfficientDet-Lite"
    "lite0": (3_243_470, 0.974),
    "lite1": (4_248_318, 1.967),
    "lite2": (5_252_334, 3.371),
    "lite3": (8_350_862, 7.480),
    "lite3x": (9_280_862, 13.978),
    "lite4": (15_130_894, 20.168),
}


@pytest.mark.parametrize("level", list(REFERENCE))
def test_params_and_gmacs_within_one_percent_of_the_reference(level: str) -> None:
    params, gmacs = measure(ModelConfig(level=level))
    ref_params, ref_gmacs = REFERENCE[level]
    assert abs(params - ref_params) <= 0.01 * ref_params, params
    assert abs(gmacs - ref_gmacs) <= 0.01 * ref_gmacs, gmacs


def test_gmacs_grow_with_the_input_and_params_with_the_classes() -> None:
    p90, g512 = measure(ModelConfig(level="d0"))
    _, g256 = measure(ModelConfig(level="d0", image_size=256))
    p2, _ = measure(ModelConfig(level="d0", num_classes=2, image_size=128))
    assert g512 == pytest.approx(4 * g256, rel=0.02)  # convs scale with H*W
    # only the final class conv changes: 64 * 9 * (90 - 2) weights + 9 * (90 - 2) biases
    assert p90 - p2 == 9 * 88 * 65


def test_info_prints_all_levels_and_writes_json(tmp_path, capsys, monkeypatch) -> None:
    # The real counts are checked above; here a stand-in keeps the fifteen rows cheap.
    fake = {name: (1_000_000 * (i + 1), 1.5 * (i + 1)) for i, name in enumerate(LEVELS)}
    monkeypatch.setattr(info, "measure", lambda cfg: fake[cfg.level])
    path = tmp_path / "levels.json"
    assert main(["info", "--json", str(path), "--num-classes", "3"]) == 0
    out = capsys.readouterr().out
    for name in ("D0", "D5", "D7X", "tf_efficientnet_b7", "GMACs", "49,104", "9,000,000"):
        assert name in out
    for name in ("LITE0", "LITE3X", "tf_efficientnet_lite4", "19,206", "15,000,000"):
        assert name in out
    rows = json.loads(path.read_text(encoding="utf-8"))
    d_rows = ["D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D7X"]
    lite_rows = ["LITE0", "LITE1", "LITE2", "LITE3", "LITE3X", "LITE4"]
    assert [r["level"] for r in rows] == d_rows + lite_rows
    assert [(r["params"], r["gmacs"]) for r in rows] == list(fake.values())
    assert rows[6]["fusion"] == "sum" and rows[7]["levels"] == "P3-P7"
    d0 = rows[0]
    assert (d0["input"], d0["fpn_channels"], d0["fpn_cells"], d0["head_convs"]) == (512, 64, 3, 3)
    assert d0["anchors"] == 49_104 and rows[8]["anchors"] == 442_260
    lite0 = rows[9]  # 320 px: P7 is 3x3 (ceil), 19,206 anchors as in the port
    assert (lite0["input"], lite0["fusion"], lite0["anchors"]) == (320, "sum", 19_206)
    assert main(["info", "--num-classes", "0"]) == 2
