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
from app.services.worker_client import Device, detect_device
from app.widgets.download_dialog import DownloadDialog
from app.widgets.file_dialogs import start_dir
from app.widgets.level_picker import LevelPicker
from app.widgets.start_fixes import StartFixes
from core.bundled_weights import BUNDLED
from core.options import DEVICES, FUSION_METHODS, OPTIMIZERS, STARTS

SUM_NOTE = (
    'The official D6-D7x configs use plain sums "for training stability"; '
    "weighted fusion is allowed but may train less stably."
)
START_LABELS = {
    "none": "nothing (random)",
    "imagenet": "ImageNet backbone",
    "coco": "COCO checkpoint file",
    "run": "earlier run",
}
INIT_VALUES = STARTS
INIT_CHOICES = tuple(START_LABELS[v] for v in STARTS)


# Measured recipes (docs/benchmarks.md, "Convergence"): SGD suits a pretrained start; from
# random weights AdamW at 3e-3 learns many times faster on a few hundred images.
OPTIMIZER_LABELS = {"sgd": "SGD, momentum 0.9", "adamw": "AdamW"}
WEIGHT_DECAY = {"sgd": 4e-5, "adamw": 0.01}


def default_settings(n_images: int, level: dict, from_scratch: bool = False) -> dict:
    """Defaults scaled to the dataset: small datasets get more epochs and a frozen warm-up;
    a start from random weights gets AdamW."""
    epochs = 100 if n_images < 200 else 60 if n_images < 1000 else 40 if n_images < 5000 else 30
    index = int(next(c for c in level["name"] if c.isdigit()))  # d3 -> 3, lite3x -> 3
    batch = 8 if index <= 2 else 4 if index <= 4 else 2
    optimizer = "adamw" if from_scratch else "sgd"
    lr = 0.003 if from_scratch else round(0.01 * batch / 8, 5)
    return {
        "epochs": epochs,
        "batch_size": batch,
        "lr": lr,
        "optimizer": optimizer,
        "image_size": level["input_size"],
        "fusion": level["fusion"],
        "freeze_backbone_epochs": 2 if n_images < 500 and not from_scratch else 0,
    }


def gpu_count(device: Device) -> int:
    return device.count if device.name == "cuda" else 0


