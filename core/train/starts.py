"""``efficientdet train --start``: the weights a run starts from, found in the model store, and
the recipe that suits them (core.recipes); torch-free and offline.

    none      random weights
    imagenet  the level's ImageNet backbone: timm's cache, else the bundled one (Lite0-Lite2)
    coco      the level's COCO checkpoint from the store (`efficientdet weights get coco:d0`)
"""

from __future__ import annotations

from core import store
from core.bundled_weights import BUNDLED
from core.project import load_project, plan_dataset
from core.recipes import recipe

CLI_STARTS = ("none", "imagenet", "coco")


def apply_start(base: dict, start: str) -> None:
    """Fill ``base`` (a TrainConfig dict, as given by flags and files) for ``start``: the
    weights it names, and every recipe field not given. Raises ValueError saying what to run
    when the weights are not on this machine."""
    model = base["model"]
    level = str(model.get("level", "d0")).lower()
    avail = store.availability(level)
    if start == "imagenet":
        if avail.imagenet is None and avail.bundled is None:
            entry = store.resolve(f"imagenet:{level}")
            raise ValueError(
                f"the ImageNet backbone of {level} ({entry.name}) is not on this machine: "
                f"`efficientdet weights get {entry.key}`, or {store.what_to_do(entry)}"
            )
        model["pretrained_backbone"] = True
        if avail.imagenet is None:
            model["backbone_weights"] = BUNDLED
    elif start == "coco" and not base.get("init_from"):
        if level not in store.COCO_FILES:
            raise ValueError(f"no COCO checkpoint is published for {level}: use --start imagenet")
        if avail.coco is None:
            entry = store.resolve(f"coco:{level}")
            raise ValueError(
                f"the COCO checkpoint of {level} is not on this machine: "
                f"`efficientdet weights get {entry.key}`, or {store.what_to_do(entry)}"
            )
        base["init_from"] = str(avail.coco)
    try:
        n_images = len(plan_dataset(load_project(base["data"]).coco).train_ids)
    except (OSError, ValueError):
        n_images = 0  # the run itself reports what is wrong with the data, as an event
    for key, value in recipe(start, n_images, level).items():
        base.setdefault(key, value)
