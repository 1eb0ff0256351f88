"""The torch Dataset of a COCO detection file, and the helper that builds train/val sets.

Targets are in input pixels (after letterbox / scale jitter); ``scale`` and ``orig_size`` map
them back with core.boxes.geometry.to_image_xywh, the one mapping the Predictor uses too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from core.config import IMAGENET_MEAN, IMAGENET_STD
from core.data import transforms as T
from core.data.coco import CocoError, category_index, resolve_image
from core.data.imageio import ImageReadError, read_image

WarningCallback = Callable[[str, str], None]  # (kind, message), kinds as in core.events.Warning


class DetectionDataset(Dataset):
    """One sample per image id; images with no boxes stay in as negatives.

    An unreadable or missing image is reported once through ``on_warning("unreadable_image",
    ...)`` (once per process: DataLoader workers each report what they meet) and replaced by
    the next readable image, so training goes on. Crowd annotations are not used as targets.
    """

    def __init__(
        self,
        coco: dict,
        image_root: str | os.PathLike,
        image_ids: Sequence[int],
        size: int,
        train: bool,
        scale_range: tuple[float, float] = T.DEFAULT_SCALE_RANGE,
        on_warning: WarningCallback | None = None,
        mean: Sequence[float] = IMAGENET_MEAN,
        std: Sequence[float] = IMAGENET_STD,
        *,
        flips: str = "horizontal",
        color: float = 0.0,
    ) -> None:
        """``mean`` / ``std``: the input normalization of the model (ModelConfig.input_mean);
        ``flips`` / ``color``: the training augmentation (core.data.transforms.train_transform)."""
        self.image_root = Path(image_root)
        self.flips, self.color = flips, float(color)
        self.mean, self.std = tuple(mean), tuple(std)
        self.size = int(size)
        self.train = train
        self.scale_range = scale_range
        self.on_warning = on_warning
        self.classes, cat_to_index = category_index(coco)
        images = {img["id"]: img for img in coco["images"]}
        missing = [i for i in image_ids if i not in images]
        if missing:
            raise CocoError(f"image ids not in the COCO data: {missing[:5]}")
        self.image_ids = list(image_ids)
        self._images = images
        per_image: dict[int, list[dict]] = {i: [] for i in self.image_ids}
        for ann in coco["annotations"]:
            if ann["image_id"] in per_image and not ann.get("iscrowd", 0):
                per_image[ann["image_id"]].append(ann)
        # image id -> (boxes (M, 4) xyxy original pixels, labels (M,) 0-based)
        self._targets: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        dropped = 0
        for img_id, anns in per_image.items():
            xywh = np.array([a["bbox"] for a in anns], np.float32).reshape(-1, 4)
            boxes = np.concatenate([xywh[:, :2], xywh[:, :2] + xywh[:, 2:]], axis=1)
            labels = np.array([cat_to_index[a["category_id"]] for a in anns], np.int64)
            img = images[img_id]
            w, h = img.get("width") or np.inf, img.get("height") or np.inf
            boxes, labels, n = T.clip_boxes(boxes, labels, w, h)
            dropped += n
            self._targets[img_id] = (boxes, labels)
        self._runtime_dropped_reported = False
        if dropped:
            self._warn(
                "dropped_boxes",
                f"{dropped} box(es) outside their image or under "
                f"{T.MIN_BOX_SIZE:g} px after clipping were dropped",
            )
        self._bad: set[int] = set()
        self._epoch_seed: int | None = None  # set by reseed()
        self._rng: np.random.Generator | None = None
        self._rng_pid = -1

    def __len__(self) -> int:
        return len(self.image_ids)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, dict]:
        for k in range(len(self.image_ids)):
            img_id = self.image_ids[(index + k) % len(self.image_ids)]
            if img_id in self._bad:
                continue
            image = self._load(img_id)
            if image is not None:
                return self._make(img_id, image, index)
        raise RuntimeError(
            f"none of the {len(self.image_ids)} images under {self.image_root} could be read"
        )

    def _load(self, img_id: int) -> np.ndarray | None:
        entry = self._images[img_id]
        try:
            return read_image(resolve_image(self.image_root, entry["file_name"]))
        except (ImageReadError, CocoError) as exc:
            self._bad.add(img_id)
            self._warn("unreadable_image", f"skipped image id {img_id}: {exc}")
            return None

    def _make(self, img_id: int, image: np.ndarray, index: int) -> tuple[torch.Tensor, dict]:
        return self._sample(img_id, image, *self._targets[img_id], index)

    def _sample(
        self, img_id: int, image: np.ndarray, boxes: np.ndarray, labels: np.ndarray, index: int
    ) -> tuple[torch.Tensor, dict]:
        """The transformed sample of ``image`` with its xyxy ``boxes`` in its own pixels (a
        whole image, or a tile of one: core.data.tiled)."""
        h, w = image.shape[:2]
        boxes, labels, n = T.clip_boxes(boxes, labels, w, h)  # file sizes may be wrong
        if n and not self._runtime_dropped_reported:
            self._runtime_dropped_reported = True
            self._warn(
                "dropped_boxes",
                f"image id {img_id}: {n} box(es) fall outside the "
                f"decoded {w}x{h} image and were dropped (width/height in the file wrong?)",
            )
        if self.train:
            s = T.train_transform(
                image,
                boxes,
                labels,
                self.size,
                self._generator(index),
                self.scale_range,
                flips=self.flips,
                color=self.color,
            )
        else:
            s = T.eval_transform(image, boxes, labels, self.size)
        target = {
            "boxes": torch.from_numpy(s.boxes).float().reshape(-1, 4),  # (M, 4) xyxy input px
            "labels": torch.from_numpy(s.labels).long(),  # (M,) 0-based class index
            "image_id": int(img_id),
            "scale": s.scale,  # input px per original px
            "orig_size": (h, w),
        }
        return torch.from_numpy(T.normalize(s.image, self.mean, self.std)), target

    def reseed(self) -> None:
        """Key each sample's augmentation by (torch's current seed, its index) from now on.

        The training loop calls this after seeding each epoch, so an epoch's augmentations
        depend on neither the DataLoader worker count nor the batches a mid-epoch resume skips.
        """
        self._epoch_seed = torch.initial_seed() % 2**63

    def _generator(self, index: int) -> np.random.Generator:
        if self._epoch_seed is not None:
            return np.random.default_rng([self._epoch_seed, index])
        # Never reseeded: one stream per process, seeded from torch's per-worker seed, so
        # DataLoader workers (forked copies) do not repeat each other's augmentations.
        if self._rng is None or self._rng_pid != os.getpid():
            self._rng = np.random.default_rng(torch.initial_seed() % 2**63)
            self._rng_pid = os.getpid()
        return self._rng

    def _warn(self, kind: str, message: str) -> None:
        if self.on_warning is not None:
            self.on_warning(kind, message)


def collate(batch: list) -> tuple[torch.Tensor, list[dict]]:
    """(N, 3, S, S) images and a list of N target dicts; ``None`` entries are dropped."""
    batch = [b for b in batch if b is not None]
    if not batch:
        raise RuntimeError("empty batch: every sample in it was unreadable")
    images = torch.stack([b[0] for b in batch])
    return images, [b[1] for b in batch]


def build_datasets(
    data: str | os.PathLike,
    size: int,
    scale_range: tuple[float, float] = T.DEFAULT_SCALE_RANGE,
    val_fraction: float | None = None,
    on_warning: WarningCallback | None = None,
    image_root: str | os.PathLike | None = None,
    split: tuple[Sequence[int], Sequence[int]] | None = None,
    mean: Sequence[float] = IMAGENET_MEAN,
    std: Sequence[float] = IMAGENET_STD,
    tiling: Mapping | None = None,
    flips: str = "horizontal",
    color: float = 0.0,
) -> tuple[DetectionDataset, DetectionDataset, list[str], dict]:
    """Load, split and wrap what ``data`` holds (core.project): (train_ds, val_ds, classes,
    val_coco).

    ``split`` = (train ids, val ids) is used as given (the GUI sends the split its pre-flight
    checked); without it the project's split policy (core.project.plan_dataset) decides, the
    readability rule included. ``val_fraction`` overrides the project's and ``image_root`` the
    image folder the project names. ``mean`` / ``std`` normalize the images (the model's
    ``input_mean`` / ``input_std``). ``val_coco`` is the COCO dict restricted to the validation
    images (all categories kept), ready for pycocotools.

    ``tiling`` (core.tiling; None: the project's project.json "tiling", {}: none) makes the
    training set a core.data.tiled.TiledDataset of tiles of the training images; the
    validation set stays the whole images either way. ``flips`` / ``color``: the training
    set's augmentation (core.data.transforms.train_transform).
    """
    from core.project import load_project, plan_dataset, unreadable_images
    from core.tiling import parse_tiling, tile_spec

    project = load_project(data)
    coco = project.coco
    root = Path(image_root) if image_root is not None else project.image_root
    if split is None:
        frac = val_fraction if val_fraction is not None else project.val_fraction
        bad = unreadable_images(coco, root)
        names = {im["id"]: im["file_name"] for im in coco["images"]}
        for img_id, reason in bad.items():
            if on_warning is not None:
                on_warning("unreadable_image", f"left out image id {img_id} "
                           f"({names[img_id]}): {reason}")  # fmt: skip
        plan = plan_dataset(coco, frac, bad)
        train_ids, val_ids = plan.train_ids, plan.val_ids
    else:
        train_ids, val_ids = split
    norm = {"mean": mean, "std": std}
    aug = {"flips": flips, "color": color}
    spec = tile_spec(project.settings) if tiling is None else parse_tiling(tiling, "tiling")
    if spec is not None:
        from core.data.tiled import TiledDataset

        train_ds = TiledDataset(
            coco, root, train_ids, size, spec, scale_range, on_warning, **norm, **aug
        )
    else:
        train_ds = DetectionDataset(
            coco, root, train_ids, size, True, scale_range, on_warning, **norm, **aug
        )
    val_ds = DetectionDataset(coco, root, val_ids, size, False, scale_range, on_warning, **norm)
    val_set = set(val_ids)
    val_coco = {k: v for k, v in coco.items() if k not in ("images", "annotations")}
    val_coco["images"] = [i for i in coco["images"] if i["id"] in val_set]
    val_coco["annotations"] = [a for a in coco["annotations"] if a["image_id"] in val_set]
    return train_ds, val_ds, train_ds.classes, val_coco
