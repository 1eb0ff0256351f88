"""The project contract: what a path holds, where its images are, and which images train.

Torch-free and Qt-free: the GUI (pre-flight, opening a project) and the worker (building the
datasets) both call this module, and nothing else works these facts out.

A path is one of
- a project folder (``project.json`` and/or ``annotations.json``), or its ``project.json``;
- a COCO JSON file (a sibling ``project.json`` that names it makes it a project);
- a dataset in another format (``core.formats.load_dataset``): a COCO train + val pair, YOLO
  (incl. an Ultralytics ``data.yaml``), Pascal VOC or labelme;
- a folder of images with no labels yet.

Split policy: an image takes part in training when it has a box or a split of its own (a
dataset's train/val lists, or ``"split"`` in the COCO image entry) and its file is readable;
an image with neither is not labelled yet and is left out. Among those that take part, an
image's own split wins and the rest follow a stable hash of the file name (core.data.split).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.data.coco import CocoError, resolve_image, validate_coco
from core.data.split import assign_splits
from core.options import IMAGE_SUFFIXES, VAL_FRACTION

PROJECT_FILE = "project.json"
ANNOTATIONS_FILE = "annotations.json"
UNLABELLED, UNREADABLE = "not labelled", "unreadable"
PROJECT_KEYS = frozenset({"version", "annotations", "image_root", "class_colors", "val_fraction"})


class ProjectError(ValueError):
    """A path that holds no usable project; the message says what is wrong and where."""


@dataclass(frozen=True)
class LoadedProject:
    kind: str  # "project" | "coco" | "coco_pair" | "yolo" | "voc" | "labelme" | "images"
    folder: Path  # where project.json, annotations.json and runs/ live
    annotations: Path  # the COCO file that holds (or will hold) the labels
    image_root: Path  # every file_name is relative to it
    coco: dict  # validated; images may carry "split"
    settings: dict = field(default_factory=dict)  # project.json, {} without one
    warnings: tuple[str, ...] = ()

    @property
    def converted(self) -> bool:
        """True when the labels were read from another format (saved as annotations.json)."""
        return self.kind not in ("project", "coco")

    @property
    def val_fraction(self) -> float:
        return val_fraction(self.settings, self.folder / PROJECT_FILE)


def val_fraction(settings: Mapping, source: str | os.PathLike = PROJECT_FILE) -> float:
    """The project's validation fraction (project.json ``val_fraction``), else the default."""
    frac = settings.get("val_fraction")
    if frac is None:
        return VAL_FRACTION
    try:
        value = float(frac) if isinstance(frac, (int, float, str)) else -1.0
    except ValueError:
        value = -1.0
    if not isinstance(frac, bool) and 0 <= value <= 1:
        return value
    raise ProjectError(
        f'{source}: "val_fraction" must be a number from 0 to 1 (e.g. {VAL_FRACTION}), not '
        f"{frac!r}; correct it or remove the field to use the default"
    )


def load_project(path: str | os.PathLike) -> LoadedProject:
    """Find and read what ``path`` holds (see the module text); raises ProjectError."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ProjectError(f"{path}: no such file or folder")
    path = path.resolve()
    if path.is_file() and path.name == PROJECT_FILE:
        return _project_folder(path.parent)
    if path.is_dir():
        if (path / PROJECT_FILE).is_file() or (path / ANNOTATIONS_FILE).is_file():
            return _project_folder(path)
        return _other_folder(path)
    if path.suffix.lower() == ".json":
        sibling = path.parent / PROJECT_FILE
        if sibling.is_file():
            settings = read_settings(sibling)
            if _resolve(path.parent, settings.get("annotations", ANNOTATIONS_FILE)) == path:
                return _project_folder(path.parent)
        data = _read_json(path)
        if isinstance(data, dict) and "images" in data:
            return _coco_file(path, data)
    return _converted(path)


def read_settings(project_file: Path) -> dict:
    """project.json as a dict; a file that is not a JSON object is an error."""
    data = _read_json(project_file)
    if not isinstance(data, dict):
        raise ProjectError(f"{project_file}: the top level must be a JSON object")
    return data


def image_root_of(folder: Path, settings: Mapping) -> Path:
    """A project's image root: project.json ``image_root`` (relative to the project folder),
    else ``images/`` when that folder exists, else the project folder itself."""
    given = settings.get("image_root")
    if given is not None:
        return _resolve(folder, given)
    return folder / "images" if (folder / "images").is_dir() else folder


def coco_image_root(coco_file: Path, coco: Mapping) -> Path:
    """Image root of a bare COCO file: its folder, or its ``images/`` sub-folder when more of
    the listed files are found there (a sample of up to 20 is looked at)."""
    folder = coco_file.parent
    names = [im.get("file_name") for im in coco.get("images", [])[:20]]
    names = [n for n in names if isinstance(n, str) and n]

    def found(root: Path) -> int:
        return sum((root / n).exists() for n in names)

    return folder / "images" if found(folder / "images") > found(folder) else folder


def scan_images(root: Path) -> list[str]:
    """Image files under ``root`` (recursively, skipping ``runs/`` and hidden folders), sorted,
    as "/"-separated names relative to ``root``. Nothing is opened."""
    found: list[str] = []
    stack = [(os.fspath(root), "")]  # (folder, its name relative to root with a trailing "/")
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                if prefix or e.name != "runs":
                    stack.append((e.path, f"{prefix}{e.name}/"))
            elif os.path.splitext(e.name)[1].lower() in IMAGE_SUFFIXES and _regular(e):
                found.append(prefix + e.name)
    return sorted(found)


def _regular(entry: os.DirEntry) -> bool:
    """A regular file (or a link to one): a FIFO or a device named x.jpg is no image."""
    try:
        return entry.is_file()
    except OSError:
        return False


# -- which images train ----------------------------------------------------------------------
@dataclass(frozen=True)
class DatasetPlan:
    """The images a run trains and validates on, and those left out with the reason."""

    train_ids: tuple[int, ...]
    val_ids: tuple[int, ...]
    left_out: dict[int, str] = field(default_factory=dict)  # image id -> UNLABELLED | UNREADABLE


def plan_dataset(
    coco: Mapping, val_fraction: float = VAL_FRACTION, unreadable: Iterable[int] = ()
) -> DatasetPlan:
    """Apply the split policy (module text) to a COCO dict, in the file's image order."""
    labelled = {a["image_id"] for a in coco.get("annotations", [])}
    bad = set(unreadable)
    left_out: dict[int, str] = {}
    taking_part = []
    for im in coco.get("images", []):
        if im["id"] in bad:
            left_out[im["id"]] = UNREADABLE
        elif im["id"] in labelled or im.get("split") in ("train", "val"):
            taking_part.append(im)
        else:
            left_out[im["id"]] = UNLABELLED
    splits = assign_splits(taking_part, val_fraction)
    train = tuple(im["id"] for im in taking_part if splits[im["id"]] == "train")
    val = tuple(im["id"] for im in taking_part if splits[im["id"]] == "val")
    return DatasetPlan(train, val, left_out)


