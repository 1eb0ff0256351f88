"""Live training plots (pyqtgraph): losses, learning rate, validation AP/AP50.

Drawing is throttled: ``update_state`` only marks the plots dirty and a timer redraws at most
every ``interval_ms`` (10 times a second by default), so a worker streaming hundreds of events
per second never stalls the GUI. Each curve keeps its points in a growing numpy buffer that only
takes the new points at a redraw; long runs are clipped to the view and downsampled (peaks kept).
Other runs can be overlaid (dashed) to compare, e.g. fast vs softmax fusion.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QGridLayout, QWidget

from app.i18n import tr
from app.runs import RunState
from app.theme import PALETTE_EVENTS, is_dark

# plot title -> (series keys, y label); the box loss (about 0.01) gets its own axis: beside the
# total (about 1) it would look flat. Labels are translated where shown.
PANELS = {
    "loss": (("loss", "class_loss"), QT_TRANSLATE_NOOP("", "loss")),
    "box": (("box_loss",), QT_TRANSLATE_NOOP("", "box loss")),
    "lr": (("lr",), QT_TRANSLATE_NOOP("", "learning rate")),
    "ap": (("AP", "AP50"), QT_TRANSLATE_NOOP("", "val AP")),
}
# series key -> legend text (translated where shown); keys not here show as they are
LEGEND = {
    "loss": QT_TRANSLATE_NOOP("", "loss"),
    "class_loss": QT_TRANSLATE_NOOP("", "class loss"),
    "box_loss": QT_TRANSLATE_NOOP("", "box loss"),
    "lr": QT_TRANSLATE_NOOP("", "learning rate"),
}


def legend_name(key: str) -> str:
    """The legend text of series ``key`` in the interface language."""
    return tr(LEGEND[key]) if key in LEGEND else key


COLOURS = {
    "loss": "#1f77b4",
    "class_loss": "#ff7f0e",
    "box_loss": "#2ca02c",
    "lr": "#9467bd",
    "AP": "#d62728",
    "AP50": "#8c564b",
}
COLOURS_DARK = {  # the same hues, lighter: readable on a dark background
    "loss": "#5fa8ff",
    "class_loss": "#ffa54f",
    "box_loss": "#5fd35f",
    "lr": "#c39bff",
    "AP": "#ff6b6b",
    "AP50": "#d9a37f",
}
OVERLAY_DASH = Qt.PenStyle.DashLine
AXIS_WIDTH = 66  # px: the rotated axis label, 6 characters of tick text and their gaps
AP_FLOOR = 0.05  # the AP axis shows at least 0..0.05: AP 0.0004 must not look like a trend
TICK_GAP_LINES = 1.5  # y tick labels at least this many text lines apart
PLOT_MIN_LINES = 8  # a plot is at least this many text lines tall (ticks, bottom axis, legend)
WIDE_MIN = 480  # px: from this width on the four plots sit 2 x 2, else one above the other


def curve_colour(key: str, palette: QPalette) -> str:
    """The colour of series ``key`` on a background of ``palette``."""
    return (COLOURS_DARK if is_dark(palette) else COLOURS)[key]


def follow_palette(widget: pg.PlotWidget, palette: QPalette) -> None:
    """Background, axes, their text and the legend of ``widget`` in ``palette``'s colours (the
    owner's: a child's palette may not have changed yet when its parent hears of a switch)."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    widget.setBackground(base)
    plot = widget.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    if plot.legend is not None:
        plot.legend.setLabelTextColor(text)
        for _sample, label in plot.legend.items:  # legend labels keep the colour they had
            label.setText(label.text, color=text)


def short_number(v: float) -> str:
    """A tick value in at most about 5 characters: 0.005 -> "5e-3", 0.0125 -> "1.25e-2"."""
    if v == 0:
        return "0"
    mantissa, exponent = f"{v:.2e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def nice_step(at_least: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``at_least`` (> 0)."""
    unit = 10.0 ** math.floor(math.log10(at_least))
    return next(k * unit for k in (1, 2, 5, 10) if k * unit >= at_least * (1 - 1e-9))


def plot_min_height(ylabel: str, line: int) -> int:
    """Px a plot needs: its rotated y title (``ylabel``, as shown), the bottom axis and a few
    ticks, for text ``line`` px tall."""
    title = QFontMetrics(QFont()).horizontalAdvance(ylabel)
    return max(PLOT_MIN_LINES * line, title + 4 * line)


