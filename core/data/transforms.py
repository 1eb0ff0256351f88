"""Augmentation and input preparation: pure functions of (image, boxes, labels, rng).

Images are (H, W, 3) uint8 RGB; boxes are float32 (M, 4) xyxy in pixels of the image they come
with; labels are int64 (M,). After every geometric step boxes are clipped to the image (or crop)
and boxes narrower or shorter than ``MIN_BOX_SIZE`` pixels are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import cv2
import numpy as np

from core import config
from core.boxes.geometry import scaled_size

IMAGENET_MEAN = np.array(config.IMAGENET_MEAN, np.float32)
IMAGENET_STD = np.array(config.IMAGENET_STD, np.float32)
PAD_VALUE = tuple(int(round(v * 255)) for v in IMAGENET_MEAN)  # padding normalises to ~0
MIN_BOX_SIZE = 1.0  # pixels
PAPER_SCALE_RANGE = (0.1, 2.0)
DEFAULT_SCALE_RANGE = (0.5, 1.5)  # gentler than the paper's, for small datasets


class Sample(NamedTuple):
    image: np.ndarray  # (size, size, 3) uint8 RGB
    boxes: np.ndarray  # (M, 4) float32 xyxy, input pixels
    labels: np.ndarray  # (M,) int64
    scale: float  # input pixels per original pixel
    dropped: int  # boxes dropped as degenerate by clipping


def clip_boxes(
    boxes: np.ndarray, labels: np.ndarray, width: float, height: float
) -> tuple[np.ndarray, np.ndarray, int]:
    """Clip xyxy boxes to [0, width] x [0, height]; drop those under MIN_BOX_SIZE in w or h."""
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4).copy()
    labels = np.asarray(labels, np.int64).reshape(-1)
    boxes[:, 0::2] = boxes[:, 0::2].clip(0, width)
    boxes[:, 1::2] = boxes[:, 1::2].clip(0, height)
    bw, bh = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    keep = (bw >= MIN_BOX_SIZE) & (bh >= MIN_BOX_SIZE)
    return boxes[keep], labels[keep], int((~keep).sum())


def hflip(image: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mirror left-right; x1' = W - x2, x2' = W - x1."""
    w = image.shape[1]
    out = np.asarray(boxes, np.float32).reshape(-1, 4).copy()
    out[:, [0, 2]] = w - out[:, [2, 0]]
    return np.ascontiguousarray(image[:, ::-1]), out


