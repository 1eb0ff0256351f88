"""Ultralytics YOLO datasets described by a YAML data file (``data.yaml``).

The file names the dataset root (``path``, relative to the YAML file; its folder when absent),
the image sets (``train``, ``val``, optional ``test``: folders of images, text files listing
image paths, or lists of either) and the classes (``names``: a list, or a mapping from 0-based
index to name). An image's labels are at its own path with the last ``/images/`` component
replaced by ``/labels/`` and the suffix by ``.txt`` (ultralytics' rule); an image without a
label file is a background image. Images only listed under ``test`` are held out: not imported.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from core.formats.common import (
    IMAGE_EXTENSIONS,
    CocoBuilder,
    FormatError,
    ImportResult,
    common_folder,
    relative_name,
)
from core.formats.yolo import add_image_with_labels

SPLIT_KEYS = ("train", "val", "test")


def read_data_yaml(path: str | os.PathLike) -> dict:
    """The parsed data file (``yaml.safe_load``); FormatError names the line for bad YAML."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(path, "", f"cannot read: {exc}") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FormatError(path, place, f"not valid YAML ({problem})") from None
    if not isinstance(doc, dict):
        raise FormatError(path, "", "not a YOLO data file (expected the keys train, val, names)")
    return doc


def yaml_classes(doc: dict, path: Path) -> list[str]:
    """Class names by 0-based index from ``names`` (a list or a {index: name} mapping)."""
    names = doc.get("names")
    if names is None:
        raise FormatError(path, "names", "missing: the class list")
    if isinstance(names, dict):
        try:
            by_index = {int(k): v for k, v in names.items() if not isinstance(k, bool)}
        except (TypeError, ValueError):
            raise FormatError(path, "names", "the mapping's keys must be class indices") from None
        if sorted(by_index) != list(range(len(names))):
            raise FormatError(
                path, "names", f"the class indices must be 0..{len(names) - 1}, got {list(names)}"
            )
        names = [by_index[i] for i in range(len(names))]
    if not isinstance(names, list):
        raise FormatError(path, "names", "must be a list or a mapping {0: name, ...}")
    out: list[str] = []
    for i, raw in enumerate(names):
        name = "" if raw is None or isinstance(raw, (dict, list)) else str(raw).strip()
        if not name:
            raise FormatError(path, f"names[{i}]", f"not a class name: {raw!r}")
        if name in out:
            raise FormatError(path, f"names[{i}]", f"class {name!r} is listed twice")
        out.append(name)
    if not out:
        raise FormatError(path, "names", "the class list is empty")
    nc = doc.get("nc")
    if nc is not None and nc != len(out):
        raise FormatError(path, "nc", f"says {nc} classes but names lists {len(out)}")
    return out


def label_path(image: str | os.PathLike) -> Path:
    """Where ultralytics looks for the labels of ``image``."""
    text = Path(os.path.abspath(image)).as_posix()
    head, sep, tail = text.rpartition("/images/")
    if sep:
        text = f"{head}/labels/{tail}"
    return Path(text).with_suffix(".txt")


def import_yolo_yaml(yaml_file: str | os.PathLike) -> ImportResult:
    """Read the dataset a data file describes; images carry ``"split"`` (train or val)."""
    path = Path(yaml_file)
    doc = read_data_yaml(path)
    classes = yaml_classes(doc, path)
    builder = CocoBuilder(classes)
    root = _dataset_root(doc, path, builder.warnings)
    split_of: dict[Path, str] = {}
    sets = {key: _image_set(doc, key, root, path, builder.warnings) for key in SPLIT_KEYS}
    for key in ("test", "train", "val"):  # a later set wins: val over train over test
        split_of.update(dict.fromkeys(sets[key], key))
    both = len(set(sets["train"]) & set(sets["val"]))
    if both:
        builder.warnings.append(f"{path}: {both} image(s) are in both train and val; kept in val")
    held = sorted(p for p, s in split_of.items() if s == "test")
    if held:
        builder.warnings.append(f"{path}: {len(held)} test image(s) held out; not imported")
    images = sorted(p for p, s in split_of.items() if s != "test")
    image_root = root
    if images and any(relative_name(p, root) is None for p in images):
        image_root = common_folder(images)
    _add_images(builder, images, split_of, classes, image_root)
    return builder.result(image_root, where=str(path))


