"""One export, planned before anything is written: which files it writes, which of them are
there already, whether it may write them at all; then written all at once (core.formats.writer).

The GUI plans, asks the user about the files that would be replaced, then writes the plan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.formats.coco import coco_files
from core.formats.labelme import labelme_files
from core.formats.voc import voc_files
from core.formats.writer import ExportFile, check_files, replaced_files, write_files
from core.formats.yolo import yolo_files

PathLike = str | os.PathLike


@dataclass(frozen=True)
class ExportPlan:
    """The files of one export into ``folder``; a COCO export is one file (and keeps a .bak)."""

    kind: str
    folder: Path
    files: list[ExportFile]

    @property
    def replaced(self) -> list[Path]:
        """The files that are there already (replaced, or for labelme merged into)."""
        return replaced_files(self.files)

    @property
    def merged(self) -> list[Path]:
        return [f.path for f in self.files if f.merged]

    def check(self, protect: Iterable[PathLike] = ()) -> None:
        """FormatError naming the first file this export may not write."""
        check_files(self.folder, self.files, protect, reserved=self.kind != "coco")

    def write(self, protect: Iterable[PathLike] = (), backup: bool = False) -> list[Path]:
        return write_files(
            self.folder,
            self.files,
            protect,
            backup=backup or self.kind == "coco",
            reserved=self.kind != "coco",
        )


def plan_export(
    kind: str, data: dict, path: PathLike, image_root: PathLike | None = None
) -> ExportPlan:
    """Plan exporting ``data`` as ``kind`` ("coco", "voc", "yolo", "labelme") to ``path`` (the
    file for COCO, else the folder); labelme needs ``image_root`` for its ``imagePath``.
    FormatError for data or existing files the export cannot use."""
    path = Path(path)
    if kind == "coco":
        return ExportPlan(kind, path.parent, coco_files(data, path))
    if kind == "voc":
        return ExportPlan(kind, path, voc_files(data, path))
    if kind == "yolo":
        return ExportPlan(kind, path, yolo_files(data, path))
    if kind == "labelme":
        if image_root is None:
            raise ValueError("a labelme export needs the image root")
        return ExportPlan(kind, path, labelme_files(data, path, image_root))
    raise ValueError(f"unknown export format {kind!r}")
