"""File > Import and File > Export: boxes from and to COCO, Pascal VOC, YOLO and labelme.

Reading and writing each format is core.formats'; this module asks for the paths and merges an
import into the open project as one undo step.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from app.document.commands import AddBoxes

if TYPE_CHECKING:
    from app.main_window import MainWindow

KINDS = {"coco": "COCO", "voc": "Pascal VOC", "yolo": "YOLO", "labelme": "labelme"}


class ImportExport(QObject):
    """The Import and Export submenus of a main window, and what their entries do."""

    def __init__(self, window: MainWindow, file_menu: QMenu, before: QAction) -> None:
        super().__init__(window)
        self.window = window
        imp, exp = QMenu("Import", file_menu), QMenu("Export", file_menu)
        for menu in (imp, exp):
            file_menu.insertMenu(before, menu)
        file_menu.insertSeparator(before)
        for kind, label in KINDS.items():
            imp.addAction(f"{label}...", lambda k=kind: self.ask_import(k))
            exp.addAction(f"{label}...", lambda k=kind: self.ask_export(k))

    def ask_import(self, kind: str) -> None:
        w = self.window
        if w.project is None:
            return
        ask_dir = QFileDialog.getExistingDirectory
        if kind == "coco":
            path = QFileDialog.getOpenFileName(w, "COCO file", "", "JSON (*.json)")[0]
            args = (path,) if path else None
        elif kind == "yolo":
            labels = ask_dir(w, "YOLO labels folder")
            classes = QFileDialog.getOpenFileName(w, "YOLO classes file")[0] if labels else ""
            args = (labels, str(w.project.image_root), classes) if classes else None
        else:
            path = ask_dir(w, f"{KINDS[kind]} annotations folder")
            args = (path,) if path else None
        if args:
            self.import_annotations(kind, *args)

    def import_annotations(self, kind: str, *args: str) -> int:
        """Merge boxes from another format into the open project as one undo step.

        Returns the number of boxes added; images outside the project's image root are skipped.
        """
        w = self.window
        module = importlib.import_module(f"core.formats.{kind}")
        try:
            result = getattr(module, f"import_{kind}")(*args)
        except (ValueError, OSError) as e:
            w.show_error("Import failed", str(e))
            return 0
        root = Path(result.image_root) if result.image_root else w.project.image_root
        image_root = w.project.image_root.resolve()
        doc = w.document
        by_name = {rec.file_name: rec.id for rec in doc.images}
        names = {c["id"]: c["name"] for c in result.data["categories"]}
        images = {im["id"]: im for im in result.data["images"]}
        per_image: dict[int, list[dict]] = {}
        w.undo_stack.beginMacro(f"Import {KINDS[kind]}")
        for name in names.values():
            if doc.category_by_name(name) is None:
                w.class_list.add_class(name)
        for ann in result.data["annotations"]:
            path = Path(root, images[ann["image_id"]]["file_name"]).resolve()
            try:
                name = path.relative_to(image_root).as_posix()
            except ValueError:
                continue  # the image is outside this project's image root
            if name not in by_name:
                by_name[name] = doc.add_image(name).id
            cat = doc.category_by_name(names[ann["category_id"]]).id
            per_image.setdefault(by_name[name], []).append(
                {"bbox": ann["bbox"], "category_id": cat}
            )
        for image_id, boxes in per_image.items():
            w.undo_stack.push(AddBoxes(doc, image_id, boxes, "Import boxes"))
        w.undo_stack.endMacro()
        n = sum(len(b) for b in per_image.values())
        w.statusBar().showMessage(f"Imported {n} boxes; {len(result.warnings)} warnings", 5000)
        return n

    def ask_export(self, kind: str) -> None:
        w = self.window
        if w.project is None:
            return
        if kind == "coco":
            path = QFileDialog.getSaveFileName(w, "Export COCO", "", "JSON (*.json)")[0]
        else:
            path = QFileDialog.getExistingDirectory(w, f"Export {KINDS[kind]} to folder")
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> bool:
        """Write the open project's boxes in format ``kind`` to ``path`` (file or folder)."""
        w = self.window
        module = importlib.import_module(f"core.formats.{kind}")
        extra = (str(w.project.image_root),) if kind == "labelme" else ()
        try:
            getattr(module, f"export_{kind}")(w.document.to_coco(), path, *extra)
        except (ValueError, OSError) as e:
            w.show_error("Export failed", str(e))
            return False
        w.statusBar().showMessage(f"Exported {KINDS[kind]} to {path}", 5000)
        return True