def vflip(image: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mirror top-bottom; y1' = H - y2, y2' = H - y1."""
    h = image.shape[0]
    out = np.asarray(boxes, np.float32).reshape(-1, 4).copy()
    out[:, [1, 3]] = h - out[:, [3, 1]]
    return np.ascontiguousarray(image[::-1]), out


def transpose(image: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Swap the x and y axes (a 90-degree turn followed by a flip)."""
    out = np.asarray(boxes, np.float32).reshape(-1, 4)[:, [1, 0, 3, 2]].copy()
    return np.ascontiguousarray(image.transpose(1, 0, 2)), out


def color_jitter(image: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    """Random hue shift and saturation / brightness gains in HSV space, scaled by ``strength``
    (1.0: hue +-2.7 degrees of OpenCV's 180, saturation x0.3-1.7, brightness x0.6-1.4)."""
    dh, gs, gv = rng.uniform(-1.0, 1.0, 3) * strength * np.array([2.7, 0.7, 0.4])
    hue, sat, val = cv2.split(cv2.cvtColor(image, cv2.COLOR_RGB2HSV))
    x = np.arange(256, dtype=np.float32)
    lut_h = np.mod(x + dh, 180).astype(np.uint8)
    lut_s = np.clip(x * (1 + gs), 0, 255).astype(np.uint8)
    lut_v = np.clip(x * (1 + gv), 0, 255).astype(np.uint8)
    hsv = cv2.merge([cv2.LUT(hue, lut_h), cv2.LUT(sat, lut_s), cv2.LUT(val, lut_v)])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


def letterbox(image: np.ndarray, boxes: np.ndarray, labels: np.ndarray, size: int) -> Sample:
    """Resize the longest side to ``size``, pad bottom/right to a size x size square."""
    h, w = image.shape[:2]
    scale = size / max(h, w)
    return _place(image, boxes, labels, size, scale, 0, 0)


def random_scale_crop(
    image: np.ndarray,
    boxes: np.ndarray,
    labels: np.ndarray,
    size: int,
    rng: np.random.Generator,
    scale_range: tuple[float, float] = DEFAULT_SCALE_RANGE,
) -> Sample:
    """Scale jitter: letterbox scale times a factor from ``scale_range``, then a random
    size x size crop (when the scaled image is bigger) or bottom/right padding (when smaller)."""
    lo, hi = scale_range
    if not 0 < lo <= hi:
        raise ValueError(f"scale_range must satisfy 0 < low <= high, got {scale_range}")
    h, w = image.shape[:2]
    scale = size / max(h, w) * float(rng.uniform(lo, hi))
    sw, sh = scaled_size(w, h, scale)
    x0 = int(rng.integers(0, sw - size + 1)) if sw > size else 0  # crop offset, scaled pixels
    y0 = int(rng.integers(0, sh - size + 1)) if sh > size else 0
    return _place(image, boxes, labels, size, scale, x0, y0)


def _place(
    image: np.ndarray,
    boxes: np.ndarray,
    labels: np.ndarray,
    size: int,
    scale: float,
    x0: int,
    y0: int,
) -> Sample:
    """Resize by ``scale``, take the size x size window at (x0, y0), pad with PAD_VALUE."""
    h, w = image.shape[:2]
    sw, sh = scaled_size(w, h, scale)
    sx, sy = sw / w, sh / h  # exact per-axis factors after rounding the scaled size
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (sw, sh), interpolation=interp)
    window = resized[y0 : y0 + size, x0 : x0 + size]
    out = np.empty((size, size, 3), np.uint8)
    out[:] = PAD_VALUE
    out[: window.shape[0], : window.shape[1]] = window
    # Boxes: original pixels -> scaled pixels -> window pixels; the true image extent in the
    # window also bounds them (padding is not image).
    b = np.asarray(boxes, np.float32).reshape(-1, 4) * np.array([sx, sy, sx, sy], np.float32)
    b -= np.array([x0, y0, x0, y0], np.float32)
    lim_w, lim_h = min(size, sw - x0), min(size, sh - y0)
    b, lab, dropped = clip_boxes(b, labels, lim_w, lim_h)
    return Sample(out, b, lab, float(scale), dropped)


def train_transform(
    image: np.ndarray,
    boxes: np.ndarray,
    labels: np.ndarray,
    size: int,
    rng: np.random.Generator,
    scale_range: tuple[float, float] = DEFAULT_SCALE_RANGE,
    flip_prob: float = 0.5,
    flips: str = "horizontal",
    color: float = 0.0,
) -> Sample:
    """Horizontal flip with ``flip_prob`` (``flips="all"``: also a vertical flip and an axis
    swap, each with ``flip_prob``), colour jitter of strength ``color`` (0: none), then scale
    jitter with a random crop. The defaults draw from ``rng`` exactly as before they existed."""
    if rng.random() < flip_prob:
        image, boxes = hflip(image, boxes)
    if flips == "all":
        if rng.random() < flip_prob:
            image, boxes = vflip(image, boxes)
        if rng.random() < flip_prob:
            image, boxes = transpose(image, boxes)
    elif flips != "horizontal":
        raise ValueError(f"flips must be 'horizontal' or 'all', not {flips!r}")
    if color > 0:
        image = color_jitter(image, rng, color)
    return random_scale_crop(image, boxes, labels, size, rng, scale_range)


def eval_transform(image: np.ndarray, boxes: np.ndarray, labels: np.ndarray, size: int) -> Sample:
    """Deterministic letterbox for validation and inference."""
    return letterbox(image, boxes, labels, size)


def normalize(
    image: np.ndarray,
    mean: Sequence[float] = config.IMAGENET_MEAN,
    std: Sequence[float] = config.IMAGENET_STD,
) -> np.ndarray:
    """(H, W, 3) uint8 RGB -> (3, H, W) float32: pixels / 255, then (x - mean) / std per channel
    (ImageNet's by default; a model's are ``ModelConfig.input_mean`` / ``input_std``)."""
    x = image.astype(np.float32) / 255.0
    x = (x - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1))
