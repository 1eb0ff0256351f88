"""labelme JSON: one file per image with ``shapes``, ``imagePath`` (relative to the JSON file),
``imageWidth`` and ``imageHeight``.

labelme points are continuous pixel coordinates of the EXIF-oriented image (labelme applies
the orientation when it loads a photo), the same frame as COCO's bbox, so no offset is needed.
Rectangles become boxes whatever order their two corners come in; polygons, circles and masks
become their bounding boxes, with a note; points and lines carry no box and are skipped.
An export over labelme files keeps every shape the studio did not write
(core.formats.labelme_merge).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from pathlib import Path

from core.formats.common import (
    CocoBuilder,
    FormatError,
    ImportResult,
    check_unique_outputs,
    common_folder,
    export_view,
    find_files,
    image_size,
    output_path,
    read_json,
    relative_name,
)
from core.formats.labelme_merge import STUDIO_MARK, existing_document, merge_shapes
from core.formats.writer import ExportFile, write_files

LABELME_VERSION = "5.0.1"  # a format version every labelme since 5.0 opens
_BOXLESS = ("point", "points", "line", "linestrip")


def import_labelme(
    folder_or_files: str | os.PathLike | Iterable[str | os.PathLike],
    image_root: str | os.PathLike | None = None,
) -> ImportResult:
    """Read labelme JSON files (a folder, searched recursively, or a list of files).

    ``file_name`` values are relative to ``image_root``; by default the given folder (or the
    JSON files' common folder), widened to hold every image the files point to.
    """
    builder = CocoBuilder()
    docs = []  # (json path, image path, parsed document)
    files, base = find_files(folder_or_files, ".json")
    for path in files:
        doc = _load(path)
        if doc is None:
            builder.warnings.append(f"{path}: not a labelme file (no 'shapes'); skipped")
            continue
        docs.append((path, _image_path(path, doc), doc))
    if not docs:
        raise FormatError(None, "", f"no labelme JSON files in {folder_or_files}")
    root = Path(image_root) if image_root is not None else _root(base, docs)
    counts = {"polygon": 0, "circle": 0, "mask": 0}
    for path, image, doc in docs:
        file_name = relative_name(image, root)
        if file_name is None:
            raise FormatError(
                path, "imagePath", f"{doc['imagePath']!r} lies outside the image root {root}"
            )
        image_id = builder.image_for(file_name, path, lambda p=path, i=image, d=doc: _size(p, i, d))
        for i, shape in enumerate(doc["shapes"]):
            _add_shape(builder, image_id, path, i, shape, counts)
    for kind, n in counts.items():
        if n:
            builder.warnings.append(f"{n} {kind} shape(s) imported as their bounding boxes")
    return builder.result(root, where="labelme import")


def _load(path: Path) -> dict | None:
    """The parsed document; None for JSON that is not labelme's; FormatError when malformed."""
    doc = read_json(path)
    if not isinstance(doc, dict) or "shapes" not in doc:
        return None
    if not isinstance(doc["shapes"], list):
        raise FormatError(path, "shapes", "must be a list")
    if not isinstance(doc.get("imagePath"), str) or not doc["imagePath"].strip():
        raise FormatError(path, "imagePath", "missing: the file does not name its image")
    return doc


def _image_path(path: Path, doc: dict) -> Path:
    # labelme on Windows writes backslashes ("..\\images\\a.jpg")
    return Path(os.path.normpath(path.parent / doc["imagePath"].replace("\\", "/")))


def _root(base: Path, docs) -> Path:
    """``base`` when it holds every image, else the folder that holds them and the files."""
    if all(relative_name(image, base) is not None for _, image, _ in docs):
        return base
    return common_folder([p for p, _, _ in docs] + [image for _, image, _ in docs])


def _size(path: Path, image: Path, doc: dict) -> tuple[int, int]:
    width, height = doc.get("imageWidth"), doc.get("imageHeight")
    if width is None or height is None:  # very old files: ask the image
        if not image.is_file():
            raise FormatError(
                path, "imageWidth/imageHeight", f"missing, and the image {image} is not there"
            )
        return image_size(image)
    for key, v in (("imageWidth", width), ("imageHeight", height)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0 or v != int(v):
            raise FormatError(path, key, f"must be a positive whole number, got {v!r}")
    return int(width), int(height)


def _add_shape(
    builder: CocoBuilder, image_id: int, path: Path, i: int, shape: object, counts: dict[str, int]
) -> None:
    place = f"shapes[{i}]"
    if not isinstance(shape, dict):
        raise FormatError(path, place, "must be an object")
    label = shape.get("label")
    if not isinstance(label, str) or not label.strip():
        raise FormatError(path, f"{place}.label", f"must be a non-empty string, got {label!r}")
    label = label.strip()
    kind = shape.get("shape_type") or "polygon"  # labelme's own default
    points = shape.get("points")
    if (
        not isinstance(points, list)
        or not points
        or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in points)
        or not all(_is_number(v) for p in points for v in p)
    ):
        raise FormatError(
            path, f"{place}.points", f"must be a list of [x, y] number pairs, got {points!r:.80}"
        )
    where = f"{path}: {place} ({label}, {kind})"
    if kind in _BOXLESS:
        builder.warnings.append(f"{where}: a {kind} has no box; skipped")
        return
    if kind not in ("rectangle", "polygon", "circle", "mask"):
        builder.warnings.append(f"{where}: unknown shape_type; skipped")
        return
    need = 3 if kind == "polygon" else 2
    if len(points) < need:
        builder.warnings.append(
            f"{where}: a {kind} needs {need} points, got {len(points)}; skipped"
        )
        return
    if kind == "circle":  # centre, then a point on the circle
        (cx, cy), (px, py) = points[:2]
        r = ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5
        xyxy = (cx - r, cy - r, cx + r, cy + r)
    else:
        xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
        xyxy = (min(xs), min(ys), max(xs), max(ys))
    if kind in counts:
        counts[kind] += 1
    builder.add_box(image_id, label, xyxy, where)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def export_labelme(
    data: dict,
    out_dir: str | os.PathLike,
    image_root: str | os.PathLike,
    *,
    protect: Iterable[str | os.PathLike] = (),
    backup: bool = False,
) -> list[Path]:
    """Write one labelme JSON per image under ``out_dir`` (sub-folders as in ``file_name``).

    ``imagePath`` points from each JSON file to ``image_root/file_name``; no image data is
    embedded. Over an existing file of the same image the shapes the studio did not write
    (polygons, points, other rectangles) are kept. All files or none are written
    (core.formats.writer). Returns the files written.
    """
    return write_files(out_dir, labelme_files(data, out_dir, image_root), protect, backup=backup)


def labelme_files(
    data: dict, out_dir: str | os.PathLike, image_root: str | os.PathLike
) -> list[ExportFile]:
    """The files a labelme export into ``out_dir`` writes, merged into those already there."""
    out, root = Path(out_dir), Path(image_root)
    _, images = export_view(data)
    jobs = [(img, output_path(out, img.file_name, ".json")) for img in images]
    check_unique_outputs([(img.file_name, target) for img, target in jobs])
    files = []
    for img, target in jobs:
        image = root.joinpath(*img.file_name.replace("\\", "/").split("/"))
        try:
            rel = os.path.relpath(os.path.abspath(image), os.path.abspath(target.parent))
        except ValueError:  # another drive (Windows): only an absolute path can point there
            rel = os.path.abspath(image)
        shapes = [
            {
                "label": name,
                "points": [[x, y], [x + w, y + h]],
                "group_id": None,
                "description": "",
                "shape_type": "rectangle",
                "flags": {},
                "mask": None,
                STUDIO_MARK: True,
            }
            for name, (x, y, w, h) in img.boxes
        ]
        doc = {
            "version": LABELME_VERSION,
            "flags": {},
            "shapes": shapes,
            "imagePath": rel.replace(os.sep, "/"),
            "imageData": None,
            "imageHeight": img.height,
            "imageWidth": img.width,
        }
        old = existing_document(target, image) if os.path.lexists(target) else None
        if old is not None:
            doc = merge_shapes(old, doc)
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        files.append(ExportFile(target, text.encode("utf-8"), merged=old is not None))
    return files
