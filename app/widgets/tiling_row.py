"""The form's "Large images" row: train on tiles of the full-resolution images (project.json
``tiling``, core.tiling), with the tile size and the overlap of neighbours; and what an epoch
counts, images or tiles, for the form's defaults and estimates."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from app.i18n import tr
from core.tiling import TileSpec, plan_tiles


def training_ids(coco: dict, image_sizes: dict, val_ids: list[int] | None) -> list[int]:
    """Readable labelled images outside the validation split (when no dataset plan is given)."""
    labelled = {a["image_id"] for a in coco.get("annotations", [])}
    unreadable = {i for i, wh in image_sizes.items() if wh is None}
    out = labelled - unreadable - set(val_ids or ())
    return [im["id"] for im in coco.get("images", []) if im["id"] in out]


def tile_samples(coco: dict, image_sizes: dict, train_ids: list[int], spec: TileSpec) -> int:
    """Tiles one epoch of a tiled project trains on (core.tiling.plan_tiles)."""
    keep = set(train_ids)
    boxes: dict[int, list] = {}
    for a in coco.get("annotations", []):
        boxes.setdefault(a["image_id"], []).append(a["bbox"])
    images = []
    for im in coco.get("images", []):
        wh = image_sizes.get(im["id"]) or (im.get("width"), im.get("height"))
        if im["id"] in keep and wh[0] and wh[1]:
            images.append((im["id"], int(wh[0]), int(wh[1]), boxes.get(im["id"], [])))
    return len(plan_tiles(images, spec, seed=0, epoch=0))


TILE_SIZES = (256, 320, 384, 448, 512, 640, 768, 1024, 1280, 1536)  # px of the full image


class TilingRow(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size = QComboBox()
        self.size.addItem(tr("whole images"), 0)
        for s in TILE_SIZES:
            self.size.addItem(tr("tiles of {px} px").format(px=s), s)
        self.size.setToolTip(
            tr(
                "For large images with small objects: train on overlapping tiles of the "
                "full-resolution images, and predict tile by tile (boxes come back in "
                "full-image pixels)."
            )
        )
        self.overlap = QSpinBox(minimum=0, maximum=50, value=20, suffix=" %")
        self.overlap.setToolTip(tr("How much neighbouring tiles share, in % of a tile side."))
        self._overlap_label = QLabel(tr("overlap"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.size, 1)
        row.addWidget(self._overlap_label)
        row.addWidget(self.overlap)
        self.size.currentIndexChanged.connect(self._changed)
        self.overlap.valueChanged.connect(self._changed)
        self._base = TileSpec(512)  # the project's other tiling settings, kept as they are
        self._sync()

    def value(self) -> TileSpec | None:
        size = self.size.currentData()
        overlap = self.overlap.value() / 100
        return dataclasses.replace(self._base, size=int(size), overlap=overlap) if size else None

    def set_value(self, spec: TileSpec | None) -> None:
        """Show ``spec`` (a size not in the list is added), without emitting ``changed``."""
        self.blockSignals(True)
        if spec is None:
            self.size.setCurrentIndex(0)
        else:
            self._base = spec
            if self.size.findData(spec.size) < 0:
                self.size.addItem(tr("tiles of {px} px").format(px=spec.size), spec.size)
            self.size.setCurrentIndex(self.size.findData(spec.size))
            self.overlap.setValue(round(spec.overlap * 100))
        self.blockSignals(False)
        self._sync()

    def _changed(self) -> None:
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        on = bool(self.size.currentData())
        self.overlap.setEnabled(on)
        self._overlap_label.setEnabled(on)
