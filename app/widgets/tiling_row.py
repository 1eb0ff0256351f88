"""The form's "Large images" row: train on tiles of the full-resolution images (project.json
``tiling``, core.tiling), with the tile size and the overlap of neighbours."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from app.i18n import tr
from core.tiling import TileSpec

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
