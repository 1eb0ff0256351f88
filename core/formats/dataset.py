"""One entry point for a dataset in any imported format: a file or a folder -> a COCO dict,
its image root and what kind of dataset it was.

Project folders (``project.json`` / ``annotations.json``) are core.project's, which hands
everything else here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.formats.coco import import_coco
from core.formats.coco_pair import find_coco_pair, find_image_folder, import_coco_pair
from core.formats.common import FormatError, ImportResult
from core.formats.detect import detect_format, is_data_yaml, some_files
from core.formats.labelme import import_labelme
from core.formats.voc import import_voc
from core.formats.yolo import guess_yolo_layout, import_yolo
from core.formats.yolo_yaml import import_yolo_yaml

KINDS = ("coco", "coco_pair", "yolo", "voc", "labelme")
_CLASS_LISTS = ("classes.txt", "obj.names", "classes.names")
_NOTHING = (
    "no dataset found: expected a COCO .json file, a YOLO data.yaml (or classes.txt / "
    "obj.names beside labels/), Pascal VOC XML files (Annotations/), labelme JSON files, "
    "or a COCO train/val pair (instances_train*.json + instances_val*.json)"
)


@dataclass(frozen=True)
class LoadedDataset:
    """A dataset read into one COCO dict.

    ``coco`` images carry ``"split"`` ("train" / "val") where the format says; their
    ``file_name`` values are relative to ``image_root``; ``kind`` is one of KINDS.
    """

    coco: dict
    image_root: Path
    kind: str
    warnings: list[str] = field(default_factory=list)


def load_dataset(path: str | os.PathLike) -> LoadedDataset:
    """Read the dataset at ``path``: a COCO .json, a YOLO data .yaml, or a dataset folder.

    FormatError says what was expected and where when nothing fits.
    """
    path = Path(path)
    if path.is_file():
        return _load_file(path)
    if path.is_dir():
        return _load_folder(path)
    raise FormatError(path, "", "no such file or folder")


def _loaded(kind: str, result: ImportResult, warnings: list[str] | None = None) -> LoadedDataset:
    assert result.image_root is not None
    return LoadedDataset(
        result.data, Path(result.image_root), kind, (warnings or []) + result.warnings
    )


def _load_file(path: Path) -> LoadedDataset:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _loaded("yolo", import_yolo_yaml(path))
    if suffix != ".json":
        raise FormatError(
            path, "", "not a dataset file: expected a COCO .json or a YOLO data .yaml, or a folder"
        )
    if detect_format(path) == "labelme":
        return _loaded("labelme", import_labelme([path]))
    result = import_coco(path)
    warnings = list(result.warnings)
    root = find_image_folder(result.data, path)
    if root is None:
        root = Path(os.path.abspath(path.parent))
        if result.data["images"]:
            warnings.append(f"{path}: none of its images found nearby; assumed beside the file")
    return LoadedDataset(result.data, root, "coco", warnings)


def _load_folder(folder: Path) -> LoadedDataset:
    data_yaml = _data_yaml(folder)
    if data_yaml is not None:
        return _loaded("yolo", import_yolo_yaml(data_yaml))
    pair = find_coco_pair(folder)
    if pair is not None:
        return _loaded("coco_pair", import_coco_pair(pair["train"], pair["val"]))
    fmt = detect_format(folder)
    lists = (folder, folder / "labels")
    if fmt == "yolo" or any((f / n).is_file() for f in lists for n in _CLASS_LISTS):
        return _loaded("yolo", import_yolo(*guess_yolo_layout(folder)))
    if fmt == "voc":
        return _loaded("voc", import_voc(_voc_annotations(folder)))
    if fmt == "labelme":
        return _loaded("labelme", import_labelme(folder))
    if fmt == "coco":
        return _load_file(_single_coco(folder))
    raise FormatError(folder, "", _NOTHING)


def _data_yaml(folder: Path) -> Path | None:
    """``data.yaml`` (or the one YAML data file) at the top of ``folder``."""
    for name in ("data.yaml", "data.yml"):
        if (folder / name).is_file():
            return folder / name
    found = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in (".yaml", ".yml") and p.is_file() and is_data_yaml(p)
    )
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise FormatError(folder, "", f"several YOLO data files ({names}); open one of them")
    return found[0] if found else None


def _voc_annotations(folder: Path) -> Path:
    """The ``Annotations`` folder of a VOC devkit (searched a few levels down), else ``folder``."""
    found = []
    for parent, dirs, _ in os.walk(folder):
        depth = len(Path(parent).relative_to(folder).parts)
        if "Annotations" in dirs:
            found.append(Path(parent) / "Annotations")
        dirs[:] = [] if depth >= 2 else sorted(d for d in dirs if d != "Annotations")
    if len(found) > 1:
        names = ", ".join(str(p.relative_to(folder)) for p in found)
        raise FormatError(folder, "", f"several VOC annotation folders ({names}); open one")
    return found[0] if found else folder


def _single_coco(folder: Path) -> Path:
    """The one COCO file in ``folder``; FormatError when there are several."""
    found = [
        p for p in some_files(folder) if p.suffix.lower() == ".json" and detect_format(p) == "coco"
    ]
    if len(found) > 1:
        names = ", ".join(str(p.relative_to(folder)) for p in found[:5])
        raise FormatError(
            folder,
            "",
            f"several COCO files ({names}); open one of them, or name a pair "
            "instances_train*.json + instances_val*.json",
        )
    return found[0]
