"""COCO JSON, the project's own format: reading and writing are core.data.coco's; this module
turns its errors into FormatError and its silent repairs into warnings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from core.data.coco import CocoError, validate_coco
from core.formats.common import FormatError, ImportResult, read_json
from core.formats.writer import ExportFile, write_files


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
    except RecursionError:
        raise FormatError(path, "", "nested too deeply to read (not an annotation file?)") from None
    notes = _repairs(path, raw, data)
    return ImportResult(data, notes + _clip_to_images(path, data), None)


def _clip_to_images(path: Path, data: dict) -> list[str]:
    """Clip boxes to their image (where its size is known), dropping those with no area left."""
    sizes = {i["id"]: (i.get("width"), i.get("height")) for i in data["images"]}
    kept, clipped, dropped = [], 0, 0
    for ann in data["annotations"]:
        width, height = sizes[ann["image_id"]]
        if width is None or height is None:
            kept.append(ann)
            continue
        x, y, w, h = (float(v) for v in ann["bbox"])
        x0, y0 = min(max(x, 0.0), width), min(max(y, 0.0), height)
        x1, y1 = min(max(x + w, 0.0), width), min(max(y + h, 0.0), height)
        if (x0, y0, x1, y1) == (x, y, x + w, y + h):
            kept.append(ann)
        elif x1 - x0 <= 0 or y1 - y0 <= 0:
            dropped += 1
        else:
            clipped += 1
            ann["bbox"] = [x0, y0, x1 - x0, y1 - y0]
            ann["area"] = min(ann["area"], (x1 - x0) * (y1 - y0))
            kept.append(ann)
    data["annotations"] = kept
    notes = []
    if clipped:
        notes.append(f"{path}: {clipped} box(es) reached outside their image; clipped to it")
    if dropped:
        notes.append(f"{path}: {dropped} box(es) had no area inside their image; skipped")
    return notes


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


def export_coco(
    data: dict, path: str | os.PathLike, *, protect: Iterable[str | os.PathLike] = ()
) -> list[Path]:
    """Validate and write ``data`` atomically (the previous file is kept as ``<name>.bak``).

    Never through a symbolic link, never over a file of ``protect``; returns ``[path]``.
    """
    return write_files(
        Path(path).parent, coco_files(data, path), protect, backup=True, reserved=False
    )


def coco_files(data: dict, path: str | os.PathLike) -> list[ExportFile]:
    """The one file a COCO export writes, as core.data.coco's ``save_coco`` writes it."""
    try:
        data = validate_coco(data, where=Path(path).name)
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return [ExportFile(Path(path), (text + "\n").encode("utf-8"))]
