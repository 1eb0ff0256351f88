"""The training half of the main window: docks for training, runs, metrics, fusion weights and
prediction review, and the "Train" menu. ``install(window)`` is the only entry point.

It uses these names of the main window: ``document``, ``canvas``, ``undo_stack``,
``session``, ``menus["Train"]``, ``add_dock``, ``save_now``,
``image_changed``, ``image_path``, ``show_image`` and ``image_list``: the review adds "images
with misses" / "images with false positives" filters to the image list, and "Run on selection"
runs on its selected images.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction

from app.i18n import tr
from app.widgets.fusion_view import FusionView
from app.widgets.metrics_view import MetricsView
from app.widgets.review import ReviewPanel
from app.widgets.runs_dock import RunsDock
from app.widgets.training_panel import TrainingPanel
from core import events as ev
from core.project import DatasetPlan, plan_dataset, val_fraction
from core.tiling import TileSpec, tile_spec

MISSES = QT_TRANSLATE_NOOP("", "images with misses")  # image list filters (names: English)
FALSE_POSITIVES = QT_TRANSLATE_NOOP("", "images with false positives")
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


@dataclass
class TrainingUI:
    panel: TrainingPanel
    runs: RunsDock
    metrics: MetricsView
    fusion: FusionView
    review: ReviewPanel
    docks: dict
    actions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingData:
    """What a run of the open project trains on, as the pre-flight checks it and the worker
    receives it (core.project's split policy, applied to the annotations in memory)."""

    data: str  # the annotation file the worker reads (saved before Start)
    image_root: str
    coco: dict
    sizes: dict  # image id -> (width, height) as decoded, None for unreadable images
    plan: DatasetPlan

    def config_fields(self) -> dict:
        return {
            "data": self.data,
            "image_root": self.image_root,
            "train_ids": list(self.plan.train_ids),
            "val_ids": list(self.plan.val_ids),
        }


def training_data(window) -> TrainingData | None:
    """The open project's training data, or None when no project is open."""
    project = window.session.project
    if project is None:
        return None
    coco = window.document.to_coco()
    broken = window.image_list.model.broken
    sizes = {
        im["id"]: (None if im["id"] in broken else (im["width"], im["height"]))
        for im in coco["images"]
        if im["id"] in broken or im.get("width")
    }
    plan = plan_dataset(coco, val_fraction(project.settings), unreadable=broken)
    return TrainingData(str(project.annotations_path), str(project.image_root), coco, sizes, plan)


def project_tiling(project) -> tuple[TileSpec | None, str]:
    """The open project's tiling (None: whole images) and what is wrong with project.json's
    setting ("" when nothing is). A malformed one shows as whole images, with the problem said;
    the next change of the row rewrites it."""
    try:
        return (tile_spec(project.settings) if project is not None else None), ""
    except ValueError as exc:
        return None, str(exc)


def newest_best(project_dir: Path) -> Path | None:
    """The most recently written ``runs/*/best.pt`` of a project, or None."""
    found = [p for p in (Path(project_dir) / "runs").glob("*/best.pt") if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def install(window) -> TrainingUI:
    """Add the training docks and the Train menu to ``window``; returns the parts."""
    panel = TrainingPanel()
    runs, metrics, fusion = RunsDock(), MetricsView(), FusionView()

    def path_of(image_id: int) -> str:
        return str(window.image_path(image_id))

    review = ReviewPanel(window.document, window.undo_stack, window.canvas, path_of)
    metrics.classes = lambda: [c.name for c in window.document.categories]
    docks = {  # English titles name the docks (saved layout); add_dock shows them translated
        "Training": window.add_dock(panel, QT_TRANSLATE_NOOP("", "Training"), BOTTOM),
        "Runs": window.add_dock(runs, QT_TRANSLATE_NOOP("", "Runs"), RIGHT),
        "Metrics": window.add_dock(metrics, QT_TRANSLATE_NOOP("", "Metrics"), BOTTOM),
        "Fusion weights": window.add_dock(fusion, QT_TRANSLATE_NOOP("", "Fusion weights"), BOTTOM),
        "Review predictions": window.add_dock(
            review, QT_TRANSLATE_NOOP("", "Review predictions"), RIGHT
        ),
    }
    # tabs instead of slivers side by side
    window.tabifyDockWidget(docks["Training"], docks["Metrics"])
    window.tabifyDockWidget(docks["Metrics"], docks["Fusion weights"])
    window.tabifyDockWidget(docks["Runs"], docks["Review predictions"])
    for dock in docks.values():
        dock.hide()
    ui = TrainingUI(panel, runs, metrics, fusion, review, docks)

    def on_project_changed(project) -> None:
        """Every view drops the previous project and follows the new one."""
        spec, problem = project_tiling(project)
        panel.form.tiling.set_value(spec)
        panel.form.tiling.setToolTip("")
        if problem:
            note = tr(
                "{file}: the tiling setting cannot be used ({problem}). Large images shows "
                "whole images; choose tiles there to write a new setting."
            ).format(file=project.project_dir / "project.json", problem=problem)
            panel.form.tiling.setToolTip(note)
            window.statusBar().showMessage(note, 15000)
        panel.set_project(project.project_dir if project else None)
        here = str(project.project_dir) if project else ""
        panel.form.start_dir = fusion.start_dir = review.start_dir = here
        runs.set_project(project.project_dir if project else None)
        metrics.clear()
        fusion.set_events([])
        review.reset()
        best = newest_best(project.project_dir) if project else None
        if best is not None:  # Review starts from it; Metrics and Fusion show its run
            review.checkpoint.setText(str(best))
            runs.select(str(best.parent))

    def offer_checkpoint(run_dir: str) -> None:
        """Review starts from the best.pt of the run that just ended."""
        best = Path(run_dir) / "best.pt"
        if window.session.project_dir is not None and best.is_file():
            review.checkpoint.setText(str(best))

    def on_tiling_changed() -> None:
        """The form's Large images row is the project's "tiling" setting (project.json)."""
        project = window.session.project
        if project is None:
            return
        spec = panel.form.tiling.value()
        if spec is None:
            project.settings.pop("tiling", None)
        else:
            project.settings["tiling"] = spec.to_dict()
        if window.autosaver is not None:
            window.autosaver.settings_changed()

    panel.form.tiling.changed.connect(on_tiling_changed)
    panel.dataset_provider = lambda: training_data(window)
    window.session.project_changed.connect(on_project_changed)
    # the pre-flight follows the labels: re-run once edits pause, while the panel is shown
    recheck = QTimer(window, singleShot=True, interval=400)
    recheck.timeout.connect(lambda: panel.isVisible() and panel.refresh_dataset())
    window.document.on_change.append(lambda kind, payload: recheck.start())
    docks["Training"].visibilityChanged.connect(lambda on: on and panel.refresh_dataset())

    def show(name: str) -> None:
        docks[name].show()
        docks[name].raise_()

    def on_run_selected(path: str) -> None:
        state = runs.state(path)
        if not panel.process.is_running():
            panel.plots.update_state(state)
        fusion.set_events(state.fusions)
        metrics.load_run(path)
        best = Path(path) / "best.pt"
        if best.exists():
            review.checkpoint.setText(str(best))

    def on_event(e: ev.Event) -> None:
        if isinstance(e, ev.Fusion):
            fusion.add_event(e)
        elif isinstance(e, ev.Started):
            fusion.set_events([])

    panel.before_start = window.save_now
    panel.event_received.connect(on_event)
    panel.run_started.connect(lambda _: runs.refresh())
    panel.run_ended.connect(lambda path: (runs.refresh(), metrics.load_run(path)))
    panel.run_ended.connect(offer_checkpoint)
    runs.run_selected.connect(on_run_selected)
    runs.overlays_changed.connect(panel.plots.set_overlays)
    runs.resume_requested.connect(lambda path: (show("Training"), panel.resume(path)))
    window.image_changed.connect(review.set_current_image)
    review.image_requested.connect(window.show_image)
    image_list = window.image_list
    image_list.add_filter(MISSES, review.has_misses, tr(MISSES))
    image_list.add_filter(FALSE_POSITIVES, review.has_false_positives, tr(FALSE_POSITIVES))
    refilter = QTimer(window, singleShot=True, interval=150)  # one pass per burst of answers
    refilter.timeout.connect(image_list.refresh_filter)
    review.results_changed.connect(refilter.start)
    review.selection = image_list.selected_ids

    def shut_down() -> None:  # the window goes: no worker may outlive it
        if panel.process.is_running():
            panel.process.terminate()  # SIGTERM first: torchrun then ends its ranks itself
            if not panel.process.wait(5000):
                panel.process.kill()
                panel.process.wait(3000)
        review.client.close()

    QCoreApplication.instance().aboutToQuit.connect(shut_down)

    menu = window.menus["Train"]
    entries = (  # English texts are the keys of ui.actions; the menu shows them translated
        (QT_TRANSLATE_NOOP("", "Train a model…"), lambda: show("Training")),
        (QT_TRANSLATE_NOOP("", "Stop training"), panel.stop),
        (None, None),
        (QT_TRANSLATE_NOOP("", "Runs"), lambda: show("Runs")),
        (QT_TRANSLATE_NOOP("", "Metrics"), lambda: show("Metrics")),
        (QT_TRANSLATE_NOOP("", "Fusion weights"), lambda: show("Fusion weights")),
        (QT_TRANSLATE_NOOP("", "Review predictions"), lambda: show("Review predictions")),
        (QT_TRANSLATE_NOOP("", "Pre-label unlabelled images"), review.prelabel_unlabelled),
        (None, None),
        (QT_TRANSLATE_NOOP("", "Import weights file…"), panel.form.import_weights),
    )
    for text, slot in entries:
        if text is None:
            menu.addSeparator()
            continue
        action = QAction(tr(text), window)
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        ui.actions[text] = action
    window.training_ui = ui
    return ui