def _add_images(
    builder: CocoBuilder, images: list[Path], split_of: dict[Path, str], classes: list[str], root
) -> None:
    unreadable, labelled = [], 0
    for image in sorted(images, key=lambda p: relative_name(p, root) or ""):
        labels = label_path(image)
        if add_image_with_labels(builder, image, root, labels, classes, unreadable) is None:
            continue
        builder.images[-1]["split"] = split_of[image]
        labelled += labels.is_file()
    builder.warnings.extend(f"{m}; image and its labels skipped" for m in unreadable)
    if builder.images and not labelled:
        builder.warnings.append(
            f"no label file found for any of the {len(builder.images)} images "
            "(looked beside each image's folder, in labels/ instead of images/)"
        )


def _dataset_root(doc: dict, path: Path, warnings: list[str]) -> Path:
    base = Path(os.path.abspath(path.parent))
    given = doc.get("path")
    if given is None or given == "":
        return base
    if not isinstance(given, str):
        raise FormatError(path, "path", f"must be a folder, got {given!r}")
    root = base / given
    if root.is_dir():
        return Path(os.path.abspath(root))
    warnings.append(f"{path}: path {given!r} is not a folder here; reading the sets from {base}")
    return base


def _image_set(doc: dict, key: str, root: Path, path: Path, warnings: list[str]) -> list[Path]:
    value = doc.get(key)
    if value is None or value == "" or value == []:
        if key == "test":
            return []
        raise FormatError(path, key, f"missing: the folder or .txt list of the {key} images")
    entries = value if isinstance(value, list) else [value]
    found: list[Path] = []
    for i, entry in enumerate(entries):
        place = f"{key}[{i}]" if isinstance(value, list) else key
        if not isinstance(entry, str) or not entry.strip():
            raise FormatError(path, place, f"must be a folder or a .txt list, got {entry!r}")
        target = _locate(root, entry.strip())
        if target is None:
            raise FormatError(path, place, f"{entry!r} not found in {root}")
        if target.is_dir():
            images = _folder_images(target)
        else:
            images = _listed_images(target, root, warnings)
        if not images:
            warnings.append(f"{path}: {place}: no images in {target}")
        found += images
    return found


def _locate(root: Path, entry: str) -> Path | None:
    entry = entry.replace("\\", "/")
    for candidate in (entry, entry[3:] if entry.startswith("../") else None):  # roboflow's
        if candidate is not None and (root / candidate).exists():
            return Path(os.path.abspath(root / candidate))
    return None


def _folder_images(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS and p.is_file()
    )


def _listed_images(listing: Path, root: Path, warnings: list[str]) -> list[Path]:
    """The images a .txt list names, one a line: absolute, './' from the list's folder, or
    relative to the list's folder or else to the dataset root."""
    try:
        lines = listing.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(listing, "", f"cannot read the image list: {exc}") from None
    found, missing = [], []
    for n, line in enumerate(lines, start=1):
        name = line.strip().replace("\\", "/")
        if not name or name.startswith("#"):
            continue
        options = [Path(name)] if Path(name).is_absolute() else [listing.parent / name, root / name]
        image = next((p for p in options if p.is_file()), None)
        if image is None:
            missing.append(f"line {n} ({name})")
        elif image.suffix.lower() in IMAGE_EXTENSIONS:
            found.append(Path(os.path.abspath(image)))
    if missing:
        warnings.append(
            f"{listing}: {len(missing)} listed image(s) not found; skipped, e.g. "
            + ", ".join(missing[:3])
        )
    return found
