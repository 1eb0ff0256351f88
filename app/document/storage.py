"""Projects on disk: open a folder / project / COCO file, and write one atomically (Qt: tr only).

A project folder holds ``annotations.json`` (COCO, the source of truth), ``project.json``
(image root, class colours, split) and ``runs/``. A file that fails to parse opens nothing and is
never overwritten: ``open_project`` raises ``ProjectError`` saying what is wrong and where.
Saving in the background, within a second of every change, is app.document.autosave's.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.document.project import Document, DocumentError, Snapshot
from app.i18n import tr
from core.data.coco import CocoError, save_coco, shown_name
from core.fileio import clean_stale_temps, fingerprint, write_atomic
from core.options import VAL_FRACTION
from core.project import ANNOTATIONS_FILE, PROJECT_FILE, ProjectError, load_project, scan_images
from core.project_lock import ProjectLock, ProjectLocked

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
    disk_hash: str | None = None  # the annotation file as read or last saved (None: absent)
    read_only: str = ""  # why this window must not write the project's files ("" if it may)
    conflict_path: Path | None = None  # where saves go once the file changed under us
    lock: ProjectLock | None = None

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
    project.disk_hash = fingerprint(found.annotations)
    for folder in {found.folder, found.annotations.parent}:
        clean_stale_temps(folder)  # what writers killed half-way left behind
    if found.kind in ("project", "images"):
        add_new_images(project)
    doc.revision = 0
    return project


def claim(project: Project) -> str:
    """Take the project's lock; when another window holds it, make ``project`` read-only and
    return what to tell the user ("" when the lock is ours, or the folder takes no lock)."""
    try:
        project.lock = ProjectLock.acquire(project.project_dir)
    except ProjectLocked as e:
        project.read_only = str(e)
    except OSError:  # a read-only folder: saving will say why it cannot write
        pass
    return project.read_only


def release(project: Project) -> None:
    if project.lock is not None:
        project.lock.release()
        project.lock = None


def add_new_images(project: Project) -> int:
    """Add image files found under the image root that the annotations do not list yet."""
    known = {rec.file_name for rec in project.document.images}
    new = [n for n in scan_images(project.image_root) if n not in known]
    added = 0
    for name in new:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            project.warnings.append(
                tr(
                    "{path}: left out, its file name is not valid UTF-8 (COCO files are "
                    "UTF-8): rename the file to label it"
                ).format(path=project.image_root / shown_name(name))
            )
            continue
        project.document.add_image(name)
        added += 1
    return added


def write_json_atomic(
    path: Path, data: object, backup: bool = True, inside: Path | None = None
) -> None:
    """Compact JSON, written by core.fileio.write_atomic, the old file kept as ``.bak``."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomic(path, payload, backup=backup, inside=inside)


@dataclass
class SaveResult:
    sizes: dict[int, tuple[int, int]]  # sizes read for images whose size was unknown
    written: Path  # the file the labels went to
    disk_hash: str | None  # the project's annotation file as this save left (or found) it
    conflict: str = ""  # why ``written`` is a conflict copy ("" when it is the project's file)


def save_snapshot(
    snapshot: Snapshot,
    project: Project,
    settings: dict,
    size_reader: Callable[[Path], tuple[int, int] | None] | None = None,
) -> SaveResult:
    """Write annotations + project.json, never over a file that changed on disk since it was
    read or last saved here (nor in a read-only window): ours goes to a conflict copy beside
    it then. Raises ProjectError naming the file and the cause."""
    coco = snapshot.to_coco()
    sizes: dict[int, tuple[int, int]] = {}
    if size_reader is not None:
        for im in coco["images"]:
            if not im.get("width") or not im.get("height"):
                size = size_reader(project.image_path(im["file_name"]))
                if size:
                    im["width"], im["height"] = size
                    sizes[im["id"]] = size
    _sized_images_only(coco)
    target = project.annotations_path
    on_disk = fingerprint(target)
    conflict = project.read_only
    if not conflict and project.conflict_path is not None:
        conflict = "the file changed on disk earlier"
    if not conflict and on_disk is not None and on_disk != project.disk_hash:
        conflict = f"{target} was changed on disk by another program or window"
    written = (project.conflict_path or conflict_copy(target)) if conflict else target
    try:
        save_coco(written, coco, inside=project.project_dir)  # validates, .bak, atomic
        if not conflict:
            on_disk = fingerprint(target)
            write_json_atomic(
                project.project_dir / PROJECT_FILE, settings, False, project.project_dir
            )
    except (OSError, CocoError, ValueError, TypeError) as e:
        reason = str(e).replace(f"cannot write {written}: ", "")
        raise ProjectError(f"Could not save {written}: {reason}") from None
    project.disk_hash = on_disk  # the autosaver's parent process learns both from the result
    if conflict:
        project.conflict_path = written
    return SaveResult(sizes, written, on_disk, conflict)


def conflict_copy(path: Path) -> Path:
    """A new name beside ``path`` for labels that must not replace it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        name = f"{path.stem}.conflict-{stamp}{f'-{n}' if n else ''}{path.suffix}"
        if not (path.parent / name).exists():
            return path.parent / name
    raise ProjectError(f"{path.parent}: too many conflict copies; remove some")


def _sized_images_only(coco: dict) -> None:
    """COCO needs every image's width and height: an image whose file gives none (broken,
    missing) is left out when it has no boxes (the folder scan finds it again) and otherwise
    gets the smallest size that holds its boxes."""
    extent: dict[int, tuple[float, float]] = {}
    for a in coco["annotations"]:
        x, y, w, h = a["bbox"]
        ex, ey = extent.get(a["image_id"], (1.0, 1.0))
        extent[a["image_id"]] = (max(ex, x + w), max(ey, y + h))
    kept = []
    for im in coco["images"]:
        if not im.get("width") or not im.get("height"):
            if im["id"] not in extent:
                continue
            ex, ey = extent[im["id"]]
            im["width"], im["height"] = max(1, math.ceil(ex)), max(1, math.ceil(ey))
        kept.append(im)
    coco["images"] = kept


def _relative_or_absolute(path: Path, base: Path) -> str:
    try:
        rel = Path(os.path.relpath(path, base))
    except ValueError:  # another drive on Windows
        return str(path)
    return "." if str(rel) == "." else (rel.as_posix() if ".." not in rel.parts else str(path))