def unreadable_images(
    coco: Mapping, image_root: Path, check: Callable[[Path], str | None] | None = None
) -> dict[int, str]:
    """image id -> why its file cannot be used, by the one readability rule."""
    if check is None:
        from core.data.readable import unreadable_reason as check
    out: dict[int, str] = {}
    for im in coco.get("images", []):
        try:
            reason = check(resolve_image(image_root, im["file_name"]))
        except CocoError as exc:
            reason = str(exc)
        if reason:
            out[im["id"]] = reason
    return out


# -- the kinds of path ------------------------------------------------------------------------
def _project_folder(folder: Path) -> LoadedProject:
    settings = read_settings(folder / PROJECT_FILE) if (folder / PROJECT_FILE).is_file() else {}
    ann = _annotations_of(folder, settings)
    data = _read_json(ann) if ann.is_file() else {"images": [], "categories": []}
    coco = _validated(data, ann)
    return LoadedProject("project", folder, ann, image_root_of(folder, settings), coco, settings)


def _annotations_of(folder: Path, settings: Mapping) -> Path:
    """The project's COCO file: inside the project folder, and there when project.json names
    it; a project.json with none of the known keys needs an annotations.json beside it."""
    where = folder / PROJECT_FILE
    beside = (folder / ANNOTATIONS_FILE).is_file()
    if where.is_file() and not set(settings) & PROJECT_KEYS and not beside:
        raise ProjectError(
            f"{where}: not a project file (it has none of the keys "
            f"{', '.join(sorted(PROJECT_KEYS))} and no {ANNOTATIONS_FILE} is beside it); "
            "open the folder of images or the annotation file instead"
        )
    ann = _resolve(folder, settings.get("annotations", ANNOTATIONS_FILE))
    if folder not in ann.parents:
        raise ProjectError(
            f"{where}: 'annotations' points outside the project folder ({ann}); the labels "
            f"must live inside {folder}: move the file into it and set 'annotations' to its "
            "name there, or open that file itself"
        )
    if "annotations" in settings and not ann.is_file():
        raise ProjectError(
            f"{where}: 'annotations' names {ann}, which does not exist: put the file back, or "
            "remove 'annotations' from project.json to start with no labels"
        )
    return ann


def _coco_file(path: Path, data: dict) -> LoadedProject:
    coco = _validated(data, path)
    return LoadedProject("coco", path.parent, path, coco_image_root(path, coco), coco)


def _other_folder(folder: Path) -> LoadedProject:
    try:
        return _converted(folder)
    except ProjectError:
        if not scan_images(folder):
            raise
    root = folder / "images" if (folder / "images").is_dir() else folder
    empty = {"images": [], "annotations": [], "categories": []}
    return LoadedProject("images", folder, folder / ANNOTATIONS_FILE, root, empty)


def _converted(path: Path) -> LoadedProject:
    from core.formats import FormatError, load_dataset

    try:
        ds = load_dataset(path)
    except FormatError as exc:
        raise ProjectError(str(exc)) from None
    folder = path if path.is_dir() else path.parent
    coco = _validated(ds.coco, path)
    return LoadedProject(
        ds.kind, folder, folder / ANNOTATIONS_FILE, Path(ds.image_root), coco, {},
        tuple(ds.warnings),
    )  # fmt: skip


def _validated(data: object, where: Path) -> dict:
    try:
        return validate_coco(data, where=str(where), in_place=True)
    except CocoError as exc:
        raise ProjectError(str(exc)) from None


def _resolve(folder: Path, given: object) -> Path:
    if not isinstance(given, str) or not given:
        raise ProjectError(f"{folder / PROJECT_FILE}: expected a path, got {given!r}")
    p = Path(given).expanduser()
    return (p if p.is_absolute() else folder / p).resolve()


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProjectError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise ProjectError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ProjectError(
            f"{path}: invalid JSON at line {e.lineno} column {e.colno}: {e.msg}"
        ) from None
    except RecursionError:
        raise ProjectError(f"{path}: nested too deeply to read (not an annotation file?)") from None
