"""Pascal VOC XML: one ``<annotation>`` file per image.

Coordinates follow the VOC devkit (and detectron2's VOC reader): ``xmin``..``xmax`` are 1-based
pixel indices, both inclusive, so the box covers continuous pixels [xmin - 1, xmax]. A COCO box
[x, y, w, h] is written as xmin = x + 1, xmax = x + w, and read back as x = xmin - 1,
w = xmax - xmin + 1: integer boxes round-trip exactly, fractional edges are rounded to the
nearest pixel (at most 0.5 px). A file whose boxes start at 0 (0-based writers) is read as
reaching one pixel outside the image and clipped, with a warning.

An XML file in a sub-folder of the annotation folder describes the image in the same
sub-folder of the image root, so nested datasets survive a round trip. In the devkit layout the
lists in ``ImageSets/Main`` (train.txt, val.txt, trainval.txt, test.txt) give images their split.
"""

from __future__ import annotations

import io
import math
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from core.formats.common import (
    CocoBuilder,
    FormatError,
    ImportResult,
    check_unique_outputs,
    export_view,
    find_files,
    image_size,
    number,
    output_path,
)
from core.formats.writer import ExportFile, write_files

IMAGE_SETS = Path("ImageSets") / "Main"


def import_voc(
    folder_or_files: str | os.PathLike | Iterable[str | os.PathLike],
    image_root: str | os.PathLike | None = None,
) -> ImportResult:
    """Read VOC XML files (a folder, searched recursively, or a list of files).

    ``image_root`` holds the images; by default the ``JPEGImages`` folder beside an
    ``Annotations`` folder (the devkit layout), else the annotation folder itself.
    """
    xml_files, ann_root = find_files(folder_or_files, ".xml")
    if image_root is None:
        devkit = ann_root.parent / "JPEGImages"
        image_root = devkit if ann_root.name == "Annotations" and devkit.is_dir() else ann_root
    root = Path(image_root)
    builder = CocoBuilder()
    splits = read_image_sets(ann_root.parent) if ann_root.name == "Annotations" else {}
    difficult = held = 0
    missing: list[str] = []
    for path in xml_files:
        if splits.get(path.stem) == "test":
            held += 1
            continue
        sub = path.resolve().parent.relative_to(ann_root.resolve()).as_posix()
        file_name, width, height, objects = _read(path, root, "" if sub == "." else sub)
        if not (root / file_name).is_file():
            missing.append(file_name)
        image_id = builder.image_for(file_name, path, lambda w=width, h=height: (w, h))
        if path.stem in splits:
            builder.images[image_id - 1]["split"] = splits[path.stem]
        for i, (name, (xmin, ymin, xmax, ymax), is_difficult) in enumerate(objects):
            difficult += is_difficult
            flipped = [
                t for t, bad in (("xmin > xmax", xmin > xmax), ("ymin > ymax", ymin > ymax)) if bad
            ]
            if flipped:
                builder.warnings.append(
                    f"{path}: object #{i + 1} ({name}): {' and '.join(flipped)}; swapped"
                )
                xmin, xmax = sorted((xmin, xmax))
                ymin, ymax = sorted((ymin, ymax))
            builder.add_box(
                image_id,
                name,
                (xmin - 1, ymin - 1, xmax, ymax),
                f"{path}: object #{i + 1} ({name})",
            )
    if missing:
        builder.warnings.append(
            f"{len(missing)} image(s) not found in {root}, e.g. "
            + ", ".join(repr(n) for n in missing[:3])
        )
    if difficult:
        builder.warnings.append(
            f"{difficult} object(s) marked 'difficult' were imported as ordinary boxes"
        )
    if held:
        builder.warnings.append(
            f"{held} image(s) listed only in {ann_root.parent / IMAGE_SETS / 'test.txt'} "
            "are held out; not imported"
        )
    return builder.result(root, where="VOC import")


def read_image_sets(devkit: str | os.PathLike) -> dict[str, str]:
    """Image id -> "train" | "val" | "test" from ``ImageSets/Main/{split}.txt`` in ``devkit``.

    An id in val.txt is "val" (also when train.txt lists it), else one in train.txt "train";
    trainval.txt alone gives no split; test.txt marks ids no other list names.
    """
    folder = Path(devkit) / IMAGE_SETS
    marks: dict[str, str | None] = {}
    for name, split in (("test", "test"), ("trainval", None), ("train", "train"), ("val", "val")):
        listing = folder / f"{name}.txt"
        if not listing.is_file():
            continue
        try:
            lines = listing.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise FormatError(listing, "", f"cannot read: {exc}") from None
        for line in lines:
            fields = line.split()
            if fields:
                marks[fields[0]] = split
    return {k: v for k, v in marks.items() if v is not None}


