"""Pick an EfficientDet level (D0-D7x, Lite0-Lite4): resources/levels.json plus cost estimates.

The estimates are deliberately simple (documented in ``estimate_memory_gb`` and
``estimate_epoch_seconds``): they scale the level's GMACs and are meant to separate "fits easily"
from "will not fit", not to predict to the second.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.services.worker_client import Device
from app.start_choice import display
from core.config import level_rank, level_spec
from core.throughput import format_eta as format_seconds

LEVELS_JSON = Path(__file__).resolve().parents[2] / "resources" / "levels.json"
# Effective training throughput (TFLOP/s actually achieved, not the datasheet peak).
EFFECTIVE_TFLOPS = {"cpu": 0.1, "cuda": 12.0}
BIG_LEVEL = 4  # D4 and up want thousands of images
FEW_IMAGES = 1000


def load_levels(path: Path = LEVELS_JSON) -> list[dict]:
    """Rows of resources/levels.json (the output of ``efficientdet info --json``), each with
    ``name`` ("d0"), ``input_size``, ``anchor_scale`` and ``min_level`` added for the estimates."""
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
        out = []
        for row in rows:
            spec = level_spec(row["level"])
            out.append(
                {
                    **row,
                    "name": spec.name,
                    "input_size": int(row["input"]),
                    "anchor_scale": spec.anchor_scale,
                    "min_level": spec.min_level,
                }
            )
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            tr("cannot read the level table {path}: {error}").format(path=path, error=exc)
        ) from None
    return out


def gmacs_at(row: dict, image_size: int | None = None) -> float:
    """Conv multiply-adds (billions) per image at ``image_size``: they scale with pixel count."""
    size = image_size or row["input_size"]
    return row["gmacs"] * (size / row["input_size"]) ** 2


def estimate_memory_gb(row: dict, image_size: int | None = None, batch: int = 1) -> float:
    """Training memory on a GPU with mixed precision, in GB.

    Activations per image ~ 0.45 * GMACs**0.6 GB (fitted by eye to what people report: D0 at
    512 px ~0.8 GB/image, D4 at 1024 px ~5 GB/image), plus weights, gradients, optimizer state and
    EMA (16 bytes per parameter) and ~0.6 GB of CUDA context.
    """
    per_image = 0.45 * gmacs_at(row, image_size) ** 0.6
    return per_image * batch + 16 * row["params"] / 1e9 + 0.6


def estimate_epoch_seconds(
    row: dict, n_images: int, device: Device, image_size: int | None = None
) -> float:
    """One epoch: forward + backward ~ 3x the forward's 2 * MACs FLOPs, at EFFECTIVE_TFLOPS."""
    flops = 3 * 2 * gmacs_at(row, image_size) * 1e9 * n_images
    tflops = EFFECTIVE_TFLOPS.get(device.name, 0.1) * max(device.count, 1)
    return flops / (tflops * 1e12)


def level_warnings(
    row: dict,
    device: Device,
    n_images: int,
    batch: int = 1,
    image_size: int | None = None,
) -> list[str]:
    """Plain-language warnings for training ``row`` here (objects too small for the input
    size are the pre-flight's finding, app.preflight, said there only)."""
    out = []
    size = image_size or row["input_size"]
    name = display(row["name"])
    mem = estimate_memory_gb(row, size, batch)
    if device.name == "cuda" and mem > 0.9 * device.memory_gb:
        out.append(
            tr(
                "{name} at {size} px with batch {batch} needs about {mem} GB; "
                "the GPU has {gpu} GB. Lower the batch size or pick a smaller level."
            ).format(
                name=name, size=size, batch=batch, mem=f"{mem:.0f}", gpu=f"{device.memory_gb:.0f}"
            )
        )
    secs = estimate_epoch_seconds(row, n_images, device, size)
    if device.name == "cpu" and secs > 3600:
        out.append(
            tr(
                "{name} on the CPU takes about {time} per epoch. Use a GPU or a smaller level."
            ).format(name=name, time=format_seconds(secs))
        )
    if level_rank(row["name"]) >= BIG_LEVEL and n_images < FEW_IMAGES:
        out.append(
            tr(
                "Only {n} labelled images: {name} is likely to over-fit; "
                "D0-D2 or Lite0-Lite2 usually do better on small datasets."
            ).format(n=n_images, name=name)
        )
    return out


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = (  # translated where shown
    QT_TRANSLATE_NOOP("", "Level"),
    QT_TRANSLATE_NOOP("", "Backbone"),
    QT_TRANSLATE_NOOP("", "Input"),
    QT_TRANSLATE_NOOP("", "BiFPN"),
    QT_TRANSLATE_NOOP("", "Head"),
    QT_TRANSLATE_NOOP("", "Params"),
    QT_TRANSLATE_NOOP("", "GMACs"),
    QT_TRANSLATE_NOOP("", "GPU mem/img"),
    QT_TRANSLATE_NOOP("", "Epoch time"),
)


