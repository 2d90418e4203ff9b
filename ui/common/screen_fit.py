"""Windows and dialogs that fit the screen of an office PC (often 1366x768 with a task bar)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The largest outer size that fits 1366x768 less a task bar of 40 pixels.
SCREEN_W, SCREEN_H = 1366, 728
TITLE_BAR = 32    # the window frame's title bar, not part of the widget's own size
FRAME = 8         # the frame's left and right borders
# The largest size a window or dialog asks for: with its title bar it fits 1366x768.
MAX_W, MAX_H = SCREEN_W, SCREEN_H - TITLE_BAR


def fit_on_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width x height, smaller where the screen's free area (less the
    task bar and the title bar) is smaller. Offscreen (tests, screenshots) there is no real
    screen: the size is the one asked for.

    The screen is asked of the application, never of the widget: PySide makes the QScreen
    returned by ``widget.screen()`` a child of the widget (its return-value heuristic), and when
    the collector later freed that widget, it deleted the application's QScreen with it; every
    window or field built after that crashed (QMainWindow.__init__, a form's member tab)."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None and QGuiApplication.platformName() != "offscreen":
        free = screen.availableGeometry()
        width = min(width, free.width() - FRAME)
        height = min(height, free.height() - TITLE_BAR)
    widget.resize(width, height)