def _read(path: Path, image_root: Path, sub: str):
    """(file_name, width, height, [(name, (xmin, ymin, xmax, ymax), difficult), ...])."""
    try:
        root = ET.parse(path).getroot()  # reads the encoding from the XML declaration
    except ET.ParseError as exc:
        line, col = exc.position
        raise FormatError(
            path,
            f"line {line}, column {col + 1}",
            f"not well-formed XML ({str(exc).split(':')[0]})",
        ) from None
    except OSError as exc:
        raise FormatError(path, "", f"cannot read: {exc}") from None
    if root.tag != "annotation":
        raise FormatError(path, f"<{root.tag}>", "not a VOC file (the root must be <annotation>)")
    # the bare name: some writers put a whole (even Windows) path in <filename>
    filename = (root.findtext("filename") or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not filename:
        raise FormatError(path, "<filename>", "missing: the XML does not name its image")
    file_name = f"{sub}/{filename}" if sub else filename
    size = root.find("size")
    width = height = 0.0
    if size is not None:
        width = number(size.findtext("width"), path, "<size><width>")
        height = number(size.findtext("height"), path, "<size><height>")
    if width <= 0 or height <= 0:  # some writers leave <size> out or write 0: ask the image
        image = image_root / file_name
        if not image.is_file():
            raise FormatError(
                path,
                "<size>",
                f"missing or not positive, and the image {image} to read it from is not there",
            )
        width, height = image_size(image)
    if not (float(width).is_integer() and float(height).is_integer()):
        raise FormatError(
            path, "<size>", f"width and height must be whole pixels, got {width:g} x {height:g}"
        )
    objects = []
    for i, obj in enumerate(root.iter("object")):
        place = f"object #{i + 1}"
        name = (obj.findtext("name") or "").strip()
        if not name:
            raise FormatError(path, f"{place} <name>", "missing class name")
        box = obj.find("bndbox")
        if box is None:
            raise FormatError(path, f"{place} ({name})", "missing <bndbox>")
        coords = tuple(
            number(box.findtext(k), path, f"{place} ({name}) <bndbox><{k}>")
            for k in ("xmin", "ymin", "xmax", "ymax")
        )
        is_difficult = (obj.findtext("difficult") or "0").strip() not in ("0", "")
        objects.append((name, coords, is_difficult))
    return file_name, int(width), int(height), objects


def export_voc(
    data: dict,
    out_dir: str | os.PathLike,
    *,
    protect: Iterable[str | os.PathLike] = (),
    backup: bool = False,
) -> list[Path]:
    """Write one VOC XML per image under ``out_dir`` (sub-folders as in ``file_name``).

    Returns the files written. Images without boxes get a file too (background images). All
    files or none are written (core.formats.writer); ``backup`` keeps replaced ones as .bak.
    """
    return write_files(out_dir, voc_files(data, out_dir), protect, backup=backup)


def voc_files(data: dict, out_dir: str | os.PathLike) -> list[ExportFile]:
    """The files a VOC export into ``out_dir`` writes."""
    out = Path(out_dir)
    _, images = export_view(data)
    jobs = [(img, output_path(out, img.file_name, ".xml")) for img in images]
    check_unique_outputs([(img.file_name, target) for img, target in jobs])
    files = []
    for img, target in jobs:
        tree = ET.ElementTree(_element(img))
        ET.indent(tree)
        buffer = io.BytesIO()
        tree.write(buffer, encoding="utf-8", xml_declaration=True)
        files.append(ExportFile(target, buffer.getvalue()))
    return files


def _element(img) -> ET.Element:
    ann = ET.Element("annotation")
    parts = img.file_name.replace("\\", "/").split("/")
    _sub(ann, "folder", parts[-2] if len(parts) > 1 else "")
    _sub(ann, "filename", parts[-1])
    source = _sub(ann, "source")
    _sub(source, "database", "Unknown")
    size = _sub(ann, "size")
    _sub(size, "width", str(img.width))
    _sub(size, "height", str(img.height))
    _sub(size, "depth", "3")
    _sub(ann, "segmented", "0")
    for name, (x, y, w, h) in img.boxes:
        xmin, ymin = _round(x) + 1, _round(y) + 1  # 1-based index of the first pixel
        xmax = max(_round(x + w), xmin)  # 1-based index of the last pixel (inclusive)
        ymax = max(_round(y + h), ymin)
        obj = _sub(ann, "object")
        _sub(obj, "name", name)
        _sub(obj, "pose", "Unspecified")
        _sub(obj, "truncated", "0")
        _sub(obj, "difficult", "0")
        box = _sub(obj, "bndbox")
        for key, value in (("xmin", xmin), ("ymin", ymin), ("xmax", xmax), ("ymax", ymax)):
            _sub(box, key, str(value))
    return ann


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _round(v: float) -> int:
    return math.floor(v + 0.5)  # half up, the same on every platform