class SparseAxis(pg.AxisItem):
    """An axis whose labelled ticks are never closer than ``TICK_GAP_LINES`` text lines: a short
    plot gets fewer ticks instead of labels drawn over each other."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph's name
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        if not levels or span == 0 or size <= 0 or self.orientation not in ("left", "right"):
            return levels
        gap = TICK_GAP_LINES * QFontMetrics(QFont()).lineSpacing() * span / size
        spacing, offset = levels[0]
        if spacing < gap:
            spacing, offset = nice_step(gap), 0
        return [(spacing, offset)] + [lv for lv in levels[1:] if lv[0] >= gap]


class CompactAxis(SparseAxis):
    """An axis whose tick labels are ``short_number``s (narrow enough for a 60 px axis)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [short_number(v * scale) for v in values]


class SeriesBuffer:
    """The points of one curve, (x, y) float64, grown by doubling; ``sync`` copies only the
    points a list-backed series gained since the last call."""

    def __init__(self, capacity: int = 256) -> None:
        self.data = np.empty((2, capacity))
        self.n = 0

    def sync(self, xs: list[float], ys: list[float]) -> bool:
        """Take the new points of ``xs``/``ys``; True when anything changed."""
        m = min(len(xs), len(ys))
        shrunk = m < self.n
        if shrunk:  # another, shorter series: start over
            self.n = 0
        if m == self.n:
            return shrunk
        if m > self.data.shape[1]:
            grown = np.empty((2, max(m, 2 * self.data.shape[1])))
            grown[:, : self.n] = self.data[:, : self.n]
            self.data = grown
        self.data[0, self.n : m] = xs[self.n : m]
        self.data[1, self.n : m] = ys[self.n : m]
        self.n = m
        return True

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.data[0, : self.n], self.data[1, : self.n]


