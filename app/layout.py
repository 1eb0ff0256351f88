"""The window's layout: docks that scroll instead of forcing the window taller than the screen,
the default arrangement, and restoring a saved one that still fits the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabBar, QWidget

from app.services import settings

DEFAULT_SIZE = QSize(1280, 800)
DOCK_MIN = QSize(240, 90)  # a dock's content scrolls below this
DOCK_HINT_HEIGHT = 300  # a newly shown dock asks for no more, leaving room for the canvas
FRAME_GUESS = QSize(2, 32)  # title bar and borders, until the window manager says


class DockScroll(QScrollArea):
    """A dock's content in a scroll area whose minimum is the content's, capped at DOCK_MIN:
    small docks keep their natural size, large ones (forms, plots, panels) scroll."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setObjectName(f"scroll_{content.objectName() or type(content).__name__}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(content)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget().minimumSizeHint()
        return inner.boundedTo(DOCK_MIN).expandedTo(QSize(80, 40))

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.widget().sizeHint()
        hint.setHeight(min(hint.height(), DOCK_HINT_HEIGHT))
        return hint.expandedTo(self.minimumSizeHint())


def available(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (no panels or docks)."""
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def clamp_to_screen(window: QWidget) -> None:
    """Shrink and move the window so that all of it lies on the available screen."""
    area = available(window)
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    if frame == window.geometry():
        extra = FRAME_GUESS  # the window manager has not framed the window yet
    size = window.size().boundedTo(area.size() - extra)
    if size != window.size():
        window.resize(size)
    x = min(max(frame.x(), area.x()), area.right() + 1 - size.width() - extra.width())
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - size.height() - extra.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


def fits(window: QWidget) -> bool:
    size = window.minimumSizeHint().expandedTo(window.minimumSize())
    room = available(window).size()
    return size.width() <= room.width() and size.height() <= room.height()


class Layout(QObject):
    """Remembers the default arrangement of ``window`` (call once every dock exists) and
    restores the saved one, or the default when the saved one cannot fit the screen. The
    window is clamped again once shown, when its frame (title bar, borders) is known."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.layout().activate()
        self.default_state: QByteArray = window.saveState()
        self._clamp_on_show = True
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.window and event.type() == QEvent.Type.Show and self._clamp_on_show:
            self._clamp_on_show = False
            QTimer.singleShot(0, self._clamp_shown)
            QTimer.singleShot(500, self._clamp_shown)  # once the window manager framed it
        return False

    def _clamp_shown(self) -> None:
        if not (self.window.isMaximized() or self.window.isFullScreen()):
            clamp_to_screen(self.window)
        hide_stale_tab_bars(self.window)

    def restore_saved(self) -> bool:
        """Restore the saved geometry and docks; True when the saved dock arrangement was
        kept (False: none saved, or it could not fit and the default one is shown)."""
        s = settings.settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if geometry is None:
            return False
        self.window.restoreGeometry(geometry)
        kept = state is not None and self.window.restoreState(state)
        self.window.layout().activate()
        if not fits(self.window):
            self.window.restoreState(self.default_state)
            kept = False
        clamp_to_screen(self.window)
        return kept

    def reset(self) -> None:
        """The default dock arrangement and size (as on a first start)."""
        w = self.window
        if w.isMaximized() or w.isFullScreen():
            w.showNormal()
        w.restoreState(self.default_state)
        w.layout().activate()
        w.resize(DEFAULT_SIZE)
        clamp_to_screen(w)
        area = available(w)
        frame = w.frameGeometry()
        w.move(area.center() - frame.center() + frame.topLeft())
        clamp_to_screen(w)


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide the dock tab bars Qt left behind; returns how many.

    After restoreState of a tab group with a hidden dock (the Runs dock behind Review
    predictions in Review mode), Qt 6 can leave the group's old tab bar shown over the docks
    below, listing the hidden dock. A tab bar Qt lays out lists visible docks only, so a
    window-level tab bar naming a hidden dock is such a leftover.
    """
    hidden = {d.windowTitle() for d in window.findChildren(QDockWidget) if d.isHidden()}
    stale = 0
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        titles = {bar.tabText(i) for i in range(bar.count())}
        if bar.isVisible() and titles & hidden:
            bar.hide()
            stale += 1
    return stale


def dock_corners(window: QMainWindow) -> None:
    """The right column runs the full height; bottom docks sit under the canvas only."""
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
