"""COCO datasets split over two files (train and val), merged into one COCO dict.

A folder holds the pair when it, or its ``annotations/`` sub-folder, has ``instances_train*.json``
and ``instances_val*.json`` (COCO's own naming) or ``train.json`` and ``val.json``, or when its
``train/`` and ``val/`` (or ``valid/``) sub-folders each hold an ``_annotations.coco.json``.
Each file's images are looked for where that layout keeps them (COCO's ``val2017/`` beside
``annotations/``, say); one image root serves both, so a ``file_name`` gains its split's image
folder relative to that root when needed ("val2017/000123.jpg").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from core.data.coco import CocoError, resolve_image, validate_coco
from core.formats.coco import import_coco
from core.formats.common import FormatError, ImportResult, relative_name

_NAMES = {
    "train": (
        re.compile(r"^instances_(train\w*)\.json$", re.I),
        re.compile(r"^(train)\.json$", re.I),
    ),
    "val": (re.compile(r"^instances_(val\w*)\.json$", re.I), re.compile(r"^(val)\.json$", re.I)),
}
_SPLIT_DIRS = {"train": ("train",), "val": ("val", "valid")}
_ROBOFLOW = "_annotations.coco.json"
_SAMPLE = 20  # file names tried per candidate image folder


def find_coco_pair(folder: str | os.PathLike) -> dict[str, Path] | None:
    """{"train": file, "val": file} when ``folder`` holds a COCO pair, else None.

    Two candidates for one split is an error: the caller could only guess.
    """
    folder = Path(folder)
    found: dict[str, list[Path]] = {"train": [], "val": []}
    for sub in (folder, folder / "annotations"):
        if not sub.is_dir():
            continue
        for file in sorted(sub.iterdir()):
            for split, patterns in _NAMES.items():
                if file.is_file() and any(p.match(file.name) for p in patterns):
                    found[split].append(file)
    for split, names in _SPLIT_DIRS.items():
        for name in names:
            if (folder / name / _ROBOFLOW).is_file():
                found[split].append(folder / name / _ROBOFLOW)
    if not (found["train"] and found["val"]):
        return None
    for split, files in found.items():
        if len(files) > 1:
            listed = ", ".join(str(f.relative_to(folder)) for f in files)
            raise FormatError(
                folder, "", f"several {split} annotation files ({listed}); keep one of them"
            )
    return {split: files[0] for split, files in found.items()}


def split_token(json_file: Path) -> str:
    """The image folder a COCO file's name points to: instances_val2017.json -> "val2017"."""
    if json_file.name == _ROBOFLOW:
        return json_file.parent.name
    match = re.match(r"^instances_(\w+)$", json_file.stem, re.I)
    return match.group(1) if match else json_file.stem


def dataset_folder(json_file: Path) -> Path:
    """The folder a COCO file belongs to: above ``annotations/`` in COCO's layout."""
    parent = Path(os.path.abspath(json_file.parent))
    return parent.parent if parent.name.lower() == "annotations" else parent


def find_image_folder(data: dict, json_file: Path, dataset: Path | None = None) -> Path | None:
    """The folder where most of a sample of ``data``'s file names exist; None if nowhere."""
    dataset = dataset or dataset_folder(json_file)
    token, parent = split_token(json_file), Path(os.path.abspath(json_file.parent))
    candidates = [parent, parent / "images", dataset / token, dataset / "images" / token]
    candidates += [dataset, dataset / "images", parent / token]
    names = [img["file_name"] for img in data["images"][:_SAMPLE]]
    best, hits = None, 0
    for folder in dict.fromkeys(candidates):
        if folder.is_dir():
            n = sum(resolve_image(folder, name).is_file() for name in names)
            if n > hits:
                best, hits = folder, n
    return best


def import_coco_pair(train: str | os.PathLike, val: str | os.PathLike) -> ImportResult:
    """Merge two COCO files into one dict whose images carry ``"split"`` (train or val).

    Categories are merged by name (the train file's ids kept, new names numbered after them);
    image and annotation ids are renumbered from 1. An image both files name stays in val only.
    """
    files = {"train": Path(train), "val": Path(val)}
    dataset = Path(os.path.commonpath([dataset_folder(f) for f in files.values()]))
    parts, warnings, folders = {}, [], {}
    for split, file in files.items():
        result = import_coco(file)
        parts[split] = result.data
        warnings += result.warnings
        folder = find_image_folder(result.data, file, dataset)
        if folder is None:
            warnings.append(f"{file}: none of its images found; assumed to be under {dataset}")
            folder = dataset
        folders[split] = folder
    root = Path(os.path.commonpath(list(folders.values())))  # the deepest folder serving both
    prefixes = {s: relative_name(f, root) for s, f in folders.items()}
    prefixes = {s: "" if p in (None, ".") else p + "/" for s, p in prefixes.items()}
    merged, notes = merge_splits(parts, prefixes)
    try:
        merged = validate_coco(merged, where=f"{files['train']} + {files['val']}", in_place=True)
    except CocoError as exc:
        raise FormatError(None, "", str(exc)) from None
    return ImportResult(merged, warnings + notes, root)


def merge_splits(parts: dict[str, dict], prefixes: dict[str, str]) -> tuple[dict, list[str]]:
    """One COCO dict from validated per-split dicts (in order); later splits win a file name."""
    categories: list[dict] = []
    cat_by_name: dict[str, int] = {}
    images: list[dict] = []
    annotations: list[dict] = []
    notes: list[str] = []
    splits = list(parts)
    names = {s: [prefixes[s] + i["file_name"] for i in parts[s]["images"]] for s in splits}
    for k, split in enumerate(splits):
        data = parts[split]
        later = {n for s in splits[k + 1 :] for n in names[s]}
        cat_map = {}
        for cat in data["categories"]:
            if cat["name"] not in cat_by_name:
                used = {c["id"] for c in categories}
                new_id = cat["id"] if cat["id"] not in used else max(used) + 1
                cat_by_name[cat["name"]] = new_id
                categories.append({**cat, "id": new_id})
            cat_map[cat["id"]] = cat_by_name[cat["name"]]
        image_map, dropped = {}, 0
        for img, name in zip(data["images"], names[split], strict=True):
            if name in later:
                dropped += 1
                continue
            image_map[img["id"]] = len(images) + 1
            images.append({**img, "id": len(images) + 1, "file_name": name, "split": split})
        if dropped:
            notes.append(f"{dropped} {split} image(s) are in a later split too; kept there only")
        for ann in data["annotations"]:
            if ann["image_id"] in image_map:
                annotations.append(
                    {
                        **ann,
                        "id": len(annotations) + 1,
                        "image_id": image_map[ann["image_id"]],
                        "category_id": cat_map[ann["category_id"]],
                    }
                )
    return {"images": images, "annotations": annotations, "categories": categories}, notes
