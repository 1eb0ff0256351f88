"""The main window: composition only (docks, menus, wiring). Editing lives in the canvas and the
undo commands, actions and menus in app.actions, import/export in app.import_export, loading in
app.services.images, saving in app.document.storage and app.document.autosave."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import layout, menus, modes, toolbar, training_ui
from app.actions import MENU_NAMES, MENU_TITLES, build_actions
from app.document import geometry as geo
from app.document.autosave import Autosaver
from app.document.commands import AddBoxes
from app.document.project import Document
from app.document.storage import Project, ProjectError, claim, open_project
from app.i18n import install_translator, tr
from app.import_export import ImportExport
from app.services import settings
from app.services.images import ImageInfo, ImageService, header_size
from app.session import Session
from app.theme import apply_theme
from app.widgets import shortcuts
from app.widgets.box_list import BoxList
from app.widgets.canvas import Canvas
from app.widgets.class_list import ClassList
from app.widgets.file_dialogs import start_dir
from app.widgets.image_list import ImageList
from app.widgets.welcome import Welcome

LAST_IMAGE = "last_image"  # settings group: the image each project was left on


class MainWindow(QMainWindow):
    image_changed = Signal(int)  # the image now on the canvas (document image id)

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("EfficientDet Studio")
        self.document = Document()
        self.undo_stack = QUndoStack(self)
        self.session = Session(self)  # owns the open project; docks follow project_changed
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
        layout.dock_corners(self)
        self.image_list = ImageList(self.document)
        self.class_list = ClassList(self.document, self.undo_stack)
        self.box_list = BoxList(self.document)
        self.menus: dict[str, QMenu] = {
            name: self.menuBar().addMenu(tr(MENU_TITLES[name])) for name in MENU_NAMES
        }
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.add_dock(self.class_list, QT_TRANSLATE_NOOP("", "Classes"), right)
        self.add_dock(self.box_list, QT_TRANSLATE_NOOP("", "Boxes"), right)
        self.add_dock(self.image_list, QT_TRANSLATE_NOOP("", "Images"), right)
        self.actions: dict[str, QAction] = build_actions(self)
        self.import_export = ImportExport(self, self.menus["File"], before=self.actions["quit"])
        self.status_label = QLabel()  # image, position, size, zoom, mode (always shown)
        self.statusBar().addPermanentWidget(self.status_label)
        self._wire()
        self.training_ui = training_ui.install(self)
        self.toolbar = toolbar.install(self)
        # Sized once every dock exists (restoreState needs them), after settling the layout:
        # otherwise the first show grows the window to fit the docks' preferred heights.
        self.window_layout = layout.Layout(self)
        self.resize(layout.DEFAULT_SIZE)
        restored = self.window_layout.restore_saved()
        self.menus["View"].addSeparator()
        self.reset_layout_action = self.menus["View"].addAction(
            tr("Reset layout"), self.window_layout.reset
        )
        self.modes = modes.install(self, apply=not restored)  # Label / Train / Review
        self.preferences_action = menus.add_preferences(self, self.menus["Edit"])
        if path:
            self.open_path(path)

    @property
    def project(self) -> Project | None:
        return self.session.project

    @property
    def project_dir(self) -> Path | None:
        return self.session.project_dir

    def add_dock(
        self,
        widget: QWidget,
        title: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """A dock titled ``title`` (English, marked with QT_TRANSLATE_NOOP by the caller and
        shown translated); the English title also names it in the saved layout."""
        dock = QDockWidget(tr(title), self)
        dock.setObjectName(f"dock_{title}")
        dock.setWidget(layout.DockScroll(widget))
        self.addDockWidget(area, dock)
        self.menus["View"].addAction(dock.toggleViewAction())
        return dock

    def _wire(self) -> None:
        self.welcome.open_requested.connect(self.open_path)
        self.image_list.image_activated.connect(self.show_image)
        self.canvas.image_step_requested.connect(self.step_image)
        self.canvas.selection_changed.connect(self.box_list.select_ids)
        self.canvas.draw_mode_changed.connect(self.actions["draw"].setChecked)
        self.canvas.zoom_changed.connect(lambda z: self._status())
        self.canvas.draw_mode_changed.connect(lambda on: self._status())
        self.box_list.boxes_selected.connect(self.canvas.select)
        self.class_list.class_chosen.connect(self.canvas.apply_class)
        self.images.loaded.connect(self._image_loaded)
        self.images.failed.connect(self._image_failed)
        self.images.probed.connect(self._image_probed)
        self.session.project_changed.connect(lambda _p: self.image_list.reset_view())

    # -- projects --------------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open a folder of images, a project folder or a COCO file; errors open nothing."""
        if self.autosaver is not None:
            self.autosaver.flush()  # reopening the same project reads what was just saved
        try:
            project = open_project(path)
        except ProjectError as e:
            self.show_error(tr("Cannot open"), str(e))
            return False
        if not self.close_project():
            return False
        read_only = claim(project)  # another window holds it: saves go to a conflict copy
        self.document.reset_from(project.document)
        project.document = self.document
        self.undo_stack.clear()
        self.autosaver = Autosaver(project, header_size, self)
        self.autosaver.failed.connect(lambda msg: self.show_error(tr("Could not save"), msg))
        self.autosaver.conflicted.connect(lambda msg: self.show_error(tr("Saved beside"), msg))
        self.autosaver.saved.connect(self._saved)
        self.stack.setCurrentWidget(self.canvas)
        settings.add_recent_project(str(project.project_dir))
        title = tr("{name} (read-only) - EfficientDet Studio") if read_only else \
            tr("{name} - EfficientDet Studio")  # fmt: skip
        self.setWindowTitle(title.format(name=project.project_dir.name))
        if read_only:
            self.show_message(tr("Opened read-only"), read_only)
        self._paths = {
            rec.id: str(project.image_path(rec.file_name)) for rec in self.document.images
        }
        self._ids_by_path = {p: i for i, p in self._paths.items()}
        self.images.probe_all(list(self._paths.values()))
        self.session.set_project(project)  # every dock drops the previous project's state
        self.image_list.update_counts()
        if project.warnings:  # what reading another format skipped or changed, said once
            more = len(project.warnings) - 10
            tail = "\n" + tr("... and {n} more").format(n=more) if more > 0 else ""
            self.show_message(tr("Opened with notes"), "\n".join(project.warnings[:10]) + tail)
        first = self._last_image(project) or self.image_list.neighbour(None, 0)
        if first is not None:
            self.show_image(first)
        return True

    def close_project(self) -> bool:
        """Save and close; False (the project stays open) when the last save failed and the
        user chose to stay."""
        if self.autosaver is not None:
            saved = self.autosaver.flush()
            if not saved and not self.discard_unsaved(self.autosaver.error):
                return False
            self.autosaver.close(save=saved)
            self.autosaver.deleteLater()
            self.autosaver = None
        names = {rec.id: rec.file_name for rec in self.document.images}
        if self.project is not None and self.current_image_id in names:
            settings.set_value(  # where the next opening of this project starts
                settings.project_key(LAST_IMAGE, str(self.project.project_dir)),
                names[self.current_image_id],
            )
        self.current_image_id = None
        return True

    def _last_image(self, project: Project) -> int | None:
        """The image this project was left on when it was last closed, if it is still there."""
        name = settings.value(settings.project_key(LAST_IMAGE, str(project.project_dir)))
        ids = [rec.id for rec in self.document.images if rec.file_name == name]
        return ids[0] if ids else None

    def discard_unsaved(self, error: str) -> bool:
        """Ask whether to close although the edits could not be saved."""
        answer = QMessageBox.warning(
            self, tr("Edits not saved"),
            tr("{error}\n\nClose anyway and lose the edits since the last save? Choose Cancel "
               "to stay, fix the cause and press Ctrl+S.").format(error=error),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Discard

    def save_now(self) -> None:
        """Write every edit to disk and wait; a project never saved (a folder of images, a
        dataset in another format) gets its annotations.json now (the worker reads files)."""
        if self.autosaver is not None:
            if not self.autosaver.project.on_disk:
                self.autosaver.save_now()
            self.autosaver.flush()

    def _saved(self, sizes: dict) -> None:
        for image_id, (w, h) in sizes.items():
            self.document.set_image_size(image_id, w, h, quiet=True)
        self.statusBar().showMessage(tr("Saved"), 1500)

    def ask_open(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, tr("Open a folder of images or a project"), start_dir(self.project_dir)
        )
        if path:
            self.open_path(path)

    def ask_open_coco(self) -> None:
        path = QFileDialog.getOpenFileName(
            self,
            tr("Open COCO annotations"),
            start_dir(self.project_dir),
            tr("JSON files ({patterns})").format(patterns="*.json"),
        )[0]
        if path:
            self.open_path(path)

    def show_message(self, title: str, message: str) -> None:
        """Non-blocking note (information, not an error)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

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
        self.canvas.set_image(image_id, None, tr("Loading..."))
        self.box_list.set_image(image_id)
        self.image_list.set_current(image_id)
        self.images.request(str(self.image_path(image_id)))
        neighbours = [self.image_list.neighbour(image_id, s) for s in (1, -1)]
        self.images.prefetch(
            str(self.image_path(n)) for n in neighbours if n not in (None, image_id)
        )
        self._status()
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
            text = tr("Cannot show this image: {reason}").format(reason=reason)
            self.canvas.set_image(image_id, None, text)

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
            text = tr("No class {n} yet: add one in the Classes dock").format(n=n)
            self.statusBar().showMessage(text, 3000)
            return
        self.canvas.apply_class(category_id)
        name = self.document.category(category_id).name
        self.statusBar().showMessage(tr("Class: {name}").format(name=name), 2000)

    def _add_boxes(self, boxes: list[dict], text: str) -> None:
        if self.current_image_id is None:
            return
        w, h = self.canvas.image_size
        kept = [
            {"bbox": geo.clip_box(b["bbox"], w, h), "category_id": b["category_id"]} for b in boxes
        ]
        kept = [b for b in kept if not geo.is_too_small(b["bbox"])]
        if kept:
            cmd = AddBoxes(self.document, self.current_image_id, kept, text)
            self.undo_stack.push(cmd)
            self.canvas.select(cmd.box_ids)

    def paste(self) -> None:
        self._add_boxes(self.canvas.clipboard, tr("Paste boxes"))

    def copy_from_previous(self) -> None:
        previous = self.image_list.neighbour(self.current_image_id, -1)
        if previous is None or previous == self.current_image_id:
            return
        boxes = [
            {"bbox": b.bbox, "category_id": b.category_id} for b in self.document.boxes(previous)
        ]
        self._add_boxes(boxes, tr("Copy boxes from the previous image"))

    def show_shortcuts(self) -> None:
        dialog = shortcuts.ShortcutDialog(self.actions, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _status(self) -> None:
        """The permanent part of the status bar; transient notes use showMessage."""
        if self.current_image_id is None:
            self.status_label.setText("")
            return
        rec = self.document.image(self.current_image_id)
        rows = self.image_list.model.rows
        pos = f"{rows.index(rec.id) + 1}/{len(rows)}" if rec.id in rows else f"-/{len(rows)}"
        size = tr("{w} \u00d7 {h} px").format(w=rec.width, h=rec.height) if rec.width else \
            tr("size unknown")  # fmt: skip
        mode = tr("draw mode (W)") if self.canvas.draw_mode else tr("edit mode")
        zoom = tr("zoom {percent}").format(percent=f"{self.canvas.zoom():.0%}")
        self.status_label.setText(f"{rec.file_name}   {pos}   {size}   {zoom}   {mode}")

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.close_project():  # flushes the last save; a failed one may keep us open
            event.ignore()
            return
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
    install_translator(app, str(settings.value("language", "system")))  # before any window
    apply_theme(app, str(settings.preference("theme")))
    paths = [a for a in argv if not a.startswith("-")]
    window = MainWindow(paths[0] if paths else None)
    window.show()
    QTimer.singleShot(0, window.canvas.fit)
    return app.exec()
