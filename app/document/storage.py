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
from core.data.coco import save_coco
from core.fileio import write_atomic
from core.options import VAL_FRACTION
from core.project import ANNOTATIONS_FILE, PROJECT_FILE, ProjectError, load_project, scan_images

__all__ = ["ANNOTATIONS_FILE", "PROJECT_FILE", "Project", "ProjectError", "open_project"]


@dataclass
class Project:
    project_dir: Path
    annotations_path: Path
    image_root: Path
    document: Document
    settings: dict = field(default_factory=dict)  # project.json contents
    on_disk: bool = True  # False for a folder of images that was never saved
    warnings: list[str] = field(default_factory=list)  # what reading another format noted

    def image_path(self, file_name: str) -> Path:
        return self.image_root / file_name

    def settings_for_save(self) -> dict:
        s = dict(self.settings)
        s.setdefault("version", 1)
        s["annotations"] = _relative_or_absolute(self.annotations_path, self.project_dir)
        s["image_root"] = _relative_or_absolute(self.image_root, self.project_dir)
        s["class_colors"] = {c.name: c.color for c in self.document.categories}
        s.setdefault("val_fraction", VAL_FRACTION)
        return s


def open_project(path: str | os.PathLike) -> Project:
    """Whatever core.project finds at ``path``: a project, a COCO file, a dataset in another
    format (saved as the folder's annotations.json at the first save), a folder of images."""
    try:
        found = load_project(path)
        colors = found.settings.get("class_colors")
        colors = colors if isinstance(colors, dict) else {}
        doc = Document.from_coco(found.coco, str(found.annotations), colors)
    except DocumentError as e:
        raise ProjectError(str(e)) from None
    on_disk = found.kind in ("project", "coco") and found.annotations.exists()
    project = Project(
        found.folder, found.annotations, found.image_root, doc, dict(found.settings), on_disk
    )
    project.warnings = list(found.warnings)
    if found.kind in ("project", "images"):
        add_new_images(project)
    doc.revision = 0
    return project


def is_inside_root(file_name: str) -> bool:
    p = PurePosixPath(file_name.replace("\\", "/"))
    return not p.is_absolute() and ".." not in p.parts and file_name[1:2] != ":"


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
