"""The training settings: level picker, the settings form, the GPU count and pre-flight findings.

``TrainingForm.config(project_dir)`` is the plain JSON dict of core's ``TrainConfig``; the run
controls (Start/Stop/Resume, progress, plots, log) live in ``training_panel.TrainingPanel``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import preflight, start_choice
from app.i18n import tr
from app.services.settings import preference
from app.services.worker_client import Device, detect_device
from app.widgets.download_dialog import DownloadDialog
from app.widgets.file_dialogs import start_dir
from app.widgets.form_memory import FormMemory
from app.widgets.level_picker import LevelPicker
from app.widgets.start_fixes import StartFixes
from app.widgets.tiling_row import TilingRow, tile_samples, training_ids
from app.widgets.training_fields import (
    DEVICE_LABELS,
    FLIP_LABELS,
    FUSION_LABELS,
    INIT_VALUES,
    START_LABELS,
    SUM_NOTE,
    backbone_layout,
    optimizer_combo,
    option_combo,
)
from core.bundled_weights import BUNDLED
from core.options import DEVICES, FLIPS, FUSION_METHODS, STARTS
from core.recipes import WEIGHT_DECAY, recipe


def default_settings(n_images: int, level: dict, start: str = "imagenet") -> dict:
    """The form's defaults: the start's recipe (core.recipes) for the dataset and level, at the
    level's own input size and fusion."""
    return {
        **recipe(start, n_images, level["name"]),
        "image_size": level["input_size"],
        "fusion": level["fusion"],
    }


def gpu_count(device: Device) -> int:
    return device.count if device.name == "cuda" else 0


