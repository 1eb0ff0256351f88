"""Tiles of large images: the grid both training and sliced inference cut (torch-free).

A project tiles when its project.json has ``"tiling": {"size": 512, "overlap": 0.2}``; tiles
are squares of ``size`` full-resolution pixels, neighbours overlapping by ``overlap`` of a side.
Coordinates are full-image pixels, (x0, y0, x1, y1) with x1/y1 exclusive.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

MIN_TILE = 64  # px; smaller tiles hold too little context for a detector
MAX_OVERLAP = 0.9


@dataclass(frozen=True)
class TileSpec:
    size: int  # tile side in full-resolution pixels
    overlap: float = 0.2  # fraction of a side shared by neighbouring tiles
    min_visible: float = 0.5  # a clipped box is kept when this fraction of its area is inside
    empty_rate: float = 0.1  # fraction of the tiles without boxes that still train

    def problems(self) -> list[str]:
        out = []
        if not isinstance(self.size, int) or self.size < MIN_TILE:
            out.append(f"tile size must be a whole number of pixels >= {MIN_TILE}, not {self.size}")
        if not 0 <= self.overlap <= MAX_OVERLAP:
            out.append(f"tile overlap must be in [0, {MAX_OVERLAP}], not {self.overlap}")
        if not 0 < self.min_visible <= 1:
            out.append(f"min_visible must be in (0, 1], not {self.min_visible}")
        if not 0 <= self.empty_rate <= 1:
            out.append(f"empty_rate must be in [0, 1], not {self.empty_rate}")
        return out


def tile_spec(settings: Mapping) -> TileSpec | None:
    """The project's tiling (project.json ``tiling``), or None when it does not tile.
    Raises ValueError naming the field when the setting is malformed."""
    given = settings.get("tiling")
    if not given:
        return None
    if not isinstance(given, Mapping) or "size" not in given:
        raise ValueError('project.json: "tiling" must be {"size": <px>, "overlap": <0..0.9>}')
    known = {"size", "overlap", "min_visible", "empty_rate"}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(
            f'project.json: "tiling" has unknown keys {unknown} (known: {sorted(known)})'
        )
    spec = TileSpec(**{k: given[k] for k in known if k in given})
    if spec.problems():
        raise ValueError("project.json: " + "; ".join(spec.problems()))
    return spec


Box = tuple[int, int, int, int]  # x0, y0, x1, y1


def tile_grid(width: int, height: int, size: int, overlap: float) -> list[Box]:
    """Tiles covering a width x height image, row by row: squares of ``size`` (clipped to the
    image when it is smaller), evenly spread so the first and last touch the edges and
    neighbours overlap by at least ``overlap * size``."""
    return [
        (x0, y0, min(x0 + size, width), min(y0 + size, height))
        for y0 in _starts(height, size, overlap)
        for x0 in _starts(width, size, overlap)
    ]


def _starts(length: int, size: int, overlap: float) -> list[int]:
    if length <= size:
        return [0]
    stride = max(1, size * (1 - overlap))
    n = math.ceil((length - size) / stride) + 1
    span = length - size
    return [round(i * span / (n - 1)) for i in range(n)]