class TrainingForm(StartFixes, QWidget):
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
        self.optimizer = QComboBox()
        for key in OPTIMIZERS:
            self.optimizer.addItem(OPTIMIZER_LABELS[key], key)
        self.optimizer.setToolTip(
            "Weight decay follows: "
            + ", ".join(
                f"{wd:g} for {OPTIMIZER_LABELS[k].split(',')[0]}" for k, wd in WEIGHT_DECAY.items()
            )
        )
        self.size = QComboBox()
        # multiples of 64: every level's own size (Lite0 320, Lite2 448, D0 512 ... D7 1536)
        self.size.addItems([str(s) for s in range(128, 1537, 64)])
        self.fusion = QComboBox()
        self.fusion.addItems(FUSION_METHODS)
        self.fusion_note = QLabel(SUM_NOTE, wordWrap=True)
        self.init = QComboBox()
        for value in STARTS:
            self.init.addItem(START_LABELS[value], value)
        self.init.setCurrentIndex(1)
        self.init.currentIndexChanged.connect(self._on_init)
        self.init.activated.connect(lambda _: setattr(self, "_init_chosen", True))
        self._init_chosen = False  # the user picked a start: defaults no longer change it
        self._avail = start_choice.availability("d0", "")  # the level's weights on this machine
        self.dialog: DownloadDialog | None = None  # the download or import in progress
        self.init_note = QLabel(wordWrap=True)
        self.init_note.hide()
        self.init_path = QLineEdit(placeholderText="checkpoint file or run folder")
        browse = QPushButton("…")
        browse.clicked.connect(self._browse_init)
        init_row = QHBoxLayout()
        init_row.addWidget(self.init)
        init_row.addWidget(self.init_path, 1)
        init_row.addWidget(browse)
        self.freeze = QSpinBox(minimum=0, maximum=100, suffix=" epochs")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.workers = QSpinBox(minimum=0, maximum=32, value=2)
        self.workers.setToolTip(
            "Image loading processes beside the trainer (0: load in the "
            "training process itself; slower, but nothing extra to start)"
        )
        count = gpu_count(device)
        # GPUs to train on: one process per GPU through torchrun when more than one
        self.gpus = QSpinBox(minimum=1, maximum=max(count, 1), value=1)
        self.gpus.setSuffix(f" of {count} ({device.label})")
        if count <= 1:  # nothing to choose: say what there is
            self.gpus.setSpecialValueText(f"1 ({device.label})" if count else "none (CPU)")
        self.gpus.setEnabled(count > 1)
        self.gpus.setToolTip(
            "Several GPUs: one training process per GPU (torchrun); the batch size is per GPU."
            if count > 1
            else "Only one GPU found."
        )
        form = QFormLayout()
        for label, w in (
            ("Epochs", self.epochs),
            ("Batch size", self.batch),
            ("Optimizer", self.optimizer),
            ("Learning rate", self.lr),
            ("Input size", self.size),
            ("Fusion", self.fusion),
            ("", self.fusion_note),
            ("Start from", init_row),
            ("", self.init_note),
            ("Frozen-backbone warm-up", self.freeze),
            ("Device", self.device),
            ("Loading processes", self.workers),
            ("GPUs", self.gpus),
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
        lay.addWidget(self.findings_list)
        lay.addWidget(self.fixes)
        self._on_level(self.picker.level())
        self.init.currentIndexChanged.connect(lambda _: self.run_preflight())
        self.init_path.textChanged.connect(lambda _: self.run_preflight())

    def nproc(self) -> int:
        """Training processes to start: the chosen GPU count (1 without several GPUs)."""
        return self.gpus.value() if self.gpus.isEnabled() else 1

    def set_dataset(self, coco: dict, image_sizes: dict, val_ids: list[int] | None) -> None:
        """Run the pre-flight check and refresh defaults and warnings for this dataset."""
        self._dataset = (coco, image_sizes, val_ids)
        labelled = {a["image_id"] for a in coco.get("annotations", [])}
        self.n_images = len(labelled)
        sizes = {
            im["id"]: (im.get("width") or 1, im.get("height") or 1) for im in coco.get("images", [])
        }
        sides = [
            min(a["bbox"][2:]) / max(sizes.get(a["image_id"], (1, 1)))
            for a in coco.get("annotations", [])
            if len(a.get("bbox", [])) == 4
        ]
        self.picker.set_context(n_images=self.n_images, object_sides=sides)
        if self._defaults is None or self.settings() == self._defaults:
            self._on_level(self.picker.level())  # defaults follow the data until edited
        else:
            self.run_preflight()  # keep what the user chose

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
            )
        self.findings_list.clear()
        for f in self.findings:
            self.findings_list.addItem(str(f))
        self._show_fixes(start)
        if not self.findings:
            self.findings_list.addItem(
                "Pre-flight check: no problems found."
                if self._dataset
                else "Pre-flight check: no dataset yet."
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
            "fusion": self.fusion.currentText(),
            "freeze": self.freeze.value(),
        }

    def config(self, project_dir: str | None) -> dict:
        """The training config as a plain JSON dict with core's TrainConfig field names."""
        kind = INIT_VALUES[self.init.currentIndex()]
        path = self.init_path.text().strip()
        model = {
            "level": self.picker.level(),
            "image_size": int(self.size.currentText()),
            "fusion": self.fusion.currentText(),
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
            "device": self.device.currentText(),
            "workers": self.workers.value(),
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
            else f"The pretrained weights of {name} ({backbone}) are not on this machine: "
            "training starts from random weights. Choose a pretrained start to download or "
            "import them."
        )
        self.init_note.setVisible(
            best == "none" and INIT_VALUES[self.init.currentIndex()] == "none"
        )

    def _on_level(self, level: str) -> None:
        self._default_start(level)
        d = default_settings(self.n_images, self.picker.row(level), self._from_scratch())
        self.epochs.setValue(d["epochs"])
        self.batch.setValue(d["batch_size"])
        self.optimizer.setCurrentIndex(self.optimizer.findData(d["optimizer"]))
        self.lr.setValue(d["lr"])
        self.size.setCurrentText(str(d["image_size"]))
        self.fusion.setCurrentText(d["fusion"])
        self.freeze.setValue(d["freeze_backbone_epochs"])
        self.fusion_note.setVisible(d["fusion"] == "sum")
        self._defaults = self.settings()
        self.run_preflight()

    def _from_scratch(self) -> bool:
        return INIT_VALUES[self.init.currentIndex()] == "none"

    def _on_init(self) -> None:
        """Optimizer, lr and frozen warm-up follow the starting point unless edited."""
        if self._defaults is None:
            return
        d = default_settings(self.n_images, self.picker.row(), self._from_scratch())
        now, before = self.settings(), dict(self._defaults)
        if now["optimizer"] == before["optimizer"] and now["lr"] == before["lr"]:
            self.optimizer.setCurrentIndex(self.optimizer.findData(d["optimizer"]))
            self.lr.setValue(d["lr"])
            before.update(optimizer=d["optimizer"], lr=self.lr.value())
        if now["freeze"] == before["freeze"]:
            self.freeze.setValue(d["freeze_backbone_epochs"])
            before.update(freeze=d["freeze_backbone_epochs"])
        self._defaults = before

    def _on_size(self, text: str) -> None:
        if text.isdigit():
            self.picker.set_context(image_size=int(text))
            self.run_preflight()

    def _browse_init(self) -> None:
        here = start_dir(self.init_path.text(), self.start_dir)
        path, _ = QFileDialog.getOpenFileName(self, "Checkpoint", here, "Checkpoints (*.pt *.pth)")
        if path:
            self.init_path.setText(path)
            self.init.setCurrentIndex(2)
