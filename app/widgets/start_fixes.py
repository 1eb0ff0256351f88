"""The "Start from" pre-flight finding's buttons (download, import, bundled backbone, from
scratch) for ``TrainingForm``; downloads and imports run in a child process (DownloadDialog)."""

from __future__ import annotations

from app import preflight, start_choice
from app.widgets.download_dialog import DownloadDialog, ask_import_file
from core.options import STARTS as INIT_VALUES


class StartFixes:
    """Mixed into TrainingForm: uses its picker, init, init_path, fixes, fix_buttons, _avail,
    _init_chosen, dialog, _default_start and run_preflight."""

    def _bundled_level(self) -> str | None:
        """The first level whose ImageNet backbone ships in an installed package."""
        for row in self.picker.levels:
            if start_choice.availability(row["name"], row.get("backbone", "")).bundled:
                return row["name"]
        return None

    def _start_finding(self) -> preflight.Finding | None:
        kind = INIT_VALUES[self.init.currentIndex()]
        if kind not in ("imagenet", "coco"):
            return None
        level = self.picker.level()
        return start_choice.finding(
            kind,
            level,
            self.picker.row(level).get("backbone", ""),
            self._avail,
            self.init_path.text().strip(),
            self._bundled_level() if kind == "imagenet" else None,
        )

    def _show_fixes(self, finding: preflight.Finding | None) -> None:
        actions = finding.actions if finding else ()
        level = self.picker.level()
        entry = start_choice.needed_entry(
            INIT_VALUES[self.init.currentIndex()], level, self.picker.row(level).get("backbone", "")
        )
        lite = self._bundled_level() if "bundled" in actions else None
        for action, btn in self.fix_buttons.items():
            btn.setText(start_choice.action_label(action, entry, lite))
            btn.setVisible(action in actions)
        self.fixes.setVisible(bool(actions))

    def fix(self, action: str) -> None:
        """One of a missing-weights finding's buttons."""
        level = self.picker.level()
        kind = INIT_VALUES[self.init.currentIndex()]
        entry = start_choice.needed_entry(kind, level, self.picker.row(level).get("backbone", ""))
        if action == "scratch":
            self._init_chosen = True
            self.init.setCurrentIndex(INIT_VALUES.index("none"))
        elif action == "bundled" and (lite := self._bundled_level()):
            self._init_chosen = True
            self.init.setCurrentIndex(INIT_VALUES.index("imagenet"))
            self.picker.set_level(lite)
        elif action == "download" and entry is not None:
            self.open_dialog(entry.key)
        elif action == "import":
            self.import_weights(entry.key if entry is not None else "")

    def import_weights(self, key: str = "") -> None:
        """Import weights file…: verify a file downloaded elsewhere and file it (a child process
        hashes it); ``key`` names what it must be ("" : whatever its hash says)."""
        path = ask_import_file(self, getattr(self, "start_dir", ""))
        if path:
            self.open_dialog(key, path)

    def open_dialog(self, key: str, import_file: str | None = None) -> DownloadDialog:
        self.dialog = DownloadDialog(key, import_file, self)
        self.dialog.done.connect(lambda _: self.refresh_weights())
        self.dialog.start()
        self.dialog.open()
        return self.dialog

    def refresh_weights(self) -> None:
        """Look again at what is on this machine (after a download or an import)."""
        self._default_start(self.picker.level())
        self.run_preflight()
