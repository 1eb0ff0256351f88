"""The main window: composition only (docks, menus, wiring). Editing lives in the canvas and the
undo commands, loading in app.services.images, saving in app.document.storage."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.document import geometry as geo
from app.document.commands import AddBoxes
from app.document.project import Document
from app.document.storage import Autosaver, Project, ProjectError, open_project
from app.services import settings
from app.services.images import ImageInfo, ImageService, header_size
from app.widgets import shortcuts
from app.widgets.box_list import BoxList
from app.widgets.canvas import Canvas
from app.widgets.class_list import ClassList
from app.widgets.image_list import ImageList
from app.widgets.welcome import Welcome


class MainWindow(QMainWindow):
    image_changed = Signal(int)  # the image now on the canvas (document image id)

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("EfficientDet Studio")
        self.document = Document()
        self.undo_stack = QUndoStack(self)
        self.project: Project | None = None
        self.autosaver: Autosaver | None = None
        self.current_image_id: int | None = None
        self.last_error = ""  # the last error shown to the user (tests read it)
        self._paths: dict[int, str] = {}  # image id -> file path (image root joined)
        self._ids_by_path: dict[str, int] = {}
        self.images = ImageService(parent=self)
        self.canvas = Canvas(self.document, self.undo_stack)
        self.welcome = Welcome()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.canvas)
        self.setCentralWidget(self.stack)
        self.image_list = ImageList(self.document)
        self.class_list = ClassList(self.document, self.undo_stack)
        self.box_list = BoxList(self.document)
        self.menus: dict[str, QMenu] = {
            name: self.menuBar().addMenu(f"&{name}")
            for name in ("File", "Edit", "View", "Train", "Help")
        }
        self.add_dock(self.class_list, "Classes", Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_dock(self.box_list, "Boxes", Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_dock(self.image_list, "Images", Qt.DockWidgetArea.RightDockWidgetArea)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._wire()
        self.resize(1280, 800)
        s = settings.settings()
        if s.value("window/geometry") is not None:
            self.restoreGeometry(s.value("window/geometry"))
            self.restoreState(s.value("window/state"))
        if importlib.util.find_spec("app.training_ui") is not None:
            importlib.import_module("app.training_ui").install(self)
        if path:
            self.open_path(path)

    @property
    def project_dir(self) -> Path | None:
        return self.project.project_dir if self.project else None

    def add_dock(self, widget: QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menus["View"].addAction(dock.toggleViewAction())
        return dock

    # -- actions ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        c = self.canvas
        slots = {
            "open": self.ask_open, "save": self.save_now, "draw": lambda: c.set_draw_mode(
                not c.draw_mode), "delete": c.delete_selected, "copy": c.copy_selected,
            "paste": self.paste, "copy_previous": self.copy_from_previous,
            "next_image": lambda: self.step_image(1), "previous_image": lambda: self.step_image(-1),
            "zoom_in": lambda: c.zoom_by(1.25), "zoom_out": lambda: c.zoom_by(0.8),
            "zoom_fit": c.fit, "zoom_actual": c.actual_size,
            "select_all": lambda: c.select(list(c.items)), "help": self.show_shortcuts,
            "quit": self.close,
            **{f"class_{n}": (lambda _checked=False, n=n: self.set_class_by_key(n))
               for n in range(1, 10)},
        }
        for name, slot in slots.items():
            action = QAction(shortcuts.DEFAULTS[name][0], self)
            action.triggered.connect(slot)
            self.actions[name] = action
            self.addAction(action)  # shortcuts work whichever dock has focus
        self.actions["undo"] = self.undo_stack.createUndoAction(self, "Undo")
        self.actions["redo"] = self.undo_stack.createRedoAction(self, "Redo")
        self.actions["draw"].setCheckable(True)
        shortcuts.apply(self.actions)
        f, e, v = self.menus["File"], self.menus["Edit"], self.menus["View"]
        f.addActions([self.actions["open"], self.actions["save"]])
        self._build_import_export(f)
        f.addSeparator()
        f.addAction(self.actions["quit"])
        e.addActions([self.actions[n] for n in ("undo", "redo", "draw", "delete", "copy", "paste",
                                                "copy_previous", "select_all")])
        e.addSeparator()
        e.addActions([self.actions[f"class_{n}"] for n in range(1, 10)])
        v.addSeparator()
        v.addActions([self.actions[n] for n in ("next_image", "previous_image", "zoom_in",
                                                "zoom_out", "zoom_fit", "zoom_actual")])
        self.menus["Help"].addAction(self.actions["help"])

    def _wire(self) -> None:
        self.welcome.open_requested.connect(self.open_path)
        self.image_list.image_activated.connect(self.show_image)
        self.canvas.image_step_requested.connect(self.step_image)
        self.canvas.selection_changed.connect(self.box_list.select_ids)
        self.canvas.draw_mode_changed.connect(self.actions["draw"].setChecked)
        self.canvas.zoom_changed.connect(lambda z: self._status())
        self.box_list.boxes_selected.connect(self.canvas.select)
        self.class_list.class_chosen.connect(self.canvas.apply_class)
        self.images.loaded.connect(self._image_loaded)
        self.images.failed.connect(self._image_failed)
        self.images.probed.connect(self._image_probed)
        self.undo_stack.cleanChanged.connect(lambda clean: self._status())

    def _build_import_export(self, file_menu: QMenu) -> None:
        if importlib.util.find_spec("app.formats.coco") is None:
            return
        imp, exp = file_menu.addMenu("Import"), file_menu.addMenu("Export")
        for kind in ("coco", "voc", "yolo", "labelme"):
            imp.addAction(kind.upper() if kind != "labelme" else "labelme",
                          lambda k=kind: self.ask_import(k))
            exp.addAction(kind.upper() if kind != "labelme" else "labelme",
                          lambda k=kind: self.ask_export(k))

    def ask_import(self, kind: str) -> None:
        if self.project is None:
            return
        ask_dir = QFileDialog.getExistingDirectory
        if kind == "coco":
            path = QFileDialog.getOpenFileName(self, "COCO file", "", "JSON (*.json)")[0]
            args = (path,) if path else None
        elif kind == "yolo":
            labels = ask_dir(self, "YOLO labels folder")
            classes = QFileDialog.getOpenFileName(self, "YOLO classes file")[0] if labels else ""
            args = (labels, str(self.project.image_root), classes) if classes else None
        else:
            path = ask_dir(self, f"{kind} annotations folder")
            args = (path,) if path else None
        if args:
            self.import_annotations(kind, *args)

    def import_annotations(self, kind: str, *args) -> int:
        """Merge boxes from another format into the open project as one undo step."""
        module = importlib.import_module(f"app.formats.{kind}")
        try:
            result = getattr(module, f"import_{kind}")(*args)
        except (ValueError, OSError) as e:
            self.show_error("Import failed", str(e))
            return 0
        root = Path(result.image_root) if result.image_root else self.project.image_root
        by_name = {rec.file_name: rec.id for rec in self.document.images}
        names = {c["id"]: c["name"] for c in result.data["categories"]}
        images = {im["id"]: im for im in result.data["images"]}
        per_image: dict[int, list[dict]] = {}
        self.undo_stack.beginMacro(f"Import {kind}")
        for name in names.values():
            if self.document.category_by_name(name) is None:
                self.class_list.add_class(name)
        for ann in result.data["annotations"]:
            rel = Path(root, images[ann["image_id"]]["file_name"]).resolve()
            try:
                name = rel.relative_to(self.project.image_root.resolve()).as_posix()
            except ValueError:
                continue  # the image is outside this project's image root
            if name not in by_name:
                by_name[name] = self.document.add_image(name).id
                self._paths[by_name[name]] = str(self.project.image_path(name))
                self._ids_by_path[self._paths[by_name[name]]] = by_name[name]
            cat = self.document.category_by_name(names[ann["category_id"]]).id
            per_image.setdefault(by_name[name], []).append({"bbox": ann["bbox"],
                                                            "category_id": cat})
        for image_id, boxes in per_image.items():
            self.undo_stack.push(AddBoxes(self.document, image_id, boxes, "Import boxes"))
        self.undo_stack.endMacro()
        n = sum(len(b) for b in per_image.values())
        self.statusBar().showMessage(f"Imported {n} boxes; {len(result.warnings)} warnings", 5000)
        return n

    def ask_export(self, kind: str) -> None:
        if self.project is None:
            return
        if kind == "coco":
            path = QFileDialog.getSaveFileName(self, "Export COCO", "", "JSON (*.json)")[0]
        else:
            path = QFileDialog.getExistingDirectory(self, f"Export {kind} to folder")
        if path:
            module = importlib.import_module(f"app.formats.{kind}")
            extra = (str(self.project.image_root),) if kind == "labelme" else ()
            try:
                getattr(module, f"export_{kind}")(self.document.to_coco(), path, *extra)
            except (ValueError, OSError) as e:
                self.show_error("Export failed", str(e))

    # -- projects --------------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open a folder of images, a project folder or a COCO file; errors open nothing."""
        try:
            project = open_project(path)
        except ProjectError as e:
            self.show_error("Cannot open", str(e))
            return False
        self.close_project()
        self.document.reset_from(project.document)
        project.document = self.document
        self.project = project
        self.undo_stack.clear()
        self.autosaver = Autosaver(project, header_size, self)
        self.autosaver.failed.connect(lambda msg: self.show_error("Autosave failed", msg))
        self.autosaver.saved.connect(self._saved)
        self.stack.setCurrentWidget(self.canvas)
        settings.add_recent_project(str(project.project_dir))
        self.setWindowTitle(f"{project.project_dir.name} - EfficientDet Studio")
        self._paths = {rec.id: str(project.image_path(rec.file_name))
                       for rec in self.document.images}
        self._ids_by_path = {p: i for i, p in self._paths.items()}
        self.images.probe_all(list(self._paths.values()))
        self.image_list.update_counts()
        first = self.image_list.neighbour(None, 0)
        if first is not None:
            self.show_image(first)
        return True

    def close_project(self) -> None:
        if self.autosaver is not None:
            self.autosaver.close()
            self.autosaver.deleteLater()
            self.autosaver = None
        self.current_image_id = None

    def save_now(self) -> None:
        if self.autosaver is not None:
            self.autosaver.flush()

    def _saved(self, sizes: dict) -> None:
        for image_id, (w, h) in sizes.items():
            self.document.set_image_size(image_id, w, h, quiet=True)
        self.statusBar().showMessage("Saved", 1500)

    def ask_open(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a folder of images or a project")
        if path:
            self.open_path(path)

    def show_error(self, title: str, message: str) -> None:
        """Non-blocking message box (the event loop, and autosave, keep running)."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- images ----------------------------------------------------------------------
    def show_image(self, image_id: int) -> None:
        if self.project is None:
            return
        self.current_image_id = image_id
        rec = self.document.image(image_id)
        self.canvas.set_image(image_id, None, "Loading...")
        self.box_list.set_image(image_id)
        self.image_list.set_current(image_id)
        self.images.request(str(self.image_path(image_id)))
        neighbours = [self.image_list.neighbour(image_id, s) for s in (1, -1)]
        self.images.prefetch(str(self.image_path(n)) for n in neighbours
                             if n not in (None, image_id))
        self._status(rec.file_name)
        self.image_changed.emit(image_id)

    def step_image(self, step: int) -> None:
        target = self.image_list.neighbour(self.current_image_id, step)
        if target is not None and target != self.current_image_id:
            self.show_image(target)

    def image_path(self, image_id: int) -> Path:
        """The file of an image of the open project."""
        if image_id not in self._paths and self.project is not None:
            path = str(self.project.image_path(self.document.image(image_id).file_name))
            self._paths[image_id], self._ids_by_path[path] = path, image_id
        return Path(self._paths[image_id])

    def _image_loaded(self, path: str, image: QPixmap) -> None:
        image_id = self._ids_by_path.get(path)
        if image_id is None or image_id != self.current_image_id:
            return
        self.document.set_image_size(image_id, image.width(), image.height(), quiet=True)
        self.canvas.set_image(image_id, image)
        self.image_list.model.set_broken(image_id, "")

    def _image_failed(self, path: str, reason: str) -> None:
        image_id = self._ids_by_path.get(path)
        if image_id is None:
            return
        self.image_list.model.set_broken(image_id, reason)
        if image_id == self.current_image_id:
            self.canvas.set_image(image_id, None, f"Cannot show this image: {reason}")

    def _image_probed(self, path: str, info: ImageInfo) -> None:
        image_id = self._ids_by_path.get(path)
        if image_id is None:
            return
        if info.width > 0:
            self.document.set_image_size(image_id, info.width, info.height, quiet=True)
        if info.broken:
            self.image_list.model.set_broken(image_id, info.error)
            self.image_list.update_counts()

    # -- editing helpers ---------------------------------------------------------------
    def set_class_by_key(self, n: int) -> None:
        category_id = self.class_list.id_for_key(n)
        if category_id is None:
            self.statusBar().showMessage(f"No class {n} yet: add one in the Classes dock", 3000)
            return
        self.canvas.apply_class(category_id)
        self.statusBar().showMessage(f"Class: {self.document.category(category_id).name}", 2000)

    def _add_boxes(self, boxes: list[dict], text: str) -> None:
        if self.current_image_id is None:
            return
        w, h = self.canvas.image_size
        kept = [{"bbox": geo.clip_box(b["bbox"], w, h), "category_id": b["category_id"]}
                for b in boxes]
        kept = [b for b in kept if not geo.is_too_small(b["bbox"])]
        if kept:
            cmd = AddBoxes(self.document, self.current_image_id, kept, text)
            self.undo_stack.push(cmd)
            self.canvas.select(cmd.box_ids)

    def paste(self) -> None:
        self._add_boxes(self.canvas.clipboard, "Paste boxes")

    def copy_from_previous(self) -> None:
        previous = self.image_list.neighbour(self.current_image_id, -1)
        if previous is None or previous == self.current_image_id:
            return
        boxes = [{"bbox": b.bbox, "category_id": b.category_id}
                 for b in self.document.boxes(previous)]
        self._add_boxes(boxes, "Copy boxes from the previous image")

    def show_shortcuts(self) -> None:
        dialog = shortcuts.ShortcutDialog(self.actions, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _status(self, text: str | None = None) -> None:
        if self.current_image_id is None:
            return
        rec = self.document.image(self.current_image_id)
        rows = self.image_list.model.rows
        pos = rows.index(rec.id) + 1 if rec.id in rows else 0
        mode = "draw" if self.canvas.draw_mode else "edit"
        self.statusBar().showMessage(f"{rec.file_name}  ({pos}/{len(rows)})  "
                                     f"zoom {self.canvas.zoom():.0%}  {mode}")

    def closeEvent(self, event) -> None:  # noqa: N802
        self.close_project()  # flushes the last save
        self.images.shutdown()
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        super().closeEvent(event)


def run_app(argv: list[str]) -> int:
    """Entry point of ``efficientdet-studio [PATH]``."""
    QApplication.setOrganizationName(settings.ORGANIZATION)
    QApplication.setApplicationName(settings.APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    paths = [a for a in argv if not a.startswith("-")]
    window = MainWindow(paths[0] if paths else None)
    window.show()
    QTimer.singleShot(0, window.canvas.fit)
    return app.exec()
