"""`efficientdet info`: the D0-D7x and Lite0-Lite4 table with parameters, GMACs and anchors.

Models are built on the meta device (shapes only, no memory, no arithmetic), so all fifteen
rows take seconds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

from core.boxes.anchors import feature_sizes
from core.config import LEVELS, ModelConfig
from core.fileio import write_atomic


def _anchor_count(cfg: ModelConfig) -> int:
    spec, per_position = cfg.spec, cfg.num_scales * len(cfg.aspect_ratios)
    sides = feature_sizes(cfg.size, spec.max_level)  # ceil-halving, like the model's maps
    return sum(sides[lvl] ** 2 for lvl in range(spec.min_level, spec.max_level + 1)) * per_position


def measure(cfg: ModelConfig) -> tuple[int, float]:
    """(parameters, GMACs of the convolutions at cfg.size, batch 1) of one model."""
    from core.model.efficientdet import EfficientDet

    with torch.device("meta"):
        model = EfficientDet(cfg.with_(pretrained_backbone=False, backbone_weights=None))
        x = torch.empty(1, 3, cfg.size, cfg.size)
    params = sum(p.numel() for p in model.parameters())
    model.eval()
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        model(x)
    # Every flop counted here comes from a convolution (2 flops per multiply-add).
    return params, counter.get_total_flops() / 2 / 1e9


def level_table(num_classes: int = 90) -> list[dict]:
    """One row per level: sizes from the level table plus measured params, GMACs, anchors."""
    rows = []
    for name, spec in LEVELS.items():
        cfg = ModelConfig(level=name, num_classes=num_classes)
        params, gmacs = measure(cfg)
        rows.append(
            {
                "level": name.upper(),
                "backbone": spec.backbone,
                "input": spec.input_size,
                "fpn_channels": spec.fpn_channels,
                "fpn_cells": spec.fpn_cells,
                "head_convs": spec.head_convs,
                "levels": f"P{spec.min_level}-P{spec.max_level}",
                "fusion": spec.fusion,
                "params": params,
                "gmacs": round(gmacs, 2),
                "anchors": _anchor_count(cfg),
            }
        )
    return rows


_COLUMNS = (
    ("level", "level", "{}"),
    ("backbone", "backbone", "{}"),
    ("input", "input", "{}"),
    ("fpn_channels", "BiFPN width", "{}"),
    ("fpn_cells", "cells", "{}"),
    ("head_convs", "head convs", "{}"),
    ("levels", "levels", "{}"),
    ("fusion", "fusion", "{}"),
    ("params", "params", "{:,}"),
    ("gmacs", "GMACs", "{:.2f}"),
    ("anchors", "anchors", "{:,}"),
)


def format_table(rows: list[dict]) -> str:
    """A plain-text table with aligned columns."""
    cells = [[title for _, title, _ in _COLUMNS]]
    cells += [[fmt.format(row[key]) for key, _, fmt in _COLUMNS] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(_COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    parser.add_argument(
        "--num-classes", type=int, default=90, help="classes of the class head (default: 90)"
    )


def run(args: argparse.Namespace) -> int:
    if args.num_classes < 1:
        print("efficientdet info: --num-classes must be at least 1")
        return 2
    rows = level_table(args.num_classes)
    print(format_table(rows))
    print(
        f"\nparams for {args.num_classes} classes; GMACs: multiply-adds of the convolutions at "
        "the native input, batch 1. D6-D7x and Lite0-Lite4 fuse BiFPN inputs by plain sums "
        "(official configs); Lite levels use ReLU6 and inputs scaled to [-1, 1]."
    )
    if args.json:
        write_atomic(Path(args.json), (json.dumps(rows, indent=2) + "\n").encode("utf-8"))
    return 0
