"""Training recipes for a start and a dataset size: the defaults the GUI's form and
``efficientdet train`` both use (torch-free).

Measured on the CPU (docs/benchmarks.md, "A pretrained start" and "Convergence"): from random
weights AdamW at 3e-3 learns many times faster than SGD on a few hundred images; from an
ImageNet backbone or a COCO checkpoint the recipe below was the best of the sweep there.
"""

from __future__ import annotations

from core.options import STARTS

# start -> optimizer, peak lr at batch 8, frozen-backbone epochs on small data, the backbone's
# lr as a fraction of the peak. A tenth for an ImageNet backbone: on photos of scenes the
# training set never showed, Lite0 reached AP50 0.44 against 0.35 at full rate in the same
# 13 CPU-minutes (docs/benchmarks.md, "A slower backbone").
RECIPES = {
    "none": ("adamw", 0.003, 0, 1.0),
    "imagenet": ("adamw", 0.003, 2, 0.1),
    "coco": ("adamw", 0.001, 2, 1.0),
    "run": ("adamw", 0.001, 0, 1.0),
}
WEIGHT_DECAY = {"sgd": 4e-5, "adamw": 0.01}  # the optimizer's own
SMALL_DATA = 500  # images; below this a pretrained backbone trains frozen at first


def level_index(level: str) -> int:
    """d3 -> 3, lite3x -> 3."""
    return int(next(c for c in level if c.isdigit()))


def epochs_for(n_images: int) -> int:
    """Passes over the data: small datasets need more to converge."""
    return 100 if n_images < 200 else 60 if n_images < 1000 else 40 if n_images < 5000 else 30


def recipe(start: str, n_images: int, level: str) -> dict:
    """TrainConfig fields for ``start`` (one of core.options.STARTS) on ``n_images`` training
    images at ``level``: epochs, batch_size, optimizer, lr, weight_decay,
    freeze_backbone_epochs, backbone_lr_scale."""
    if start not in STARTS:
        raise ValueError(f"start must be one of {STARTS}, not {start!r}")
    optimizer, lr8, freeze, backbone_scale = RECIPES[start]
    index = level_index(level)
    batch = 8 if index <= 2 else 4 if index <= 4 else 2
    lr = lr8 * batch / 8 if optimizer == "sgd" else lr8  # AdamW's lr does not scale with batch
    return {
        "epochs": epochs_for(n_images),
        "batch_size": batch,
        "optimizer": optimizer,
        "lr": round(lr, 6),
        "weight_decay": WEIGHT_DECAY[optimizer],
        "freeze_backbone_epochs": freeze if n_images < SMALL_DATA else 0,
        "backbone_lr_scale": backbone_scale,
    }