class TrainingPlots(QWidget):
    """Four plots, each its own view: a timer tick repaints at most one of them (the next
    one with new points, in turn), so one tick never pays for painting them all. They sit
    2 x 2 from ``WIDE_MIN`` px wide, else one above the other; each keeps a minimum height
    (a short dock scrolls instead of squashing them)."""

    def __init__(self, parent: QWidget | None = None, interval_ms: int = 100) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)  # colours: follow_palette, the theme's
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(0)
        self.columns = 0  # 1 or 2, set by _arrange
        line = self.fontMetrics().lineSpacing()
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.overlay_curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.widgets: list[pg.PlotWidget] = []
        for panel, (keys, ylabel) in PANELS.items():
            # learning rates (0.0125, 0.00375) get short ticks: long ones ran into the label
            axes = {"left": (CompactAxis if panel == "lr" else SparseAxis)("left")}
            widget = pg.PlotWidget(axisItems=axes)
            widget.setMinimumHeight(plot_min_height(tr(ylabel), line))
            self.widgets.append(widget)
            plot = widget.getPlotItem()
            plot.setLabel("left", tr(ylabel))
            plot.getAxis("left").enableAutoSIPrefix(False)  # AP 0.3, not "300 (x0.001)"
            plot.getAxis("left").setWidth(AXIS_WIDTH)  # the plots' y axes line up
            # no grid: repainting its lines made each refresh cost 2-4 times as much
            plot.setLabel("bottom", tr("epoch"))
            plot.addLegend(offset=(-10, 10))
            self.plots[panel] = plot
            if panel == "ap":
                plot.setYRange(0, AP_FLOOR, padding=0)
                plot.setLimits(yMin=0, yMax=1)
            for key in keys:
                symbol = "o" if key in ("AP", "AP50") else None
                curve = plot.plot(
                    [],
                    [],
                    name=legend_name(key),
                    pen=pg.mkPen(curve_colour(key, self.palette()), width=2),
                    symbol=symbol,
                    symbolSize=5,
                )
                curve.setClipToView(True)  # long runs: draw what is visible, at screen density
                curve.setDownsampling(auto=True, method="peak")
                self.curves[key] = curve
        self._arrange(1)
        self._follow_palette()
        self._state: RunState | None = None
        self._rewinds = 0  # the shown state's ``rewinds`` when its points were last taken
        self._buffers = {key: SeriesBuffer() for key in self.curves}
        self._dirty: set[str] = set()  # panels with points not handed to their curves yet
        self._replaced: set[str] = set()  # panels whose curves must be redrawn from scratch
        self._overlays: dict[str, RunState] = {}
        self._epochs = 0  # the x range shown: the whole planned run, 0 = automatic
        self._turn = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _arrange(self, columns: int) -> None:
        """Lay the plots out in ``columns`` columns (1 or 2)."""
        if columns == self.columns:
            return
        self.columns = columns
        for w in self.widgets:
            self._grid.removeWidget(w)
        for i, w in enumerate(self.widgets):
            self._grid.addWidget(w, i // columns, i % columns)
        for r in range(len(self.widgets)):
            self._grid.setRowStretch(r, 1 if r < -(-len(self.widgets) // columns) else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange(2 if event.size().width() >= WIDE_MIN else 1)

    def update_state(self, state: RunState) -> None:
        """Show ``state`` (the live or chosen run); redrawn on the next timer ticks."""
        if state is not self._state or state.rewinds != self._rewinds:
            for buf in self._buffers.values():
                buf.n = 0  # another run, or points replaced after a resume: draw them anew
            self._replaced = set(PANELS)
        self._state = state
        self._rewinds = state.rewinds
        self._dirty = set(PANELS)

    def redraw(self) -> None:
        """Hand every curve the points it gained since the last redraw (no-op when clean)."""
        for panel in PANELS:
            self._redraw_panel(panel)

    def _tick(self) -> None:
        names = list(PANELS)
        for k in range(len(names)):
            panel = names[(self._turn + k) % len(names)]
            if panel in self._dirty:
                self._turn = (self._turn + k + 1) % len(names)
                self._redraw_panel(panel)
                return

    def _redraw_panel(self, panel: str) -> None:
        if panel not in self._dirty or self._state is None:
            return
        self._dirty.discard(panel)
        replaced = panel in self._replaced
        self._replaced.discard(panel)
        runs = [self._state, *self._overlays.values()]
        epochs = max((r.last_progress.epochs for r in runs if r.last_progress), default=0)
        if epochs != self._epochs or replaced:
            self._set_x_range(epochs)
        for key in PANELS[panel][0]:
            buf = self._buffers[key]
            xs, ys = self._state.series.get(key, ([], []))
            if buf.sync(xs, ys) or replaced:
                self.curves[key].setData(*buf.view())
        if panel == "ap":
            self._fit_ap()

    def _fit_ap(self) -> None:
        """AP is a fraction: the axis runs from 0 to the best AP drawn (at least AP_FLOOR)."""
        top = AP_FLOOR
        for curve in [self.curves["AP"], self.curves["AP50"], *self.overlay_curves.values()]:
            ys = curve.getData()[1]
            if curve.getViewBox() is not self.plots["ap"].getViewBox() or ys is None:
                continue
            ys = np.asarray(ys, dtype=float)
            ys = ys[np.isfinite(ys)]
            if ys.size:
                top = max(top, float(ys.max()))
        self.plots["ap"].setYRange(0, min(top * 1.05, 1.0), padding=0)

    def _set_x_range(self, epochs: int) -> None:
        """A fixed x range (0 to the planned epochs) keeps the axes still while points arrive;
        without progress (no run, or an old one without it) the range follows the data."""
        self._epochs = epochs
        for plot in self.plots.values():
            if epochs > 0:
                plot.setXRange(0, epochs, padding=0.01)
            else:
                plot.enableAutoRange(axis="x")

    def set_overlays(self, runs: dict[str, RunState]) -> None:
        """Draw other runs dashed on top of the current one (name -> replayed state)."""
        self._overlays = dict(runs)
        if self._state is not None:
            self._dirty = set(PANELS)  # the x range may have to take a longer run
        for (name, key), curve in list(self.overlay_curves.items()):
            if name not in runs:
                self.plots[self._panel_of(key)].removeItem(curve)
                del self.overlay_curves[(name, key)]
        for name, state in runs.items():
            for key in self.curves:
                xs, ys = state.series.get(key, ([], []))
                curve = self.overlay_curves.get((name, key))
                if curve is None:
                    colour = curve_colour(key, self.palette())
                    pen = pg.mkPen(colour, width=1.5, style=OVERLAY_DASH)
                    curve = self.plots[self._panel_of(key)].plot(
                        [], [], pen=pen, name=f"{legend_name(key)} ({name})"
                    )
                    self.overlay_curves[(name, key)] = curve
                curve.setData(xs, ys)

    def _follow_palette(self) -> None:
        """Background, axes and curves in the palette's colours (again after a theme switch)."""
        for widget in self.widgets:
            follow_palette(widget, self.palette())
        for key, curve in self.curves.items():
            colour = curve_colour(key, self.palette())
            curve.setPen(pg.mkPen(colour, width=2))
            curve.setSymbolPen(pg.mkPen(colour))
            curve.setSymbolBrush(pg.mkBrush(colour))
        for (_name, key), curve in self.overlay_curves.items():
            colour = curve_colour(key, self.palette())
            curve.setPen(pg.mkPen(colour, width=1.5, style=OVERLAY_DASH))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:
            self._follow_palette()

    def clear(self) -> None:
        self._state = None
        self._dirty.clear()
        for key, curve in self.curves.items():
            self._buffers[key].n = 0
            curve.setData([], [])
        self.set_overlays({})

    def curve_data(self, key: str) -> tuple[list[float], list[float]]:
        """What is drawn now for ``key`` (for tests and exports)."""
        xs, ys = self.curves[key].getData()
        return ([] if xs is None else list(xs)), ([] if ys is None else list(ys))

    @staticmethod
    def _panel_of(key: str) -> str:
        return next(p for p, (keys, _) in PANELS.items() if key in keys)
