"""Where the fusion inspector draws the BiFPN cell: node positions in scene units, the level
spacing that fits a view, and the colour of a fusion weight. Qt types only, no widgets."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from core import topology

COLUMN_OF = {kind: i for i, kind in enumerate(topology.KINDS)}  # inputs, top-down, outputs
DX, DY, R = 220.0, 90.0, 24.0  # scene units: column spacing, level spacing, node radius
LABEL_PT, MIN_LABEL_PT = 9, 8  # the drawing's font size (scene units) and its least on screen


def weight_colour(w: float) -> QColor:
    """0 -> light blue, 0.5 -> orange, 1 -> dark red."""
    w = min(max(w, 0.0), 1.0)
    stops = ((0.0, (158, 202, 225)), (0.5, (253, 141, 60)), (1.0, (165, 15, 21)))
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if w <= b:
            t = (w - a) / (b - a)
            return QColor(*(int(x + (y - x) * t) for x, y in zip(ca, cb, strict=True)))
    return QColor(*stops[-1][1])


def node_position(name: str, max_level: int, dy: float = DY) -> QPointF:
    level, kind = topology.parse_name(name)
    return QPointF(COLUMN_OF[kind] * DX, (max_level - level) * dy)


def cell_layout(min_level: int, max_level: int, dy: float = DY) -> dict[str, QPointF]:
    """Where every feature of the topology's cell over P{min_level}..P{max_level} is drawn,
    ``dy`` scene units between levels."""
    return {
        name: node_position(name, max_level, dy)
        for name in topology.feature_names(min_level, max_level)
    }


def level_spacing(levels: int, view_w: int, view_h: int) -> float:
    """Scene units between levels so the drawing takes the view's shape: a wide, short dock
    gets the levels closer (down to DY / 2) instead of a tiny drawing in its middle."""
    if view_w <= 0 or view_h <= 0 or levels < 2:
        return DY
    width = 2 * DX + 4 * R + 40  # three columns, the nodes and the fit margins
    # height: the levels, the column titles above (0.9 dy) and the legend below (0.8 dy + text)
    dy = (width * view_h / view_w - 2 * R - 80) / (levels - 1 + 1.7)
    return min(max(dy, DY / 2), DY)