MEMORY_COLUMN = COLUMNS.index("GPU mem/img")


def estimates_tooltip(gpu: bool) -> str:
    """How the table's estimates are made, in the user's words (GPU memory only with a GPU)."""
    lines = [
        tr(
            "Epoch time: a rough guess from the level's amount of computation at the chosen "
            "input size and a typical training speed of this kind of device. Real runs can be "
            "a few times faster or slower."
        )
    ]
    if gpu:
        lines.append(
            tr(
                "GPU mem/img: about how much GPU memory each image of a batch needs while "
                "training at the chosen input size. The model itself and about 0.6 GB for the "
                "GPU driver come on top."
            )
        )
    return "\n\n".join(lines)


class LevelPicker(QWidget):
    """Table of the levels with estimates for this device and dataset; emits ``level_changed``."""

    level_changed = Signal(str)

    def __init__(self, levels: list[dict] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.levels = levels if levels is not None else load_levels()
        self.device = Device("cpu", "CPU", 0.0)
        self.n_images, self.batch = 0, 8
        self.image_size: int | None = None  # None: each level's native size
        self.table = QTableWidget(len(self.levels), len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.device_label = QLabel()
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b35900")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.device_label)
        lay.addWidget(self.table)
        lay.addWidget(self.warning_label)
        self.table.itemSelectionChanged.connect(self._on_select)
        self._fill()
        self.table.selectRow(0)

    def set_context(
        self,
        device: Device | None = None,
        n_images: int | None = None,
        batch: int | None = None,
        image_size: int | None = None,
    ) -> None:
        """Update what the estimates and warnings are computed for."""
        if image_size is not None:
            self.image_size = image_size
        if device is not None:
            self.device = device
        if n_images is not None:
            self.n_images = n_images
        if batch is not None:
            self.batch = batch
        self._fill()
        self._update_warnings()

    def level(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return self.levels[rows[0].row() if rows else 0]["name"]

    def row(self, level: str | None = None) -> dict:
        name = (level or self.level()).lower()
        return next(r for r in self.levels if r["name"] == name)

    def set_level(self, level: str) -> None:
        names = [r["name"] for r in self.levels]
        self.table.selectRow(names.index(level.lower()))
        self._show_current()

    def _show_current(self) -> None:
        """Scroll the chosen level's row into the middle of the table."""
        index = self.table.model().index(self.table.currentRow(), 0)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name); rows scroll only once laid out
        super().showEvent(event)
        self._show_current()

    def warnings(self) -> list[str]:
        return level_warnings(self.row(), self.device, self.n_images, self.batch, self.image_size)

    def _fill(self) -> None:
        self.device_label.setText(
            tr("Estimates for {device}, {n} images (rough, see tooltip)").format(
                device=self.device.label, n=self.n_images
            )
        )
        gpu = self.device.name == "cuda"
        self.device_label.setToolTip(estimates_tooltip(gpu))
        self.table.setColumnHidden(MEMORY_COLUMN, not gpu)  # no GPU: nothing to say of its memory
        chosen = self.level()
        for i, r in enumerate(self.levels):
            # the chosen level at the form's input size; the others at their own (picking one
            # resets the input size to it)
            size = (self.image_size if r["name"] == chosen else None) or r["input_size"]
            mem = estimate_memory_gb(r, size) - estimate_memory_gb(r, size, batch=0)
            secs = estimate_epoch_seconds(r, max(self.n_images, 1), self.device, size)
            cells = (
                display(r["name"]),
                r["backbone"].replace("tf_efficientnet_", "EffNet-"),
                str(size),
                f"{r['fpn_channels']} x {r['fpn_cells']}",
                str(r["head_convs"]),
                tr("{n} M").format(n=f"{r['params'] / 1e6:.1f}"),
                f"{gmacs_at(r, size):.1f}",
                tr("{n} GB").format(n=f"{mem:.1f}"),
                format_seconds(secs) if self.n_images else "-",
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j >= 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def _update_warnings(self) -> None:
        w = self.warnings()
        self.warning_label.setText("\n".join(f"⚠ {t}" for t in w))
        self.warning_label.setVisible(bool(w))

    def _on_select(self) -> None:
        self._fill()
        self._update_warnings()
        self.level_changed.emit(self.level())
