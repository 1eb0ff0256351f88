"""File > Import and File > Export: boxes from and to COCO, Pascal VOC, YOLO and labelme.

Reading and writing each format is core.formats'; this module asks for the paths, merges an
import into the open project as one undo step (skipping, when asked, boxes already there) and
reports its warnings, and asks before an export replaces files. Its dialogs never block: tests
answer them with ``answer``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMenu, QMessageBox

from app.document.commands import AddBoxes
from app.i18n import tr
from app.import_merge import IncomingImport, already_there, incoming
from app.widgets.file_dialogs import start_dir
from core.formats import ExportPlan, plan_export
from core.project import PROJECT_FILE

if TYPE_CHECKING:
    from app.main_window import MainWindow

KINDS = {"coco": "COCO", "voc": "Pascal VOC", "yolo": "YOLO", "labelme": "labelme"}  # names


def _json_filter() -> str:
    return tr("JSON files ({patterns})").format(patterns="*.json")


class ImportExport(QObject):
    """The Import and Export submenus of a main window, and what their entries do."""

    def __init__(self, window: MainWindow, file_menu: QMenu, before: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.question: QMessageBox | None = None  # an open question (see ask)
        self.report: QMessageBox | None = None  # the last import's report, while open
        self._choices: dict[str, QAbstractButton] = {}
        imp, exp = QMenu(tr("Import"), file_menu), QMenu(tr("Export"), file_menu)
        for menu in (imp, exp):
            file_menu.insertMenu(before, menu)
        file_menu.insertSeparator(before)
        for kind, label in KINDS.items():
            text = tr("{format}...").format(format=label)
            imp.addAction(text, lambda k=kind: self.ask_import(k))
            exp.addAction(text, lambda k=kind: self.ask_export(k))

    def ask_import(self, kind: str) -> None:
        w = self.window
        if w.project is None:
            return
        ask_dir, here = QFileDialog.getExistingDirectory, start_dir(w.project_dir)
        if kind == "coco":
            path = QFileDialog.getOpenFileName(w, tr("COCO file"), here, _json_filter())[0]
            args = (path,) if path else None
        elif kind == "yolo":
            labels = ask_dir(w, tr("YOLO labels folder"), here)
            classes = ""
            if labels:  # classes.txt lives with the labels
                classes = QFileDialog.getOpenFileName(w, tr("YOLO classes file"), labels)[0]
            args = (labels, str(w.project.image_root), classes) if classes else None
        else:
            path = ask_dir(w, tr("{format} annotations folder").format(format=KINDS[kind]), here)
            args = (path,) if path else None
        if args:
            self.import_annotations(kind, *args)

    def import_annotations(self, kind: str, *args: str, skip_existing: bool | None = None) -> int:
        """Merge boxes from another format into the open project as one undo step.

        Boxes the project has already (same image and class, IoU > 0.95) are skipped when
        ``skip_existing``; None asks first when there are any (``self.question``: 0 is returned
        and the import runs on the answer). A report dialog (``self.report``) lists the
        warnings. Returns the number of boxes added; images outside the image root are skipped.
        """
        w = self.window
        module = importlib.import_module(f"core.formats.{kind}")
        try:
            result = getattr(module, f"import_{kind}")(*args)
        except (ValueError, OSError) as e:
            w.show_error(tr("Import failed"), str(e))
            return 0
        found = incoming(result, w.project.image_root)
        there = already_there(w.document, found.boxes)
        if any(there) and skip_existing is None:
            self.ask(
                tr("Import {format}").format(format=KINDS[kind]),
                tr(
                    "{found} of the {total} boxes in this import are in the project "
                    "already (same image, same class, IoU > 0.95). Skip them?"
                ).format(found=sum(there), total=len(there)),
                "",
                [("skip", tr("Skip them")), ("all", tr("Import all"))],
                lambda key: self._merge(kind, found, there if key == "skip" else []),
            )
            return 0
        return self._merge(kind, found, there if skip_existing else [])

    def _merge(self, kind: str, found: IncomingImport, skip: list[bool]) -> int:
        w = self.window
        doc = w.document
        by_name = {rec.file_name: rec.id for rec in doc.images}
        boxes = [b for i, b in enumerate(found.boxes) if not (skip and skip[i])]
        per_image: dict[int, list[dict]] = {}
        w.undo_stack.beginMacro(tr("Import {format}").format(format=KINDS[kind]))
        for name in found.classes:
            if doc.category_by_name(name) is None:
                w.class_list.add_class(name)
        for box in boxes:
            if box.file_name not in by_name:
                by_name[box.file_name] = doc.add_image(box.file_name).id
            cat = doc.category_by_name(box.class_name).id
            per_image.setdefault(by_name[box.file_name], []).append(
                {"bbox": box.bbox, "category_id": cat}
            )
        for image_id, new in per_image.items():
            w.undo_stack.push(AddBoxes(doc, image_id, new, tr("Import boxes")))
        w.undo_stack.endMacro()
        n, skipped = len(boxes), len(found.boxes) - len(boxes)
        lines = [
            tr("Imported {n} box(es) from {format} into {images} image(s).").format(
                n=n, format=KINDS[kind], images=len(per_image)
            )
        ]
        if skipped:
            lines.append(tr("Skipped %n box(es) the project had already.", "", skipped))
        if found.outside:
            lines.append(
                tr("Skipped %n box(es) of images outside the image root.", "", found.outside)
            )
        title = tr("Import {format}").format(format=KINDS[kind])
        self.show_report(title, "\n".join(lines), found.warnings)
        status = tr("Imported {n} boxes; {warnings} warnings")
        w.statusBar().showMessage(status.format(n=n, warnings=len(found.warnings)), 5000)
        return n

    def ask_export(self, kind: str) -> None:
        w = self.window
        if w.project is None:
            return
        here = start_dir(w.project_dir)
        if kind == "coco":
            path = QFileDialog.getSaveFileName(w, tr("Export COCO"), here, _json_filter())[0]
        else:
            title = tr("Export {format} to folder").format(format=KINDS[kind])
            path = QFileDialog.getExistingDirectory(w, title, here)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> bool:
        """Write the open project's boxes in format ``kind`` to ``path`` (file or folder).

        Never through a link, outside ``path`` or over the project's own files. Into a folder
        that has files the user is asked first (``self.question``: back up and replace, replace,
        cancel) and False is returned; the export runs on the answer. True once written.
        """
        w = self.window
        try:
            plan = plan_export(kind, w.document.to_coco(), path, w.project.image_root)
            plan.check(self._protected())
        except (ValueError, OSError) as e:
            w.show_error(tr("Export failed"), str(e))
            return False
        if kind != "coco" and _has_files(plan.folder):
            text, details = _replace_question(plan)
            choices = [("backup", tr("Back up and replace")), ("replace", tr("Replace"))]
            self.ask(
                tr("Export {format}").format(format=KINDS[kind]),
                text,
                details,
                choices if plan.replaced else [("replace", tr("Export"))],
                lambda key: self.write_export(plan, backup=key == "backup"),
            )
            return False
        return self.write_export(plan)

    def write_export(self, plan: ExportPlan, backup: bool = False) -> bool:
        """Write a planned export (every file or none); errors say how many were written."""
        w = self.window
        try:
            written = plan.write(self._protected(), backup=backup)
        except (ValueError, OSError) as e:
            w.show_error(tr("Export failed"), str(e))
            return False
        text = tr("Exported {n} {format} file(s) to {folder}")
        w.statusBar().showMessage(
            text.format(n=len(written), format=KINDS[plan.kind], folder=plan.folder), 5000
        )
        return True

    def _protected(self) -> list[Path]:
        project = self.window.project
        return [project.annotations_path, project.project_dir / PROJECT_FILE]

    # -- dialogs that never block (tests answer them) -----------------------------------
    def ask(
        self,
        title: str,
        text: str,
        details: str,
        choices: list[tuple[str, str]],
        on_answer: Callable[[str], object],
    ) -> QMessageBox:
        """Open a question (``self.question``) with a button per (key, label) of ``choices``
        and Cancel; ``on_answer(key)`` runs when one but Cancel is clicked (see :meth:`answer`)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        buttons = {
            k: box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for k, label in choices
        }
        buttons["cancel"] = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(buttons[choices[0][0]])
        box.setEscapeButton(buttons["cancel"])
        if details:
            box.setDetailedText(details)

        def clicked(button: object) -> None:
            self.question, self._choices = None, {}
            key = next((k for k, b in buttons.items() if b is button), "cancel")
            if key != "cancel":
                on_answer(key)

        box.buttonClicked.connect(clicked)
        self.question, self._choices = box, buttons
        box.open()
        return box

    def answer(self, key: str) -> None:
        """Answer the open question as its button ``key`` ("cancel" or a choice) would."""
        self._choices[key].click()

    def show_report(self, title: str, text: str, warnings: list[str]) -> QMessageBox:
        """A report (``self.report``) with the first warnings shown and all of them in details."""
        icon = QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if warnings:
            more = len(warnings) - 10
            tail = "\n" + tr("... and {n} more").format(n=more) if more > 0 else ""
            shown = "\n".join(warnings[:10]) + tail
            box.setInformativeText(tr("%n warning(s):", "", len(warnings)) + "\n" + shown)
            box.setDetailedText("\n".join(warnings))
        box.finished.connect(lambda _r: setattr(self, "report", None))
        self.report = box
        box.open()
        return box


def _has_files(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return False


def _replace_question(plan: ExportPlan) -> tuple[str, str]:
    """The question's text (the first files that would be replaced) and the full list."""
    names = [os.path.relpath(p, plan.folder) for p in plan.replaced]
    folder = plan.folder
    if not names:
        text = tr("{folder} has files already. None of them is replaced; {n} file(s) are added.")
        return text.format(folder=folder, n=len(plan.files)), ""
    if plan.merged:
        text = tr(
            "{folder} has files already. This export replaces {n} of them ({merged} labelme "
            "file(s) are merged: the shapes the studio did not write are kept):"
        ).format(folder=folder, n=len(names), merged=len(plan.merged))
    else:
        text = tr("{folder} has files already. This export replaces {n} of them:").format(
            folder=folder, n=len(names)
        )
    more = len(names) - 10
    tail = "\n" + tr("... and {n} more").format(n=more) if more > 0 else ""
    text += "\n" + "\n".join(names[:10]) + tail
    return text, "\n".join(names)
