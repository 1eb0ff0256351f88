"""Tiles of large images: the grid both training and sliced inference cut (torch-free).

A project tiles when its project.json has ``"tiling": {"size": 512, "overlap": 0.2}``; tiles
are squares of ``size`` full-resolution pixels, neighbours overlapping by ``overlap`` of a side.
Coordinates are full-image pixels, (x0, y0, x1, y1) with x1/y1 exclusive.

Training (core.data.tiled) keeps the boxes of a tile with ``clip_boxes_to_tile`` and trains an
epoch on ``plan_tiles``: every tile with a box and ``empty_rate`` of the others. A training
config's ``"tiling"`` takes the same keys (``parse_tiling`` / ``tiling_problems``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

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

    def to_dict(self) -> dict:
        """The ``"tiling"`` setting that gives this spec back through parse_tiling."""
        return {"size": self.size, "overlap": self.overlap, "min_visible": self.min_visible,
                "empty_rate": self.empty_rate}  # fmt: skip


def tile_spec(settings: Mapping) -> TileSpec | None:
    """The project's tiling (project.json ``tiling``), or None when it does not tile.
    Raises ValueError naming the field when the setting is malformed."""
    return parse_tiling(settings.get("tiling"), "project.json")


def parse_tiling(given: object, source: str) -> TileSpec | None:
    """A ``"tiling"`` setting (None or {}: no tiling) as a TileSpec; a malformed one raises
    ValueError whose message starts with ``source`` (a file name or "training config")."""
    problems = tiling_problems(given)
    if problems:
        raise ValueError(f"{source}: " + "; ".join(problems))
    if not given:
        return None
    return TileSpec(**{k: given[k] for k in TILING_KEYS if k in given})


TILING_KEYS = ("size", "overlap", "min_visible", "empty_rate")


def tiling_problems(given: object) -> list[str]:
    """What is wrong with a ``"tiling"`` setting, one message per problem ([] when it is fine;
    None and {} are fine and mean no tiling)."""
    if not given:  # None, {} (and false): no tiling
        return []
    if not isinstance(given, Mapping) or "size" not in given:
        return ['"tiling" must be {"size": <px>, "overlap": <0..0.9>}']
    unknown = sorted(set(given) - set(TILING_KEYS))
    if unknown:
        return [f'"tiling" has unknown keys {unknown} (known: {sorted(TILING_KEYS)})']
    for key in TILING_KEYS[1:]:
        value = given.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f'"tiling" {key} must be a number, not {value!r}']
    size = given["size"]
    if isinstance(size, bool) or not isinstance(size, int):
        return [f"tile size must be a whole number of pixels >= {MIN_TILE}, not {size!r}"]
    return TileSpec(**{k: given[k] for k in TILING_KEYS if k in given}).problems()


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


def clip_boxes_to_tile(
    boxes_xywh: Sequence[Sequence[float]] | np.ndarray,
    labels: Sequence[int] | np.ndarray,
    tile: Box,
    min_visible: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The boxes a tile trains on: (boxes (K, 4) float32 xywh in tile pixels, clipped to the
    tile; labels (K,) int64). ``boxes_xywh`` are full-image pixels; a box is kept when at least
    ``min_visible`` of its area lies inside the tile (boxes of no area are dropped)."""
    b = np.asarray(boxes_xywh, np.float32).reshape(-1, 4)
    lab = np.asarray(labels, np.int64).reshape(-1)
    x0, y0, x1, y1 = tile
    ix0, iy0 = np.maximum(b[:, 0], x0), np.maximum(b[:, 1], y0)
    ix1 = np.minimum(b[:, 0] + b[:, 2], x1)
    iy1 = np.minimum(b[:, 1] + b[:, 3], y1)
    inside = np.clip(ix1 - ix0, 0, None) * np.clip(iy1 - iy0, 0, None)
    area = b[:, 2] * b[:, 3]
    keep = (area > 0) & (inside >= min_visible * area) & (inside > 0)
    out = np.stack([ix0 - x0, iy0 - y0, ix1 - ix0, iy1 - iy0], axis=1)[keep]
    return out.astype(np.float32).reshape(-1, 4), lab[keep]


# (image id, width, height, boxes xywh in full-image pixels)
ImageBoxes = tuple[int, int, int, Sequence[Sequence[float]] | np.ndarray]


def plan_tiles(
    images: Sequence[ImageBoxes], spec: TileSpec, seed: int, epoch: int
) -> list[tuple[int, Box]]:
    """The (image id, tile) pairs one epoch trains on, in image then grid order: every tile
    that keeps a box (clip_boxes_to_tile), and ``round(empty_rate * n)`` of the n tiles that
    keep none, drawn anew per (seed, epoch). The count is the same every epoch."""
    positive: list[tuple[int, Box]] = []
    empty: list[tuple[int, Box]] = []
    for image_id, width, height, boxes in images:
        b = np.asarray(boxes, np.float32).reshape(-1, 4)
        labels = np.zeros(len(b), np.int64)
        for tile in tile_grid(width, height, spec.size, spec.overlap):
            kept, _ = clip_boxes_to_tile(b, labels, tile, spec.min_visible)
            (positive if len(kept) else empty).append((image_id, tile))
    n_empty = round(spec.empty_rate * len(empty))
    rng = np.random.default_rng([abs(int(seed)), abs(int(epoch))])
    drawn = set(rng.choice(len(empty), n_empty, replace=False).tolist()) if n_empty else set()
    chosen = set(positive) | {empty[i] for i in drawn}
    order = {im[0]: k for k, im in enumerate(images)}
    return sorted(chosen, key=lambda t: (order[t[0]], t[1][1], t[1][0]))


def tile_count(sizes: Iterable[tuple[int, int]], spec: TileSpec) -> int:
    """Tiles in the grids of images of these (width, height): an upper bound of the tiles an
    epoch trains on (plan_tiles keeps all with boxes, ``empty_rate`` of the others)."""
    return sum(len(tile_grid(w, h, spec.size, spec.overlap)) for w, h in sizes)


def suggest_tile_size(
    box_sides_px: Sequence[float],
    image_sizes: Sequence[tuple[int, int]],
    input_size: int,
    min_side: float,
) -> int | None:
    """A tile size for objects of these sides (full-image pixels) at this model input size,
    or None when the whole images resized to the input already show them big enough.

    A tile of side T is resized to the input size S, scaling boxes by S / T. The largest T
    (a multiple of 32) that brings the small boxes (the 20th percentile of the sides) to at
    least ``min_side`` input pixels is the answer. It never goes below S: a smaller tile would
    be enlarged, which adds no detail; raise the input size for objects that small instead.
    """
    if not len(box_sides_px) or not len(image_sizes):
        return None
    small = float(np.percentile(np.asarray(box_sides_px, np.float64), 20))
    longest = max(max(w, h) for w, h in image_sizes)
    if small * input_size / longest >= min_side:
        return None  # untiled, the whole image is scaled by S / longest side
    best = math.floor(small * input_size / min_side / 32) * 32
    size = max(best, math.ceil(input_size / 32) * 32, MIN_TILE)
    return None if size >= longest else size
