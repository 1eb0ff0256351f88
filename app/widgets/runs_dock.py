"""Runs dock: every run folder of the project, replayed from disk; tick runs to overlay them.

Selecting a run emits ``run_selected(path)`` (plots, metrics and fusion views follow); ticking
runs emits ``overlays_changed({name: RunState})`` so two runs (say fast vs softmax fusion) can
be compared on the same plots.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import tr
from app.runs import RunState, RunSummary, list_runs, load_run
from app.start_choice import display

COLUMNS = (  # translated where shown
    QT_TRANSLATE_NOOP("", "run"),
    QT_TRANSLATE_NOOP("", "level"),
    QT_TRANSLATE_NOOP("", "fusion"),
    QT_TRANSLATE_NOOP("", "status"),
    QT_TRANSLATE_NOOP("", "epochs"),
    QT_TRANSLATE_NOOP("", "best AP"),
)
STATUS_LABELS = {  # RunState.status -> shown text (translated where shown)
    "failed": QT_TRANSLATE_NOOP("", "failed"),
    "stopped": QT_TRANSLATE_NOOP("", "stopped"),
    "finished": QT_TRANSLATE_NOOP("", "finished"),
    "running": QT_TRANSLATE_NOOP("", "running"),
    "empty": QT_TRANSLATE_NOOP("", "empty"),
}
PATH_ROLE = Qt.ItemDataRole.UserRole
SHOWN_ORDER = (0, 3, 5, 4, 1, 2)  # columns left to right: run, status, best AP, epochs, ...
RUN_COLUMN_MAX = 150  # px: longer run names are elided in the middle (the date stays)


class RunsDock(QWidget):
    run_selected = Signal(str)  # run folder
    overlays_changed = Signal(object)  # dict[str, RunState]: ticked runs, replayed
    resume_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_dir: Path | None = None
        self.summaries: list[RunSummary] = []
        self._cache: dict[str, tuple[float, RunState]] = {}  # path -> (events mtime, state)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for visual, logical in enumerate(SHOWN_ORDER):  # the logical columns stay as they are
            header.moveSection(header.visualIndex(logical), visual)
        self.tree.itemSelectionChanged.connect(self._on_select)
        self.tree.itemChanged.connect(self._on_check)
        refresh, resume = QPushButton(tr("Refresh")), QPushButton(tr("Resume selected"))
        refresh.clicked.connect(lambda: self.refresh())
        resume.clicked.connect(self._on_resume)
        buttons = QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addWidget(resume)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tree)
        lay.addLayout(buttons)

    def set_project(self, project_dir: str | Path | None) -> None:
        """List another project's runs; nothing ticked or selected stays from the last one."""
        self.project_dir = Path(project_dir) if project_dir else None
        self._cache.clear()
        self.tree.clear()
        self.refresh()
        self.overlays_changed.emit({})

    def refresh(self) -> None:
        """Re-read the run folders; ticks and the selection survive."""
        ticked = set(self.checked_paths())
        selected = self.selected_path()
        self.summaries = list_runs(self.project_dir) if self.project_dir else []
        self.tree.blockSignals(True)
        self.tree.clear()
        for s in self.summaries:
            ap = "-" if s.best_ap is None else f"{s.best_ap:.3f}"
            status = tr(STATUS_LABELS[s.status]) if s.status in STATUS_LABELS else s.status
            item = QTreeWidgetItem(
                [s.name, display(s.level), s.fusion, status, str(s.epochs_done), ap]
            )
            item.setToolTip(0, s.name)  # the whole name, when elided
            item.setData(0, PATH_ROLE, str(s.path))
            item.setCheckState(
                0, Qt.CheckState.Checked if str(s.path) in ticked else Qt.CheckState.Unchecked
            )
            self.tree.addTopLevelItem(item)
            if str(s.path) == selected:
                item.setSelected(True)
        for c in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(c)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), RUN_COLUMN_MAX))
        self.tree.blockSignals(False)

    def state(self, path: str) -> RunState:
        """The replayed run, cached until its events.jsonl changes."""
        events = Path(path) / "events.jsonl"
        mtime = events.stat().st_mtime if events.exists() else 0.0
        cached = self._cache.get(path)
        if cached is None or cached[0] != mtime:
            try:
                cached = (mtime, load_run(path))
            except ValueError:
                cached = (mtime, RunState())
            self._cache[path] = cached
        return cached[1]

    def selected_path(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, PATH_ROLE) if items else None

    def checked_paths(self) -> list[str]:
        return [
            self.tree.topLevelItem(i).data(0, PATH_ROLE)
            for i in range(self.tree.topLevelItemCount())
            if self.tree.topLevelItem(i).checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, path: str, on: bool = True) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, PATH_ROLE) == str(path):
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def select(self, path: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            item.setSelected(item.data(0, PATH_ROLE) == str(path))

    def _on_select(self) -> None:
        path = self.selected_path()
        if path:
            self.run_selected.emit(path)

    def _on_check(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            overlays = {Path(p).name: self.state(p) for p in self.checked_paths()}
            self.overlays_changed.emit(overlays)

    def _on_resume(self) -> None:
        path = self.selected_path()
        if path:
            self.resume_requested.emit(path)
