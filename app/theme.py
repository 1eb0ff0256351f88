"""Themes: the platform's look ("system"), or Fusion with a light or a dark palette.

Custom-painted widgets read ``widget.palette()`` when they paint (and restyle on
``QEvent.PaletteChange``), so switching the theme repaints them; ``is_dark`` and ``mix`` help
them pick colours that read on either.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleFactory, QToolTip

THEMES = ("system", "light", "dark")
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)

R, G, A = QPalette.ColorRole, QPalette.ColorGroup, QPalette.ColorGroup.All
# role -> colour of the dark palette (active and inactive; disabled ones follow)
DARK = {
    R.Window: "#2d2d30",
    R.WindowText: "#e6e6e6",
    R.Base: "#1e1e1e",
    R.AlternateBase: "#2a2a2d",
    R.ToolTipBase: "#3c3c40",
    R.ToolTipText: "#f0f0f0",
    R.PlaceholderText: "#8c8c8c",
    R.Text: "#e6e6e6",
    R.Button: "#3a3a3d",
    R.ButtonText: "#e6e6e6",
    R.BrightText: "#ff6b6b",
    R.Light: "#505055",
    R.Midlight: "#444448",
    R.Mid: "#2f2f32",
    R.Dark: "#1a1a1c",
    R.Shadow: "#0a0a0a",
    R.Highlight: "#3d7bd9",
    R.HighlightedText: "#ffffff",
    R.Link: "#6cb4ff",
    R.LinkVisited: "#c49bff",
}
DARK_DISABLED = {  # greyed, yet readable on the dark window
    R.WindowText: "#7f7f7f",
    R.Text: "#7f7f7f",
    R.ButtonText: "#7f7f7f",
    R.Highlight: "#4a4a4e",
    R.HighlightedText: "#a0a0a0",
    R.Base: "#262628",
    R.Button: "#333336",
    R.Window: "#2d2d30",
}

_original: tuple[str, QPalette] | None = None  # the platform's style name and palette


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(A, role, QColor(colour))
    for role, colour in DARK_DISABLED.items():
        palette.setColor(G.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


def apply_theme(app: QApplication, name: str) -> None:
    """Switch ``app`` to theme ``name`` ("system", "light" or "dark") at once; "system" puts
    back the platform's style and palette as they were before the first switch."""
    global _original
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}: choose one of {', '.join(THEMES)}")
    if _original is None:
        _original = (app.style().name(), QPalette(app.palette()))
    style, palette = _original
    if name != "system":
        style, palette = "Fusion", dark_palette() if name == "dark" else light_palette()
    if app.style().name().lower() != style.lower():
        app.setStyle(style)  # resets the palette: the wanted one is set after it
    app.setPalette(palette)
    QToolTip.setPalette(palette)


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window is dark (its text is light)."""
    return palette.color(R.Window).lightnessF() < 0.5


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` blended towards ``b`` by ``t`` (0: a, 1: b)."""
    t = min(max(t, 0.0), 1.0)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads on ``background``."""
    luma = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF()
    return QColor("black") if luma > 0.55 else QColor("white")


class ShadeDelegate(QStyledItemDelegate):
    """Paints a cell's background shade over the view's base colour at paint time: the item's
    background (e.g. a pale green for AP) gives the hue and, by its saturation, the strength;
    on a light palette it looks as set, on a dark one it is a deep shade under light text."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if option.backgroundBrush.style() == Qt.BrushStyle.NoBrush:
            return
        shade = option.backgroundBrush.color()
        base = option.palette.color(R.Base)
        hue = max(shade.hsvHueF(), 0.0)
        pure = QColor.fromHsvF(hue, 0.85, 0.75 if is_dark(option.palette) else 0.95)
        colour = mix(base, pure, shade.hsvSaturationF())
        option.backgroundBrush = QBrush(colour)
        option.palette.setColor(R.Text, readable_on(colour))
