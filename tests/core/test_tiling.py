"""core.tiling: the grid, clipping boxes to a tile, planning an epoch's tiles, the tile size
suggestion and the "tiling" setting of project.json and of a TrainConfig."""

from __future__ import annotations

import numpy as np
import pytest

from core.tiling import (
    TileSpec,
    clip_boxes_to_tile,
    plan_tiles,
    suggest_tile_size,
    tile_count,
    tile_grid,
    tile_spec,
)
from core.train.config import TrainConfig


@pytest.mark.parametrize(
    ("w", "h", "size", "overlap"),
    [(1500, 1200, 512, 0.2), (2299, 2472, 400, 0.3), (600, 300, 512, 0.2)],
)
def test_grid_covers_every_pixel_with_at_least_the_overlap(w, h, size, overlap):
    tiles = tile_grid(w, h, size, overlap)
    covered = np.zeros((h, w), bool)
    for x0, y0, x1, y1 in tiles:
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert x1 - x0 == min(size, w) and y1 - y0 == min(size, h)
        covered[y0:y1, x0:x1] = True
    assert covered.all()
    xs = sorted({t[0] for t in tiles})
    for a, b in zip(xs, xs[1:], strict=False):  # neighbours share >= overlap of a side
        assert a + size - b >= overlap * size - 1
    assert len(tiles) == tile_count([(w, h)], TileSpec(size, overlap))


def test_clipping_keeps_boxes_by_visible_area_in_tile_pixels():
    tile = (100, 200, 612, 712)
    boxes = [
        [150, 250, 20, 30],  # wholly inside
        [600, 300, 20, 10],  # 12 of 20 px wide inside: 60 %
        [605, 300, 20, 10],  # 7 of 20: 35 %
        [10, 10, 30, 30],  # outside
        [300, 300, 0, 10],  # no area
    ]
    kept, labels = clip_boxes_to_tile(boxes, [0, 1, 2, 3, 4], tile, 0.5)
    assert labels.tolist() == [0, 1]
    np.testing.assert_allclose(kept, [[50, 50, 20, 30], [500, 100, 12, 10]])
    kept, labels = clip_boxes_to_tile(boxes, [0, 1, 2, 3, 4], tile, 0.3)
    assert labels.tolist() == [0, 1, 2]
    assert kept.dtype == np.float32 and kept.shape == (3, 4)
    kept, labels = clip_boxes_to_tile([], [], tile, 0.5)
    assert kept.shape == (0, 4) and labels.shape == (0,)


def _images() -> list:
    rng = np.random.default_rng(3)
    out = []
    for image_id in range(1, 5):
        boxes = [[float(x), float(y), 24.0, 24.0] for x, y in rng.integers(0, 1400, (3, 2))]
        out.append((image_id, 2000, 1800, boxes))
    out.append((9, 2000, 1800, []))  # an image with no boxes: only empty tiles
    return out


def test_plan_keeps_every_positive_tile_and_samples_empty_ones_at_the_rate():
    images = _images()
    spec = TileSpec(512, 0.2, 0.5, 0.25)
    positive, empty = set(), set()
    for image_id, w, h, boxes in images:
        for tile in tile_grid(w, h, spec.size, spec.overlap):
            kept, _ = clip_boxes_to_tile(boxes, [0] * len(boxes), tile, spec.min_visible)
            (positive if len(kept) else empty).add((image_id, tile))
    assert positive and empty
    plan = plan_tiles(images, spec, seed=0, epoch=0)
    assert len(plan) == len(set(plan))
    assert positive <= set(plan)
    drawn = set(plan) - positive
    assert drawn <= empty and len(drawn) == round(0.25 * len(empty))
    assert {t[0] for t in drawn} & {9}  # the box-free image still gets some tiles

    none = plan_tiles(images, TileSpec(512, 0.2, 0.5, 0.0), seed=0, epoch=0)
    assert set(none) == positive
    every = plan_tiles(images, TileSpec(512, 0.2, 0.5, 1.0), seed=0, epoch=0)
    assert set(every) == positive | empty


def test_plan_is_deterministic_per_seed_and_epoch_and_redraws_empty_tiles():
    images, spec = _images(), TileSpec(512, 0.2, 0.5, 0.3)
    a = plan_tiles(images, spec, seed=1, epoch=0)
    assert plan_tiles(images, spec, seed=1, epoch=0) == a
    b = plan_tiles(images, spec, seed=1, epoch=1)
    c = plan_tiles(images, spec, seed=2, epoch=0)
    assert len(a) == len(b) == len(c)  # the same number of steps every epoch
    assert set(a) != set(b) and set(a) != set(c)


def test_suggested_tile_brings_small_boxes_to_the_minimum_side():
    sides = [20.0] * 30 + [60.0] * 70  # the 20th percentile is 20 px
    size = suggest_tile_size(sides, [(2400, 2400)], 512, 16)
    assert size is not None and size % 32 == 0 and size >= 512
    assert 20 * 512 / size >= 16  # small boxes big enough after scaling...
    assert 20 * 512 / (size + 32) < 16  # ...and the tile as large as that allows
    # already big enough untiled: 100 px boxes on 1000 px images at 512 stay 51 px
    assert suggest_tile_size([100.0] * 10, [(1000, 800)], 512, 16) is None
    # tinier than the input can show: never below the input size
    assert suggest_tile_size([4.0] * 10, [(4000, 3000)], 512, 16) == 512
    assert suggest_tile_size([], [(4000, 3000)], 512, 16) is None


def test_tiling_setting_problems_are_reported_with_the_field():
    assert tile_spec({}) is None and tile_spec({"tiling": {}}) is None
    assert tile_spec({"tiling": {"size": 640}}) == TileSpec(640)
    for bad, words in [
        ({"size": 16}, "tile size"),
        ({"size": 512, "overlap": 1.5}, "overlap"),
        ({"size": 512, "min_visible": "half"}, "min_visible must be a number"),
        ({"size": 512, "stride": 3}, "unknown keys"),
        ([512], "must be"),
    ]:
        with pytest.raises(ValueError, match="project.json: .*" + words):
            tile_spec({"tiling": bad})
        with pytest.raises(ValueError, match="invalid training config: .*" + words):
            TrainConfig(data="x", tiling=bad)


def test_train_config_spells_out_its_tiling_and_round_trips():
    cfg = TrainConfig(data="x", tiling={"size": 640, "empty_rate": 0.5})
    assert cfg.tiling == {"size": 640, "overlap": 0.2, "min_visible": 0.5, "empty_rate": 0.5}
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg
    assert TrainConfig(data="x").tiling is None
    assert TrainConfig(data="x", tiling={}).tiling == {}
