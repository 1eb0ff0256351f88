"""The one rule for whether an image file is readable, for the GUI and the worker alike.

Standard library only (no torch, no OpenCV), so the GUI process checks files cheaply. A file is
unreadable when it is missing, empty, not of a known image format, or a truncated JPEG or PNG:
a JPEG with no end-of-image marker after its scan, a PNG without an
IEND chunk. Both formats end in their final marker, so a good file is settled by reading its
first bytes and its last block; only a truncated one is read further back.
"""

from __future__ import annotations

import os
from collections.abc import Callable

JPEG = b"\xff\xd8"
PNG = b"\x89PNG\r\n\x1a\n"
_SOS, _EOI, _IEND = b"\xff\xda", b"\xff\xd9", b"IEND"
_HEAD = 16
_BLOCK = 1 << 16

EMPTY = "empty file (0 bytes)"
UNKNOWN = "not an image file (unknown format)"
TRUNCATED_JPEG = "truncated JPEG (no end-of-image marker after the image data)"
TRUNCATED_PNG = "truncated PNG (no IEND chunk)"


def _known_format(head: bytes) -> bool:
    if head.startswith((JPEG, PNG, b"BM", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    return len(head) >= 3 and head[:1] == b"P" and head[1:2] in b"1234567" and head[2:3].isspace()


def _last_of(markers: tuple[bytes, ...], size: int, read_at: Callable[[int, int], bytes]) -> bytes:
    """The marker that occurs last in the data (b"" when none does), read from the end back."""
    overlap = max(len(m) for m in markers) - 1
    end = size
    while end > 0:
        start = max(0, end - _BLOCK)
        block = read_at(start, min(size, end + overlap) - start)
        found = max((block.rfind(m), m) for m in markers)
        if found[0] >= 0:
            return found[1]
        end = start
    return b""


def _eoi_after_scan(size: int, read_at: Callable[[int, int], bytes]) -> bool:
    """Walk the JPEG's header segments by their lengths (an EXIF thumbnail inside APP1 is
    skipped whole) to the first start-of-scan, then look for an end-of-image after it
    (entropy-coded data never holds 0xFFD9: a 0xFF there is followed by 0x00 or a restart)."""
    pos = 2
    while pos + 4 <= size:
        seg = read_at(pos, 4)
        if seg[0] != 0xFF:
            return False
        if seg[1] == 0xFF:  # fill byte
            pos += 1
            continue
        if seg[1] == 0xDA:
            break
        pos += 2 + int.from_bytes(seg[2:4], "big")
    else:
        return False
    at = pos + 2
    while at < size:
        block = read_at(at, _BLOCK + 1)
        if block.find(_EOI) >= 0:
            return True
        at += _BLOCK
    return False


def _reason(head: bytes, size: int, read_at: Callable[[int, int], bytes]) -> str:
    if size == 0:
        return EMPTY
    if not _known_format(head):
        return UNKNOWN
    # A tail that ends in end-of-image settles it; otherwise data after the image (a phone's
    # motion-photo video) may hold marker-like bytes: readable when an end-of-image follows
    # the main image's scan.
    jpeg_cut = head.startswith(JPEG) and _last_of((_SOS, _EOI), size, read_at) != _EOI
    if jpeg_cut and not _eoi_after_scan(size, read_at):
        return TRUNCATED_JPEG
    if head.startswith(PNG) and not _last_of((_IEND,), size, read_at):
        return TRUNCATED_PNG
    return ""


def data_unreadable_reason(data: bytes) -> str:
    """Why the bytes of an image file cannot be used, or "" when they can (the same rule)."""
    view = memoryview(data)
    return _reason(bytes(view[:_HEAD]), len(data), lambda at, n: bytes(view[at : at + n]))


def unreadable_reason(path: str | os.PathLike) -> str:
    """Why the image file at ``path`` cannot be used, or "" when it can. Never raises."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(_HEAD)

            def read_at(at: int, n: int) -> bytes:
                fh.seek(at)
                return fh.read(n)

            return _reason(head, size, read_at)
    except FileNotFoundError:
        return "file not found"
    except IsADirectoryError:
        return "is a folder, not an image file"
    except OSError as exc:
        if os.path.isdir(path):
            return "is a folder, not an image file"
        return f"cannot read: {exc.strerror or exc}"
