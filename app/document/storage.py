"""Projects on disk: open a folder / project / COCO file, and write one atomically (no Qt).

A project folder holds ``annotations.json`` (COCO, the source of truth), ``project.json``
(image root, class colours, split) and ``runs/``. A file that fails to parse opens nothing and is
never overwritten: ``open_project`` raises ``ProjectError`` saying what is wrong and where.
Saving in the background, within a second of every change, is app.document.autosave's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.document.project import Document, DocumentError, Snapshot
from core.data.coco import CocoError, save_coco, validate_coco
from core.fileio import write_atomic

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".gif", ".pgm", ".ppm"}
PROJECT_FILE = "project.json"
ANNOTATIONS_FILE = "annotations.json"


class ProjectError(Exception):
    """A project that cannot be opened; the message names the file and the place in it."""


@dataclass
class Project:
    project_dir: Path
    annotations_path: Path
    image_root: Path
    document: Document
    settings: dict = field(default_factory=dict)  # project.json contents
    on_disk: bool = True  # False for a folder of images that was never saved

    def image_path(self, file_name: str) -> Path:
        return self.image_root / file_name

    def settings_for_save(self) -> dict:
        s = dict(self.settings)
        s.setdefault("version", 1)
        s["annotations"] = _relative_or_absolute(self.annotations_path, self.project_dir)
        s["image_root"] = _relative_or_absolute(self.image_root, self.project_dir)
        s["class_colors"] = {c.name: c.color for c in self.document.categories}
        s.setdefault("val_fraction", 0.15)
        return s


def open_project(path: str | os.PathLike) -> Project:
    """A folder of images, a project folder, or a COCO JSON file from another tool."""
    path = Path(path).expanduser().resolve()
    if not path.exists():
        raise ProjectError(f"{path}: no such file or folder")
    if path.is_file():
        if path.name == PROJECT_FILE:
            return _open_project_dir(path.parent)
        return _open_coco_file(path)
    if (path / PROJECT_FILE).is_file() or (path / ANNOTATIONS_FILE).is_file():
        return _open_project_dir(path)
    doc = Document()
    project = Project(path, path / ANNOTATIONS_FILE, path, doc, {}, on_disk=False)
    add_new_images(project)
    doc.revision = 0
    return project


def _open_project_dir(folder: Path) -> Project:
    settings = {}
    if (folder / PROJECT_FILE).is_file():
        settings = _read_json(folder / PROJECT_FILE)
        if not isinstance(settings, dict):
            raise ProjectError(f"{folder / PROJECT_FILE}: the top level must be a JSON object")
    ann = folder / str(settings.get("annotations", ANNOTATIONS_FILE))
    default_root = "images" if (folder / "images").is_dir() else "."
    root = Path(str(settings.get("image_root", default_root)))
    root = root if root.is_absolute() else folder / root
    project = _load(ann, folder, root, settings)
    add_new_images(project)
    project.document.revision = 0
    return project


def _open_coco_file(path: Path) -> Project:
    data = _read_json(path)
    folder = path.parent
    root = folder
    first = next(iter(data.get("images", [])), None) if isinstance(data, dict) else None
    if isinstance(first, dict) and isinstance(first.get("file_name"), str):
        for candidate in (folder, folder / "images"):
            if (candidate / first["file_name"]).exists():
                root = candidate
                break
    return _load(path, folder, root, {}, data)


def _load(ann: Path, folder: Path, root: Path, settings: dict, data: object = None) -> Project:
    colors = settings.get("class_colors") if isinstance(settings.get("class_colors"), dict) else {}
    if data is None:
        data = _read_json(ann) if ann.exists() else {"images": [], "categories": []}
    try:
        validate_coco(data, where=str(ann), in_place=True)
        doc = Document.from_coco(data, str(ann), colors)
    except (CocoError, DocumentError) as e:
        raise ProjectError(str(e)) from None
    for rec in doc.images:
        if not is_inside_root(rec.file_name):
            raise ProjectError(
                f"{ann}: image {rec.id} file_name {rec.file_name!r} escapes the image root {root}"
            )
    return Project(folder, ann, root, doc, dict(settings), on_disk=ann.exists())


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
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


def is_inside_root(file_name: str) -> bool:
    p = PurePosixPath(file_name.replace("\\", "/"))
    return not p.is_absolute() and ".." not in p.parts and file_name[1:2] != ":"


def scan_images(root: Path) -> list[str]:
    """Image files under ``root`` (recursively, skipping ``runs/`` and hidden folders), sorted,
    as "/"-separated names relative to ``root``. Nothing is decoded or even opened."""
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
            elif os.path.splitext(e.name)[1].lower() in IMAGE_SUFFIXES:
                found.append(prefix + e.name)
    return sorted(found)


def add_new_images(project: Project) -> int:
    """Add image files found under the image root that the annotations do not list yet."""
    known = {rec.file_name for rec in project.document.images}
    new = [n for n in scan_images(project.image_root) if n not in known]
    for name in new:
        project.document.add_image(name)
    return len(new)


def write_json_atomic(path: Path, data: object, backup: bool = True) -> None:
    """Compact JSON, written atomically (core's write_atomic), the old file kept as ``.bak``."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomic(path, payload, backup=backup)


def save_snapshot(
    snapshot: Snapshot,
    project: Project,
    settings: dict,
    size_reader: Callable[[Path], tuple[int, int] | None] | None = None,
) -> dict[int, tuple[int, int]]:
    """Write annotations + project.json; return sizes read for images whose size was unknown."""
    coco = snapshot.to_coco()
    sizes: dict[int, tuple[int, int]] = {}
    if size_reader is not None:
        for im in coco["images"]:
            if not im.get("width") or not im.get("height"):
                size = size_reader(project.image_path(im["file_name"]))
                if size:
                    im["width"], im["height"] = size
                    sizes[im["id"]] = size
    save_coco(project.annotations_path, coco)  # validates in place, .bak, compact, atomic
    write_json_atomic(project.project_dir / PROJECT_FILE, settings, backup=False)
    return sizes


def _relative_or_absolute(path: Path, base: Path) -> str:
    try:
        rel = Path(os.path.relpath(path, base))
    except ValueError:  # another drive on Windows
        return str(path)
    return "." if str(rel) == "." else (rel.as_posix() if ".." not in rel.parts else str(path))
