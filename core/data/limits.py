"""How large an image file may be, in bytes and in pixels, before anything decodes it.

A small file can declare a huge image (a 1 MB PNG that decodes to gigabytes), so the stored
width and height are read from the header and checked before decoding. Both limits can be
raised: the environment variables below (read at every check, inherited by loading processes
and workers) or the options that set them (``--max-image-pixels``, ``--max-image-bytes``;
``max_image_pixels`` / ``max_image_bytes`` in a training config). Standard library only.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable

PIXELS_ENV = "EFFDET_MAX_IMAGE_PIXELS"
BYTES_ENV = "EFFDET_MAX_IMAGE_BYTES"
DEFAULT_MAX_PIXELS = 200_000_000  # 200 megapixels: about 600 MB once decoded to RGB
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB

ReadAt = Callable[[int, int], bytes]


def _limit(env: str, default: int) -> int:
    raw = os.environ.get(env, "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        value = int(raw) if raw.isdigit() else int(float(raw))
    except (ValueError, OverflowError):
        value = 0
    if value < 1:
        raise ValueError(f"{env}={os.environ[env]!r} is not a positive whole number")
    return value


def max_pixels() -> int:
    return _limit(PIXELS_ENV, DEFAULT_MAX_PIXELS)


def max_bytes() -> int:
    return _limit(BYTES_ENV, DEFAULT_MAX_BYTES)


def set_limits(pixels: int | None = None, size: int | None = None) -> None:
    """Raise (or lower) the limits for this process and the processes it starts."""
    for env, value in ((PIXELS_ENV, pixels), (BYTES_ENV, size)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{env.lower()[7:]} must be a positive whole number, not {value!r}")
        os.environ[env] = str(value)


def bytes_problem(size: int) -> str:
    """Why a file of ``size`` bytes is refused, or ""."""
    try:
        limit = max_bytes()
    except ValueError as exc:
        return str(exc)
    if size <= limit:
        return ""
    return (
        f"file of {size:,} bytes is over the limit of {limit:,} bytes; if it is a genuine "
        f"image, raise the limit with {BYTES_ENV}=<bytes> or --max-image-bytes"
    )


def pixels_problem(width: int, height: int) -> str:
    """Why an image of ``width`` x ``height`` pixels is refused, or ""."""
    try:
        limit = max_pixels()
    except ValueError as exc:
        return str(exc)
    if width * height <= limit:
        return ""
    return (
        f"{width} x {height} = {width * height:,} pixels is over the limit of {limit:,} pixels; "
        f"if it is a genuine image, raise the limit with {PIXELS_ENV}=<pixels> or "
        "--max-image-pixels"
    )


def stored_size(size: int, read_at: ReadAt) -> tuple[int, int] | None:
    """(width, height) as stored in the header (before EXIF orientation), None when unknown."""
    head = read_at(0, 32)
    try:
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            return struct.unpack_from(">II", head, 16)
        if head.startswith(b"\xff\xd8"):
            return _jpeg(size, read_at)
        if head.startswith((b"GIF87a", b"GIF89a")):
            return struct.unpack_from("<HH", head, 6)
        if head.startswith(b"BM"):
            if struct.unpack_from("<I", head, 14)[0] == 12:
                return struct.unpack_from("<HH", head, 18)
            w, h = struct.unpack_from("<ii", head, 18)
            return abs(w), abs(h)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return _webp(head)
        if head.startswith((b"II*\x00", b"MM\x00*")):
            return _tiff(read_at)
        if head[:1] == b"P" and head[1:2] in b"1234567":
            return _pnm(read_at(0, 4096))
    except (struct.error, ValueError, IndexError, KeyError):
        return None
    return None


def _jpeg(size: int, read_at: ReadAt) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= size:
        seg = read_at(pos, 9)
        if len(seg) < 4 or seg[0] != 0xFF:
            return None
        marker = seg[1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            if len(seg) < 9:
                return None
            h, w = struct.unpack_from(">HH", seg, 5)
            return w, h
        if marker in (0xD9, 0xDA):
            return None
        pos += 2 + int.from_bytes(seg[2:4], "big")
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if kind == b"VP8X":
        w = int.from_bytes(head[24:27], "little") + 1
        return w, int.from_bytes(head[27:30], "little") + 1
    if kind == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        w, h = struct.unpack_from("<HH", head, 26)
        return w & 0x3FFF, h & 0x3FFF
    return None


def _tiff(read_at: ReadAt) -> tuple[int, int] | None:
    end = "<" if read_at(0, 2) == b"II" else ">"
    (ifd,) = struct.unpack(end + "I", read_at(4, 4))
    (count,) = struct.unpack(end + "H", read_at(ifd, 2))
    entries = read_at(ifd + 2, 12 * min(count, 512))
    found: dict[int, int] = {}
    for k in range(len(entries) // 12):
        tag, typ = struct.unpack_from(end + "HH", entries, 12 * k)
        if tag in (256, 257):
            fmt = end + ("H" if typ == 3 else "I")
            found[tag] = struct.unpack_from(fmt, entries, 12 * k + 8)[0]
    return (found[256], found[257]) if len(found) == 2 else None


def _pnm(head: bytes) -> tuple[int, int] | None:
    if head[1:2] == b"7":  # PAM: WIDTH and HEIGHT lines
        fields = dict(
            line.split(None, 1) for line in head.split(b"\n")[1:] if len(line.split(None, 1)) == 2
        )
        return int(fields[b"WIDTH"]), int(fields[b"HEIGHT"])
    tokens = b" ".join(line.split(b"#", 1)[0] for line in head[2:].split(b"\n")).split()
    return int(tokens[0]), int(tokens[1])
