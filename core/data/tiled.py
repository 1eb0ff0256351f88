"""The training set of a tiled project: tiles of the full-resolution training images.

Each sample is one (image, tile) of core.tiling.plan_tiles: the tile is cut from the decoded
image, its boxes clipped (clip_boxes_to_tile), and then the usual training transform of
DetectionDataset runs on the tile as if it were an image (flip, scale jitter, crop or pad to
the input size). Targets are in input pixels of the tile: ``scale`` is input px per tile px,
``orig_size`` the tile's (h, w) and ``tile`` its (x0, y0, x1, y1) in full-image pixels.

Every epoch (``reseed``) plans anew: the tiles with boxes stay, the empty ones are drawn again,
and the order is shuffled by image groups so that neighbouring samples mostly come from a few
images, which a small per-process cache of decoded images then serves. The DataLoader must keep
that order: ``ordered`` tells core.train.distributed.epoch_loader so.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import torch

from core.config import IMAGENET_MEAN, IMAGENET_STD
from core.data import transforms as T
from core.data.coco import CocoError, resolve_image
from core.data.dataset import DetectionDataset, WarningCallback
from core.data.imageio import ImageReadError, image_size
from core.tiling import Box, TileSpec, clip_boxes_to_tile, plan_tiles

CACHED_IMAGES = 3  # decoded full images kept per process (a 2,500 px RGB image is ~19 MB)
GROUP_IMAGES = 3  # the tiles of this many images are shuffled together


class TiledDataset(DetectionDataset):
    """One sample per planned (image id, tile) of the training images."""

    ordered = True  # the epoch order is the dataset's own (see module text)

    def __init__(
        self,
        coco: dict,
        image_root: str | os.PathLike,
        image_ids: Sequence[int],
        size: int,
        spec: TileSpec,
        scale_range: tuple[float, float] = T.DEFAULT_SCALE_RANGE,
        on_warning: WarningCallback | None = None,
        mean: Sequence[float] = IMAGENET_MEAN,
        std: Sequence[float] = IMAGENET_STD,
        *,
        flips: str = "horizontal",
        color: float = 0.0,
    ) -> None:
        super().__init__(
            coco, image_root, image_ids, size, True, scale_range, on_warning, mean, std,
            flips=flips, color=color,
        )  # fmt: skip
        self.spec = spec
        self.tiling = spec.to_dict()  # what the run's config records
        # (image id, width, height, boxes (M, 4) xywh full-image px), what plan_tiles reads
        self._sources = []
        for img_id in self.image_ids:
            wh = self._size_of(img_id)
            if wh is not None:
                xyxy = self._targets[img_id][0]
                xywh = np.concatenate([xyxy[:, :2], xyxy[:, 2:] - xyxy[:, :2]], axis=1)
                self._sources.append((img_id, wh[0], wh[1], xywh))
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._tiles: list[tuple[int, Box]] = []
        self._plan(0)

    @property
    def tiles(self) -> list[tuple[int, Box]]:
        """This epoch's (image id, tile) pairs in sample order."""
        return list(self._tiles)

    def __len__(self) -> int:
        return len(self._tiles)  # the same every epoch (plan_tiles)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, dict]:
        n = len(self._tiles)
        for k in range(n):
            img_id, tile = self._tiles[(index + k) % n]
            if img_id in self._bad:
                continue
            image = self._full(img_id)
            if image is not None:
                return self._tile_sample(img_id, image, tile, index)
        raise RuntimeError(f"none of the tiled images under {self.image_root} could be read")

    def reseed(self) -> None:
        """Augmentations keyed by (epoch seed, index) as DetectionDataset's, and a new plan:
        empty tiles drawn again and the order reshuffled, both from the epoch seed."""
        super().reseed()
        self._plan(self._epoch_seed)

    def _plan(self, key: int) -> None:
        tiles = plan_tiles(self._sources, self.spec, seed=key, epoch=0)
        rng = np.random.default_rng([key, 1])
        per_image: dict[int, list[tuple[int, Box]]] = {}
        for t in tiles:
            per_image.setdefault(t[0], []).append(t)
        ids = list(per_image)
        ids = [ids[i] for i in rng.permutation(len(ids))]
        order: list[tuple[int, Box]] = []
        for g in range(0, len(ids), GROUP_IMAGES):  # shuffle the tiles of a group of images
            group = [t for i in ids[g : g + GROUP_IMAGES] for t in per_image[i]]
            order += [group[i] for i in rng.permutation(len(group))]
        self._tiles = order

    def _full(self, img_id: int) -> np.ndarray | None:
        """The decoded full image, from this process's small LRU cache when it is there."""
        image = self._cache.get(img_id)
        if image is not None:
            self._cache.move_to_end(img_id)
            return image
        image = self._load(img_id)
        if image is not None:
            self._cache[img_id] = image
            while len(self._cache) > CACHED_IMAGES:
                self._cache.popitem(last=False)
        return image

    def _tile_sample(
        self, img_id: int, image: np.ndarray, tile: Box, index: int
    ) -> tuple[torch.Tensor, dict]:
        h, w = image.shape[:2]
        boxes, labels, _ = T.clip_boxes(*self._targets[img_id], w, h)
        xywh = np.concatenate([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]], axis=1)
        kept, kept_labels = clip_boxes_to_tile(xywh, labels, tile, self.spec.min_visible)
        xyxy = np.concatenate([kept[:, :2], kept[:, :2] + kept[:, 2:]], axis=1)  # tile px
        x0, y0, x1, y1 = tile
        crop = np.ascontiguousarray(image[y0:y1, x0:x1])
        if crop.shape[0] < 2 or crop.shape[1] < 2:  # the file is smaller than its entry says
            crop, xyxy, kept_labels, tile = image, boxes, labels, (0, 0, w, h)
        x, target = self._sample(img_id, crop, xyxy, kept_labels, index)
        target["tile"] = tuple(int(v) for v in tile)
        return x, target

    def _size_of(self, img_id: int) -> tuple[int, int] | None:
        """(width, height) from the COCO entry, or the file's header when the entry has none;
        None (and a warning) for a file that cannot be read."""
        entry = self._images[img_id]
        if entry.get("width") and entry.get("height"):
            return int(entry["width"]), int(entry["height"])
        try:
            return image_size(resolve_image(self.image_root, entry["file_name"]))
        except (ImageReadError, CocoError, OSError) as exc:
            self._bad.add(img_id)
            self._warn("unreadable_image", f"skipped image id {img_id}: {exc}")
            return None
