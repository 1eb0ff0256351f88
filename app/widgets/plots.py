"""Live training plots (pyqtgraph): losses, learning rate, validation AP/AP50.

Drawing is throttled: ``update_state`` only marks the plots dirty and a timer redraws at most
every ``interval_ms``, so a worker streaming hundreds of events per second never stalls the GUI.
Other runs can be overlaid (dashed) to compare, e.g. fast vs softmax fusion.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.runs import RunState

# plot title -> (series keys, y label)
PANELS = {
    "loss": (("loss", "class_loss", "box_loss"), "loss"),
    "lr": (("lr",), "learning rate"),
    "ap": (("AP", "AP50"), "val AP"),
}
COLOURS = {"loss": "#1f77b4", "class_loss": "#ff7f0e", "box_loss": "#2ca02c", "lr": "#9467bd",
           "AP": "#d62728", "AP50": "#8c564b"}
OVERLAY_DASH = Qt.PenStyle.DashLine


class TrainingPlots(QWidget):
    def __init__(self, parent: QWidget | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.layout_widget = pg.GraphicsLayoutWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.layout_widget)
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.overlay_curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        for row, (panel, (keys, ylabel)) in enumerate(PANELS.items()):
            plot = self.layout_widget.addPlot(row=row, col=0)
            plot.setLabel("left", ylabel)
            plot.getAxis("left").enableAutoSIPrefix(False)  # AP 0.3, not "300 (x0.001)"
            plot.setLabel("bottom", "epoch")
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.addLegend(offset=(-10, 10))
            self.plots[panel] = plot
            for key in keys:
                self.curves[key] = plot.plot([], [], name=key, pen=pg.mkPen(COLOURS[key], width=2))
        self.plots["lr"].setXLink(self.plots["loss"])
        self._state: RunState | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()

    def update_state(self, state: RunState) -> None:
        """Show ``state`` (the live or chosen run); redrawn on the next timer tick."""
        self._state = state
        self._dirty = True

    def redraw(self) -> None:
        if not self._dirty or self._state is None:
            return
        self._dirty = False
        for key, curve in self.curves.items():
            xs, ys = self._state.series.get(key, ([], []))
            curve.setData(xs, ys, symbol="o" if key in ("AP", "AP50") else None, symbolSize=5)

    def set_overlays(self, runs: dict[str, RunState]) -> None:
        """Draw other runs dashed on top of the current one (name -> replayed state)."""
        for (name, key), curve in list(self.overlay_curves.items()):
            if name not in runs:
                self.plots[self._panel_of(key)].removeItem(curve)
                del self.overlay_curves[(name, key)]
        for name, state in runs.items():
            for key in self.curves:
                xs, ys = state.series.get(key, ([], []))
                curve = self.overlay_curves.get((name, key))
                if curve is None:
                    pen = pg.mkPen(COLOURS[key], width=1.5, style=OVERLAY_DASH)
                    curve = self.plots[self._panel_of(key)].plot([], [], pen=pen,
                                                                 name=f"{key} ({name})")
                    self.overlay_curves[(name, key)] = curve
                curve.setData(xs, ys)

    def clear(self) -> None:
        self._state = None
        for curve in self.curves.values():
            curve.setData([], [])
        self.set_overlays({})

    def curve_data(self, key: str) -> tuple[list[float], list[float]]:
        """What is drawn now for ``key`` (for tests and exports)."""
        xs, ys = self.curves[key].getData()
        return ([] if xs is None else list(xs)), ([] if ys is None else list(ys))

    @staticmethod
    def _panel_of(key: str) -> str:
        return next(p for p, (keys, _) in PANELS.items() if key in keys)
