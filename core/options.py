"""The choices both halves offer: the GUI's combo boxes and the CLI's argparse choices.

Torch-free and Qt-free (the standard library and ``core.config`` only): the GUI imports it.
"""

from __future__ import annotations

from core.config import FUSION_METHODS, LEVELS

__all__ = [
    "DEVICES",
    "FLIPS",
    "FUSION_METHODS",
    "IMAGE_SUFFIXES",
    "LEVEL_NAMES",
    "MAX_DETECTIONS",
    "OPTIMIZERS",
    "STARTS",
    "VAL_FRACTION",
]

LEVEL_NAMES: tuple[str, ...] = tuple(LEVELS)  # "d0" ... "d7x", then "lite0" ... "lite4"
DEVICES = ("auto", "cpu", "cuda", "mps")  # "auto": CUDA, then MPS, then CPU
OPTIMIZERS = ("sgd", "adamw")  # SGD with momentum 0.9 | AdamW
# Where a training run's weights start: random, an ImageNet backbone, a COCO checkpoint file
# (effdet .pth or ours), or an earlier run of this project.
STARTS = ("none", "imagenet", "coco", "run")
# Training flips: left-right only, or every flip and 90-degree turn (the eight symmetries of a
# square), for pictures with no up: aerial and satellite photos, microscopy, scans.
FLIPS = ("horizontal", "all")
# Image files a project lists and the worker decodes: formats both Qt's readers and OpenCV
# (every supported version) read. GIF is left out: older OpenCV builds cannot decode it.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm")
VAL_FRACTION = 0.15  # share of the labelled images that validate, unless a project says otherwise
MAX_DETECTIONS = 100  # boxes the model reports per image at most
