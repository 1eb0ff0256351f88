"""Guessing an annotation format from a peek at files, without parsing them whole."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

FORMATS = ("coco", "voc", "yolo", "labelme")

_PEEK = 1 << 16  # bytes read from each file to guess its format
_MAX_FILES = 5000  # files listed in a folder before guessing stops
_MAX_VOTES = 50  # annotation files peeked at
_YOLO_LINE = re.compile(r"^\s*\d+(\s+[-+0-9.eE]+){4,}\s*$")
_YAML_KEY = r"(?m)^{}\s*:"


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
    for file in some_files(path):
        fmt = _file_format(file)
        if fmt is not None:
            votes[fmt] = votes.get(fmt, 0) + 1
            if sum(votes.values()) >= _MAX_VOTES:
                break
    return max(votes, key=lambda k: (votes[k], -FORMATS.index(k))) if votes else None


def is_data_yaml(path: Path) -> bool:
    """Whether ``path`` looks like an ultralytics data file (top-level train: and names:)."""
    head = peek(path)
    return all(re.search(_YAML_KEY.format(key), head) for key in ("train", "names"))


def some_files(folder: Path) -> Iterator[Path]:
    """Up to _MAX_FILES files under ``folder``, top folder first, in name order."""
    seen = 0
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            yield Path(parent) / name
            seen += 1
            if seen >= _MAX_FILES:
                return


def peek(path: Path) -> str:
    """The start of a text file ('' when unreadable)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(_PEEK).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def _file_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml", ".txt", ".names", ".yaml", ".yml"):
        return None
    head = peek(path)
    if suffix == ".json":
        if re.search(r'"shapes"\s*:', head) and re.search(r'"imagePath"\s*:', head):
            return "labelme"
        if re.search(r'"images"\s*:', head) or re.search(r'"annotations"\s*:', head):
            return "coco"
        return None
    if suffix == ".xml":
        return "voc" if re.search(r"<annotation[\s>]", head) else None
    if suffix in (".yaml", ".yml"):
        return "yolo" if is_data_yaml(path) else None
    if suffix == ".names" or path.name.lower() == "classes.txt":
        return "yolo"
    lines = [ln for ln in head.splitlines()[:20] if ln.strip()]
    return "yolo" if lines and all(_YOLO_LINE.match(ln) for ln in lines) else None
