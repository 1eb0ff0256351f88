"""Annotation import/export for the Import/Export menus: COCO, Pascal VOC, YOLO, labelme.

Qt-free pure functions. Every ``import_*`` returns an :class:`ImportResult` (a COCO dict with
``bbox = [x, y, w, h]`` in pixels of the EXIF-oriented image, warnings, and the image root its
``file_name`` values are relative to) and raises :class:`FormatError`, naming the file and the
place, for malformed input. Every ``export_*`` takes such a COCO dict.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from app.formats.coco import export_coco, import_coco
from app.formats.common import FormatError, ImportResult
from app.formats.labelme import export_labelme, import_labelme
from app.formats.voc import export_voc, import_voc
from app.formats.yolo import export_yolo, guess_yolo_layout, import_yolo, read_classes

FORMATS = ("coco", "voc", "yolo", "labelme")

__all__ = [
    "FORMATS",
    "FormatError",
    "ImportResult",
    "detect_format",
    "export_coco",
    "export_labelme",
    "export_voc",
    "export_yolo",
    "guess_yolo_layout",
    "import_coco",
    "import_labelme",
    "import_voc",
    "import_yolo",
    "read_classes",
]

_PEEK = 1 << 16  # bytes read from each file to guess its format
_MAX_FILES = 5000  # files listed in a folder before guessing stops
_MAX_VOTES = 50  # annotation files peeked at
_YOLO_LINE = re.compile(r"^\s*\d+(\s+[-+0-9.eE]+){4,}\s*$")


def detect_format(path: str | os.PathLike) -> str | None:
    """Guess the format of a file or folder: one of FORMATS, or None when nothing fits.

    A file is judged by a peek at its start; a folder by the files in it and in its
    sub-folders (a bounded sample), the most common format winning.
    """
    path = Path(path)
    if path.is_file():
        return _file_format(path)
    if not path.is_dir():
        return None
    votes: dict[str, int] = {}
    for file in _some_files(path):
        fmt = _file_format(file)
        if fmt is not None:
            votes[fmt] = votes.get(fmt, 0) + 1
            if sum(votes.values()) >= _MAX_VOTES:
                break
    return max(votes, key=lambda k: (votes[k], -FORMATS.index(k))) if votes else None


def _some_files(folder: Path) -> Iterator[Path]:
    """Up to _MAX_FILES files under ``folder``, top folder first, in name order."""
    seen = 0
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            yield Path(parent) / name
            seen += 1
            if seen >= _MAX_FILES:
                return


def _file_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml", ".txt", ".names"):
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(_PEEK).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    if suffix == ".json":
        if re.search(r'"shapes"\s*:', head) and re.search(r'"imagePath"\s*:', head):
            return "labelme"
        if re.search(r'"images"\s*:', head) or re.search(r'"annotations"\s*:', head):
            return "coco"
        return None
    if suffix == ".xml":
        return "voc" if re.search(r"<annotation[\s>]", head) else None
    if suffix == ".names" or path.name.lower() == "classes.txt":
        return "yolo"
    lines = [ln for ln in head.splitlines()[:20] if ln.strip()]
    return "yolo" if lines and all(_YOLO_LINE.match(ln) for ln in lines) else None
