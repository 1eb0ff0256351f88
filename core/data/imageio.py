"""Image decoding for training and inference: bytes -> OpenCV -> (H, W, 3) uint8 RGB.

Files are read as bytes and decoded with ``cv2.imdecode`` so that paths with Korean, Chinese or
space characters work on every OS. The EXIF orientation is applied the way Qt's
``QImageReader.setAutoTransform(True)`` does, so a box drawn in the GUI (pixels of the oriented
image) lands on the same pixels here. No torch here: the GUI imports this module.
"""

from __future__ import annotations

import os
import struct

import cv2
import numpy as np

from core.data import limits
from core.data.readable import JPEG as _JPEG
from core.data.readable import data_unreadable_reason, read_bounded, read_head

_EXIF_ORIENTATION_TAG = 0x0112


class ImageReadError(Exception):
    """An image file that cannot be decoded; the message names the file and the reason."""


def read_image(path: str | os.PathLike) -> np.ndarray:
    """Decode an image file to (H, W, 3) uint8 RGB, EXIF orientation applied.

    Grayscale is repeated to 3 channels, alpha is composited over white, palettes are expanded
    and 16-bit samples are scaled to 8 bits. Files that core.data.readable's rule refuses (empty,
    unknown format, truncated JPEG/PNG, not a regular file, over the size or pixel limits of
    core.data.limits) raise before decoding. Any failure of the decoder (out of memory included)
    is an ImageReadError too.
    """
    data, reason = read_bounded(path)
    reason = reason or data_unreadable_reason(data)
    if reason:
        raise ImageReadError(f"{path}: {reason}")
    try:
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)  # no auto-rotate
        if img is None or img.size == 0:
            raise ImageReadError(
                f"{path}: not an image OpenCV can decode (unknown format or corrupt)"
            )
        too_many = limits.pixels_problem(img.shape[1], img.shape[0])
        if too_many:
            raise ImageReadError(f"{path}: {too_many}")
        img = _to_rgb8(img)
        return apply_orientation(img, exif_orientation(data))
    except ImageReadError:
        raise
    except MemoryError:
        raise ImageReadError(f"{path}: not enough memory to decode this image") from None
    except Exception as exc:  # noqa: BLE001 - cv2.error and friends: a failure of this file
        raise ImageReadError(f"{path}: cannot decode: {_short(exc)}") from None


def image_size(path: str | os.PathLike) -> tuple[int, int]:
    """(width, height) of the oriented image; reads only the header for JPEG and PNG."""
    head, reason = read_head(path, 1 << 18)
    if reason:
        raise ImageReadError(f"{path}: {reason}")
    info = _header_size(head)
    if info is None:
        h, w = read_image(path).shape[:2]
        return w, h
    w, h = info
    if exif_orientation(head) >= 5:  # 5-8 swap width and height
        w, h = h, w
    return w, h


def apply_orientation(img: np.ndarray, orientation: int) -> np.ndarray:
    """Turn a stored (H, W, C) image into its displayed form for EXIF orientation 1-8."""
    if orientation == 2:
        out = img[:, ::-1]  # mirror left-right
    elif orientation == 3:
        out = img[::-1, ::-1]  # rotate 180
    elif orientation == 4:
        out = img[::-1]  # mirror top-bottom
    elif orientation == 5:
        out = img.swapaxes(0, 1)  # transpose (mirror about the main diagonal)
    elif orientation == 6:
        out = img.swapaxes(0, 1)[:, ::-1]  # rotate 90 clockwise
    elif orientation == 7:
        out = img.swapaxes(0, 1)[::-1, ::-1]  # transverse (mirror about the anti-diagonal)
    elif orientation == 8:
        out = img.swapaxes(0, 1)[::-1]  # rotate 90 counter-clockwise
    else:
        return img
    return np.ascontiguousarray(out)


def exif_orientation(data: bytes) -> int:
    """EXIF orientation (1-8) of JPEG bytes; 1 when absent, unreadable or not a JPEG.

    Only JPEG: Qt's auto-transform ignores a PNG's eXIf chunk, and pixels must match the GUI's.
    """
    tiff = _exif_block(data)
    if tiff is None or len(tiff) < 8:
        return 1
    order = tiff[:2]
    if order == b"II":
        end = "<"
    elif order == b"MM":
        end = ">"
    else:
        return 1
    try:
        (ifd,) = struct.unpack_from(end + "I", tiff, 4)
        (count,) = struct.unpack_from(end + "H", tiff, ifd)
        for k in range(count):
            tag, typ, _n = struct.unpack_from(end + "HHI", tiff, ifd + 2 + 12 * k)
            if tag == _EXIF_ORIENTATION_TAG:
                fmt = end + ("H" if typ == 3 else "I")
                (value,) = struct.unpack_from(fmt, tiff, ifd + 2 + 12 * k + 8)
                return value if 1 <= value <= 8 else 1
    except struct.error:
        return 1
    return 1


def _exif_block(data: bytes) -> bytes | None:
    """The TIFF-structured EXIF payload of a JPEG's APP1 segment."""
    if data.startswith(_JPEG):
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF:
            marker = data[pos + 1]
            if marker in (0xD9, 0xDA):  # end of image / start of scan: headers are over
                return None
            if marker == 0xFF:  # fill byte
                pos += 1
                continue
            (length,) = struct.unpack_from(">H", data, pos + 2)
            seg = data[pos + 4 : pos + 2 + length]
            if marker == 0xE1 and seg.startswith(b"Exif\x00\x00"):
                return seg[6:]
            pos += 2 + length
        return None
    return None


def _header_size(data: bytes) -> tuple[int, int] | None:
    """Stored (width, height) from the header bytes (core.data.limits reads every format)."""
    dims = limits.stored_size(len(data), lambda at, n: data[at : at + n])
    return dims if dims and dims[0] and dims[1] else None


def _short(exc: Exception) -> str:
    """The last line of an exception's text (OpenCV's start with a source location)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    name = "OpenCV" if isinstance(exc, cv2.error) else type(exc).__name__
    return f"{name}: {lines[-1] if lines else ''}".rstrip(": ")


def _to_rgb8(img: np.ndarray) -> np.ndarray:
    """OpenCV's BGR / BGRA / gray, 8 or 16 bit or float -> (H, W, 3) uint8 RGB."""
    if img.dtype == np.uint16:
        img = ((img.astype(np.uint32) + 128) // 257).astype(np.uint8)  # round(v * 255 / 65535)
    elif img.dtype != np.uint8:
        img = np.clip(img.astype(np.float32) * (255.0 if img.max() <= 1.0 else 1.0), 0, 255)
        img = np.round(img).astype(np.uint8)
    if img.ndim == 2:
        img = img[:, :, None]
    channels = img.shape[2]
    if channels == 1:
        return np.ascontiguousarray(np.repeat(img, 3, axis=2))
    if channels == 2:  # gray + alpha
        gray, alpha = img[:, :, :1], img[:, :, 1:2]
        return _over_white(np.repeat(gray, 3, axis=2), alpha)
    if channels == 4:
        return _over_white(img[:, :, 2::-1], img[:, :, 3:4])
    return np.ascontiguousarray(img[:, :, ::-1])  # BGR -> RGB


def _over_white(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    a = alpha.astype(np.float32) / 255.0
    out = rgb.astype(np.float32) * a + 255.0 * (1.0 - a)
    return np.round(out).astype(np.uint8)
