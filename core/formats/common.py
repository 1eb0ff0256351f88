"""What every format module shares: the error, the import result, a COCO builder, box helpers.

The interchange structure is a COCO dict whose ``bbox = [x, y, w, h]`` is in continuous pixel
coordinates of the EXIF-oriented image: the left edge of the image is x = 0, the right edge is
x = width, so a box covering the whole image is [0, 0, width, height].
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.data.coco import CocoError, resolve_image, validate_coco
from core.data.imageio import ImageReadError
from core.data.imageio import image_size as read_size
from core.options import IMAGE_SUFFIXES

IMAGE_EXTENSIONS = IMAGE_SUFFIXES  # the one list (core.options)

PathLike = str | os.PathLike


class FormatError(ValueError):
    """Malformed annotation input; the message names the file and the place (line, field)."""

    def __init__(self, path: PathLike | None, place: str, problem: str) -> None:
        self.path = None if path is None else Path(path)
        self.place = place
        self.problem = problem
        where = ": ".join(s for s in (None if path is None else str(path), place) if s)
        super().__init__(f"{where}: {problem}" if where else problem)


def read_json(path: Path) -> object:
    """The parsed JSON of ``path`` (a UTF-8 BOM is allowed); FormatError names line and column."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise FormatError(
            path, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise FormatError(path, "", "nested too deeply to read (not an annotation file?)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(path, "", f"cannot read: {exc}") from None


@dataclass(frozen=True)
class ImportResult:
    """What every ``import_*`` returns.

    ``data`` is a validated COCO dict; ``warnings`` are human-readable notes about things that
    were fixed or skipped (one per event, each naming its file); ``image_root`` is the folder
    the ``file_name`` values are relative to, or None where the format does not say (COCO).
    """

    data: dict
    warnings: list[str] = field(default_factory=list)
    image_root: Path | None = None


class CocoBuilder:
    """Collects images, categories (by name) and boxes, numbering ids from 1 in arrival order."""

    def __init__(self, classes: Iterable[str] = ()) -> None:
        self.images: list[dict] = []
        self.categories: dict[str, int] = {}
        self.annotations: list[dict] = []
        self.warnings: list[str] = []
        self._by_name: dict[str, int] = {}
        for name in classes:
            self.category_id(name)

    def category_id(self, name: str) -> int:
        if name not in self.categories:
            self.categories[name] = len(self.categories) + 1
        return self.categories[name]

    def add_image(self, file_name: str, width: int, height: int) -> int:
        image_id = len(self.images) + 1
        self.images.append(
            {"id": image_id, "file_name": file_name, "width": int(width), "height": int(height)}
        )
        return image_id

    def image_for(
        self, file_name: str, source: PathLike, size: Callable[[], tuple[int, int]]
    ) -> int:
        """The id of image ``file_name``, added with ``size()`` (w, h) the first time.

        A second annotation file (``source``) for the same image is merged into it, with a note.
        """
        if file_name in self._by_name:
            self.warnings.append(
                f"{source}: image {file_name!r} is described by another annotation file too; merged"
            )
            return self._by_name[file_name]
        self._by_name[file_name] = self.add_image(file_name, *size())
        return self._by_name[file_name]

    def add_box(
        self, image_id: int, label: str, xyxy: tuple[float, float, float, float], where: str
    ) -> None:
        """Add a box given by two corners in any order (pixels); clip it to the image.

        A box that leaves the image is clipped with a warning; one with no area left is
        skipped with a warning. ``where`` names the source (file and shape/line) for them.
        """
        image = self.images[image_id - 1]
        width, height = image["width"], image["height"]
        xa, ya, xb, yb = xyxy
        x0, x1 = sorted((xa, xb))
        y0, y1 = sorted((ya, yb))
        cx0, cy0 = min(max(x0, 0.0), width), min(max(y0, 0.0), height)
        cx1, cy1 = min(max(x1, 0.0), width), min(max(y1, 0.0), height)
        if cx1 - cx0 <= 0 or cy1 - cy0 <= 0:
            self.warnings.append(
                f"{where}: box {_fmt(xyxy)} has no area inside the {width}x{height} image; skipped"
            )
            return
        if (cx0, cy0, cx1, cy1) != (x0, y0, x1, y1):
            self.warnings.append(
                f"{where}: box {_fmt(xyxy)} reaches outside the {width}x{height} image; clipped"
            )
        w, h = cx1 - cx0, cy1 - cy0
        self.annotations.append(
            {
                "id": len(self.annotations) + 1,
                "image_id": image_id,
                "category_id": self.category_id(label),
                "bbox": [cx0, cy0, w, h],
                "area": w * h,
                "iscrowd": 0,
            }
        )

    def result(self, image_root: Path | None, where: str) -> ImportResult:
        data = {
            "images": self.images,
            "categories": [{"id": i, "name": n} for n, i in self.categories.items()],
            "annotations": self.annotations,
        }
        try:
            data = validate_coco(data, where=where, in_place=True)
        except CocoError as exc:  # a file name that climbs out of the image root, say
            raise FormatError(None, "", str(exc)) from None
        return ImportResult(data, self.warnings, image_root)


def _fmt(values: Iterable[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def number(text: str | None, path: PathLike, place: str) -> float:
    """A finite number from a text field, or FormatError naming the file and the field."""
    if text is None:
        raise FormatError(path, place, "missing")
    try:
        value = float(text.strip())
    except ValueError:
        raise FormatError(path, place, f"not a number: {text.strip()!r}") from None
    if not math.isfinite(value):
        raise FormatError(path, place, f"not a finite number: {text.strip()!r}")
    return value


def find_files(
    folder_or_files: PathLike | Iterable[PathLike], suffix: str
) -> tuple[list[Path], Path]:
    """The files to read and the folder their sub-folders count from.

    A folder is searched recursively for ``suffix`` files (sorted); files are taken as given,
    counted from their common folder.
    """
    if isinstance(folder_or_files, (str, os.PathLike)) and Path(folder_or_files).is_dir():
        folder = Path(folder_or_files)
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() == suffix and p.is_file())
        if not files:
            raise FormatError(folder, "", f"no {suffix} files in this folder")
        return files, folder
    if isinstance(folder_or_files, (str, os.PathLike)):
        folder_or_files = [folder_or_files]
    files = [Path(p) for p in folder_or_files]
    for p in files:
        if not p.is_file():
            raise FormatError(p, "", "no such file or folder")
    if not files:
        raise FormatError(None, "", f"no {suffix} files given")
    return files, common_folder(files)


def common_folder(paths: Iterable[Path]) -> Path:
    """The deepest folder that holds every one of ``paths`` (files)."""
    folders = [os.path.abspath(p.parent) for p in paths]
    if not folders:
        raise ValueError("common_folder needs at least one path")
    return Path(os.path.commonpath(folders))


def relative_name(image: Path, image_root: Path) -> str | None:
    """``image`` relative to ``image_root`` with '/' separators; None if it lies outside."""
    try:
        rel = os.path.relpath(os.path.abspath(image), os.path.abspath(image_root))
    except ValueError:  # another drive on Windows
        return None
    rel = rel.replace(os.sep, "/")
    return None if rel == ".." or rel.startswith("../") else rel


def image_size(path: Path) -> tuple[int, int]:
    """(width, height) of the EXIF-oriented image at ``path``; FormatError when unreadable."""
    try:
        return read_size(path)  # header only for JPEG and PNG
    except (ImageReadError, OSError) as exc:
        raise FormatError(path, "", f"cannot read the image size: {exc}") from None


@dataclass(frozen=True)
class ExportImage:
    """One image of a COCO dict, ready for a per-image writer; boxes are xywh pixels."""

    file_name: str
    width: int
    height: int
    boxes: list[tuple[str, list[float]]]  # (class name, [x, y, w, h])


def export_view(data: dict) -> tuple[list[str], Iterator[ExportImage]]:
    """Validate ``data`` for export: class names by category id, and its images one by one.

    Exports need each image's width and height (YOLO normalises by them, VOC and labelme
    write them), so an image without them is an error here.
    """
    try:
        data = validate_coco(data, where="data to export")
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    cats = sorted(data["categories"], key=lambda c: c["id"])
    names = {c["id"]: c["name"] for c in cats}
    by_image: dict[int, list[tuple[str, list[float]]]] = {}
    for ann in data["annotations"]:
        by_image.setdefault(ann["image_id"], []).append(
            (names[ann["category_id"]], [float(v) for v in ann["bbox"]])
        )
    for i, img in enumerate(data["images"]):
        if img.get("width") is None or img.get("height") is None:
            raise FormatError(
                None,
                f"data to export: image #{i} ({img['file_name']})",
                "width and height are needed to export",
            )

    def images() -> Iterator[ExportImage]:
        for img in data["images"]:
            yield ExportImage(
                img["file_name"], int(img["width"]), int(img["height"]), by_image.get(img["id"], [])
            )

    return [c["name"] for c in cats], images()


def output_path(out_dir: Path, file_name: str, suffix: str) -> Path:
    """Where the per-image file for ``file_name`` goes: same sub-folders, new suffix."""
    try:
        target = resolve_image(out_dir, file_name)
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    return target.with_suffix(suffix)


def check_unique_outputs(targets: list[tuple[str, Path]]) -> None:
    """Two images whose per-image files would collide ('a.jpg' and 'a.png') are an error."""
    seen: dict[Path, str] = {}
    for name, target in targets:
        if target in seen:
            raise FormatError(
                target,
                "",
                f"images {seen[target]!r} and {name!r} would both "
                "write this file; rename one of them",
            )
        seen[target] = name
