"""The one rule for whether an image file is readable, for the GUI and the worker alike.

Standard library only (no torch, no OpenCV), so the GUI process checks files cheaply. A file is
unreadable when it is missing, not a regular file (a FIFO, a device, a socket: reading one could
block for ever or never end), empty, over the size or pixel limits of core.data.limits, not of
a known image format, or a truncated JPEG or PNG: a JPEG with no end-of-image marker after its
scan, a PNG without an IEND chunk. Both formats end in their final marker, so a good file is
settled by reading its first bytes and its last block; only a truncated one is read further back.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import BinaryIO

from core.data import limits

JPEG = b"\xff\xd8"
PNG = b"\x89PNG\r\n\x1a\n"
_SOS, _EOI, _IEND = b"\xff\xda", b"\xff\xd9", b"IEND"
_HEAD = 16
_BLOCK = 1 << 16

EMPTY = "empty file (0 bytes)"
UNKNOWN = "not an image file (unknown format)"
TRUNCATED_JPEG = "truncated JPEG (no end-of-image marker after the image data)"
TRUNCATED_PNG = "truncated PNG (no IEND chunk)"
FOLDER = "is a folder, not an image file"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_file_reason(mode: int) -> str:
    """Why a file of this st_mode is not read ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return FOLDER
    kind = next((name for test, name in _SPECIAL if test(mode)), "a special file")
    return f"not a regular file: {kind}; only image files are read"


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
    too_big = limits.bytes_problem(size)
    if too_big:
        return too_big
    dims = limits.stored_size(size, read_at)
    if dims is not None:
        too_many = limits.pixels_problem(*dims)
        if too_many:
            return too_many
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
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(_HEAD)

            def read_at(at: int, n: int) -> bytes:
                fh.seek(at)
                return fh.read(n)

            return _reason(head, size, read_at)
    except (_Refused, ValueError) as exc:  # ValueError: a NUL in the path, a bad limit
        return str(exc)
    except FileNotFoundError:
        return "file not found"
    except IsADirectoryError:
        return FOLDER
    except OSError as exc:
        if os.path.isdir(path):
            return FOLDER
        return f"cannot read: {exc.strerror or exc}"


def read_bounded(path: str | os.PathLike) -> tuple[bytes, str]:
    """(the bytes of a regular file within the size limit, "") or (b"", why not)."""
    try:
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            too_big = limits.bytes_problem(size)
            if too_big:
                return b"", too_big
            data = fh.read(min(size, limits.max_bytes()) + 1)
            too_big = limits.bytes_problem(len(data))
            return (b"", too_big) if too_big else (data, "")
    except _Refused as exc:
        return b"", str(exc)
    except ValueError as exc:  # a bad limit in the environment
        return b"", str(exc)
    except FileNotFoundError:
        return b"", "file not found"
    except IsADirectoryError:
        return b"", FOLDER
    except OSError as exc:
        return b"", f"cannot read: {exc.strerror or exc}"


def read_head(path: str | os.PathLike, n: int) -> tuple[bytes, str]:
    """(up to ``n`` first bytes of a regular file, "") or (b"", why not)."""
    try:
        with _open_regular(path) as fh:
            return fh.read(n), ""
    except _Refused as exc:
        return b"", str(exc)
    except FileNotFoundError:
        return b"", "file not found"
    except OSError as exc:
        return b"", f"cannot read: {exc.strerror or exc}"


class _Refused(Exception):
    """A path that is not a regular file."""


def _open_regular(path: str | os.PathLike) -> BinaryIO:
    """A binary file object for a regular file; a FIFO or device is refused before it is
    opened (opening a FIFO waits for a writer) and again after (it may have been swapped in)."""
    reason = special_file_reason(os.stat(path).st_mode)
    if reason:
        raise _Refused(reason)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        reason = special_file_reason(os.fstat(fd).st_mode)
        if reason:
            raise _Refused(reason)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