class TrainingForm(FormMemory, StartFixes, QWidget):
    findings_changed = Signal()  # the pre-flight ran again (Start may be blocked or unblocked)

    def __init__(self, parent: QWidget | None = None, device: Device | None = None) -> None:
        super().__init__(parent)
        self.start_dir = ""  # file dialogs start here without a path in their field
        self.findings: list[preflight.Finding] = []
        self.n_images = 0
        self._dataset: tuple | None = None  # (coco, image sizes, val ids) for the pre-flight
        self._defaults: dict | None = None  # the settings as last defaulted (see set_dataset)
        device = device or detect_device()
        self.picker = LevelPicker()
        self.picker.set_context(device=device)
        self.picker.level_changed.connect(self._on_level)
        self.epochs = QSpinBox(minimum=1, maximum=2000)
        self.batch = QSpinBox(minimum=1, maximum=256)
        self.lr = QDoubleSpinBox(decimals=5, minimum=1e-5, maximum=1.0, singleStep=0.001)
        self.optimizer = optimizer_combo()
        self.size = QComboBox()
        # multiples of 64: every level's own size (Lite0 320, Lite2 448, D0 512 ... D7 1536)
        self.size.addItems([str(s) for s in range(128, 1537, 64)])
        self.fusion = option_combo(FUSION_METHODS, FUSION_LABELS)
        self.fusion_note = QLabel(tr(SUM_NOTE), wordWrap=True)
        self.tiling = TilingRow()  # the project's tiling; training_ui keeps project.json in step
        self._train_ids: list[int] | None = None
        self.tiling.changed.connect(self._on_tiling)
        self.flips = option_combo(FLIPS, FLIP_LABELS)
        self.flips.setToolTip(
            tr(
                "Flips and turns of the training images. Every direction suits pictures "
                "without an up: aerial and satellite photos, microscopy, scans."
            )
        )
        self.init = option_combo(STARTS, START_LABELS)
        self.init.setCurrentIndex(1)
        self.init.currentIndexChanged.connect(self._on_init)
        self.init.activated.connect(lambda _: setattr(self, "_init_chosen", True))
        self._init_chosen = False  # the user picked a start: defaults no longer change it
        self._avail = start_choice.availability("d0", "")  # the level's weights on this machine
        self.dialog: DownloadDialog | None = None  # the download or import in progress
        self.init_note = QLabel(wordWrap=True)
        self.init_note.hide()
        self.init_path = QLineEdit(placeholderText=tr("checkpoint file or run folder"))
        browse = QPushButton("…")
        browse.clicked.connect(self._browse_init)
        init_row = QHBoxLayout()
        init_row.addWidget(self.init)
        init_row.addWidget(self.init_path, 1)
        init_row.addWidget(browse)
        self.freeze = QSpinBox(minimum=0, maximum=100, suffix=" " + tr("epochs"))
        # The backbone's lr as a fraction of the learning rate (core.recipes: 0.1 pretrained)
        self.backbone_lr = QDoubleSpinBox(decimals=2, minimum=0.01, maximum=1.0, singleStep=0.05)
        backbone_row = backbone_layout(self.freeze, self.backbone_lr)
        self.device = option_combo(DEVICES, DEVICE_LABELS)
        self.device.setCurrentIndex(max(self.device.findData(preference("device")), 0))
        self.workers = QSpinBox(minimum=0, maximum=32, value=int(preference("workers")))
        self.workers.setToolTip(
            tr(
                "Image loading processes beside the trainer (0: load in the "
                "training process itself; slower, but nothing extra to start)"
            )
        )
        count = gpu_count(device)
        # GPUs to train on: one process per GPU through torchrun when more than one
        self.gpus = QSpinBox(minimum=1, maximum=max(count, 1), value=1)
        self.gpus.setSuffix(
            " " + tr("of {count} ({device})").format(count=count, device=device.label)
        )
        if count <= 1:  # nothing to choose: say what there is
            self.gpus.setSpecialValueText(f"1 ({device.label})" if count else tr("none (CPU)"))
        self.gpus.setEnabled(count > 1)
        self.gpus.setToolTip(
            tr("Several GPUs: one training process per GPU (torchrun); the batch size is per GPU.")
            if count > 1
            else tr("Only one GPU found.")
        )
        form = QFormLayout()
        for label, w in (
            (tr("Epochs"), self.epochs),
            (tr("Batch size"), self.batch),
            (tr("Optimizer"), self.optimizer),
            (tr("Learning rate"), self.lr),
            (tr("Input size"), self.size),
            (tr("Large images"), self.tiling),
            (tr("Flips"), self.flips),
            (tr("Fusion"), self.fusion),
            ("", self.fusion_note),
            (tr("Start from"), init_row),
            ("", self.init_note),
            (tr("Backbone"), backbone_row),
            (tr("Device"), self.device),
            (tr("Loading processes"), self.workers),
            (tr("GPUs"), self.gpus),
        ):
            form.addRow(label, w)
        self.batch.valueChanged.connect(lambda v: self.picker.set_context(batch=v))
        self.size.currentTextChanged.connect(self._on_size)
        self.findings_list = QListWidget()
        self.findings_list.setMaximumHeight(90)
        self.findings_list.setWordWrap(True)  # a finding is a sentence: wrap, never scroll sideways
        self.findings_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fixes = QWidget()  # buttons that fix a missing-weights finding
        self.fix_buttons: dict[str, QPushButton] = {}
        fix_row = QHBoxLayout(self.fixes)
        fix_row.setContentsMargins(0, 0, 0, 0)
        for action in start_choice.ACTION_LABELS:
            btn = QPushButton()
            btn.clicked.connect(lambda _=False, a=action: self.fix(a))
            fix_row.addWidget(btn)
            self.fix_buttons[action] = btn
        fix_row.addStretch(1)
        self.fixes.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.picker)
        lay.addLayout(form)
        self.defaults_btn = QPushButton(tr("Defaults"))
        self.defaults_btn.setToolTip(
            tr("Set every training setting back to the defaults for this level and dataset")
        )
        self.defaults_btn.clicked.connect(lambda: self.reset_defaults())
        defaults_row = QHBoxLayout()
        defaults_row.addStretch(1)
        defaults_row.addWidget(self.defaults_btn)
        lay.addLayout(defaults_row)
        lay.addWidget(self.findings_list)
        lay.addWidget(self.fixes)
        self._on_level(self.picker.level())
        self.init.currentIndexChanged.connect(lambda _: self.run_preflight())
        self.init_path.textChanged.connect(lambda _: self.run_preflight())

    def nproc(self) -> int:
        """Training processes to start: the chosen GPU count (1 without several GPUs)."""
        return self.gpus.value() if self.gpus.isEnabled() else 1

    def set_dataset(
        self,
        coco: dict,
        image_sizes: dict,
        val_ids: list[int] | None,
        train_ids: list[int] | None = None,
    ) -> None:
        """Run the pre-flight check and refresh defaults and warnings for this dataset.

        ``train_ids``: the plan's training images (core.project.plan_dataset), the one count the
        defaults and estimates use; without it, the readable labelled images outside ``val_ids``.
        """
        self._dataset = (coco, image_sizes, val_ids)
        self._train_ids = train_ids
        self._count_samples()
        if self._defaults is None or self.settings() == self._defaults:
            self._on_level(self.picker.level())  # defaults follow the data until edited
        else:
            self.run_preflight()  # keep what the user chose

    def _count_samples(self) -> None:
        """What one epoch trains on, for the defaults and the estimates: the training images,
        or their tiles when the project tiles."""
        if self._dataset is None:
            return
        coco, sizes, val_ids = self._dataset
        ids = self._train_ids
        if ids is None:
            ids = training_ids(coco, sizes, val_ids)
        spec = self.tiling.value()
        self.n_images = len(ids) if spec is None else tile_samples(coco, sizes, ids, spec)
        self.picker.set_context(n_images=self.n_images)

    def _on_tiling(self) -> None:
        self._count_samples()
        if self._defaults is not None and self.settings() == self._defaults:
            self._on_level(self.picker.level())  # epochs follow the count until edited
        else:
            self.run_preflight()

    def run_preflight(self) -> list[preflight.Finding]:
        start = self._start_finding()
        self.findings = [start] if start else []
        if self._dataset:
            coco, sizes, val_ids = self._dataset
            row = self.picker.row()
            self.findings += preflight.check_dataset(
                coco,
                sizes,
                val_ids,
                int(self.size.currentText()),
                row["anchor_scale"],
                row["min_level"],
                self.tiling.value(),
            )
        self.findings_list.clear()
        for f in self.findings:
            self.findings_list.addItem(str(f))
        self._show_fixes(start)
        if not self.findings:
            self.findings_list.addItem(
                tr("Pre-flight check: no problems found.")
                if self._dataset
                else tr("Pre-flight check: no dataset yet.")
            )
        self.findings_changed.emit()
        return self.findings

    def settings(self) -> dict:
        """The fields the defaults set (to tell whether the user edited them)."""
        return {
            "epochs": self.epochs.value(),
            "batch_size": self.batch.value(),
            "lr": self.lr.value(),
            "optimizer": self.optimizer.currentData(),
            "image_size": self.size.currentText(),
            "fusion": self.fusion.currentData(),
            "freeze": self.freeze.value(),
            "backbone_lr": self.backbone_lr.value(),
            "flips": self.flips.currentData(),
        }

    def config(self, project_dir: str | None) -> dict:
        """The training config as a plain JSON dict with core's TrainConfig field names."""
        kind = INIT_VALUES[self.init.currentIndex()]
        path = self.init_path.text().strip()
        model = {
            "level": self.picker.level(),
            "image_size": int(self.size.currentText()),
            "fusion": self.fusion.currentData(),
            "pretrained_backbone": kind == "imagenet",
        }
        if kind == "imagenet" and not self._avail.imagenet and self._avail.bundled:
            model["backbone_weights"] = BUNDLED  # resolved where the model is built
        if kind == "coco" and not path and self._avail.coco:
            path = str(self._avail.coco)  # the store's COCO checkpoint of this level
        return {
            "data": project_dir or "",
            "model": model,
            "epochs": self.epochs.value(),
            "batch_size": self.batch.value(),
            "lr": self.lr.value(),
            "optimizer": self.optimizer.currentData(),
            "weight_decay": WEIGHT_DECAY[self.optimizer.currentData()],
            "init_from": path if kind in ("coco", "run") and path else None,
            "freeze_backbone_epochs": self.freeze.value(),
            "backbone_lr_scale": self.backbone_lr.value(),
            "flips": self.flips.currentData(),
            "device": self.device.currentData(),
            "workers": self.workers.value(),
            "tiling": tiling.to_dict() if (tiling := self.tiling.value()) else {},  # {}: none
        }

    def _default_start(self, level: str) -> None:
        """The best pretrained start whose weights are on this machine (COCO, then ImageNet:
        cached or bundled), else random weights, so the default Start trains offline; the items
        say what is here. Nothing here touches the network."""
        backbone = self.picker.row(level).get("backbone", "")
        self._avail = start_choice.availability(level, backbone)
        best = start_choice.best_start(self._avail)
        for i, text in enumerate(start_choice.labels(level, self._avail).values()):
            self.init.setItemText(i, text)
        if not self._init_chosen:
            self.init.blockSignals(True)
            self.init.setCurrentIndex(INIT_VALUES.index(best))
            self.init.blockSignals(False)
        name = start_choice.display(level)
        self.init_note.setText(
            ""
            if best != "none"
            else tr(
                "The pretrained weights of {name} ({backbone}) are not on this machine: "
                "training starts from random weights. Choose a pretrained start to download or "
                "import them."
            ).format(name=name, backbone=backbone)
        )
        self.init_note.setVisible(
            best == "none" and INIT_VALUES[self.init.currentIndex()] == "none"
        )

    def _on_level(self, level: str) -> None:
        self._default_start(level)
        d = default_settings(self.n_images, self.picker.row(level), self._start_kind())
        self.epochs.setValue(d["epochs"])
        self.batch.setValue(d["batch_size"])
        self.optimizer.setCurrentIndex(self.optimizer.findData(d["optimizer"]))
        self.lr.setValue(d["lr"])
        self.size.setCurrentText(str(d["image_size"]))
        self.fusion.setCurrentIndex(self.fusion.findData(d["fusion"]))
        self.freeze.setValue(d["freeze_backbone_epochs"])
        self.backbone_lr.setValue(d["backbone_lr_scale"])
        self.fusion_note.setVisible(d["fusion"] == "sum")
        self._defaults = self.settings()
        self.run_preflight()

    def _start_kind(self) -> str:
        return INIT_VALUES[self.init.currentIndex()]

    def _on_init(self) -> None:
        """Optimizer, lr and the backbone's warm-up and rate follow the starting point unless
        edited."""
        if self._defaults is None:
            return
        d = default_settings(self.n_images, self.picker.row(), self._start_kind())
        now, before = self.settings(), dict(self._defaults)
        if now["optimizer"] == before["optimizer"] and now["lr"] == before["lr"]:
            self.optimizer.setCurrentIndex(self.optimizer.findData(d["optimizer"]))
            self.lr.setValue(d["lr"])
            before.update(optimizer=d["optimizer"], lr=self.lr.value())
        if now["freeze"] == before["freeze"]:
            self.freeze.setValue(d["freeze_backbone_epochs"])
            before.update(freeze=d["freeze_backbone_epochs"])
        if now["backbone_lr"] == before["backbone_lr"]:
            self.backbone_lr.setValue(d["backbone_lr_scale"])
            before.update(backbone_lr=self.backbone_lr.value())
        self._defaults = before

    def _on_size(self, text: str) -> None:
        if text.isdigit():
            self.picker.set_context(image_size=int(text))
            self.run_preflight()

    def _browse_init(self) -> None:
        here = start_dir(self.init_path.text(), self.start_dir)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Checkpoint"), here, tr("Checkpoints") + " (*.pt *.pth)"
        )
        if path:
            self.init_path.setText(path)
            self.init.setCurrentIndex(2)
