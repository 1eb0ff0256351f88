"""COCO JSON, the project's own format: reading and writing are core.data.coco's; this module
turns its errors into FormatError and its silent repairs into warnings.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.data.coco import CocoError, save_coco, validate_coco
from core.formats.common import FormatError, ImportResult, read_json


def import_coco(path: str | os.PathLike) -> ImportResult:
    """Read and validate a COCO detection file; impossible ``area`` values are recomputed.

    ``image_root`` is None: a COCO file does not say where its images are.
    """
    path = Path(path)
    raw = read_json(path)
    if isinstance(raw, dict) and not {"images", "annotations", "categories"} & raw.keys():
        raise FormatError(path, "", "not a COCO file (no 'images', 'annotations' or 'categories')")
    try:
        data = validate_coco(raw, where=str(path))  # a normalised copy; raw stays as read
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    return ImportResult(data, _repairs(path, raw, data), None)


def _repairs(path: Path, raw: dict, data: dict) -> list[str]:
    """Notes on what validation changed or what the file lacks, one per kind."""
    notes = []
    raw_anns = raw.get("annotations") or []
    fixed = sum(
        1
        for before, after in zip(raw_anns, data["annotations"], strict=True)
        if before.get("area") != after["area"]
    )
    if fixed:
        notes.append(
            f"{path}: {fixed} annotation(s) had a missing or impossible 'area' "
            "(not positive, or larger than the box); set to the box's w*h"
        )
    unnumbered = sum(1 for a in raw_anns if a.get("id") is None)
    if unnumbered:
        notes.append(f"{path}: {unnumbered} annotation(s) had no id; numbered")
    sizeless = sum(1 for i in data["images"] if i.get("width") is None or i.get("height") is None)
    if sizeless:
        notes.append(f"{path}: {sizeless} image(s) have no width/height")
    crowd = sum(1 for a in data["annotations"] if a["iscrowd"])
    if crowd:
        notes.append(f"{path}: {crowd} annotation(s) are crowd regions (iscrowd = 1)")
    return notes


def export_coco(data: dict, path: str | os.PathLike) -> None:
    """Validate and write ``data`` atomically (the previous file is kept as ``<name>.bak``)."""
    try:
        save_coco(path, data)
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    except OSError as exc:
        raise FormatError(path, "", f"cannot write: {exc}") from None
