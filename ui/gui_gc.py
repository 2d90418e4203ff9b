"""Python's cyclic garbage collector runs only on the GUI thread.

CPython runs an automatic collection in whichever thread happens to allocate when a generation
fills up. A window, dialog or page that is part of a reference cycle (``self.runner`` holding a
job whose lambda holds ``self``, a page and a dialog that refer to each other, ...) is freed by
the collector, and freeing a Python-owned QWidget deletes the C++ widget and all its children
right there. When that thread is a background count (ui/common/background.py) or a job
(ui/common/workers.py), Qt widgets are destroyed off the GUI thread while the GUI thread is using
Qt: a segmentation fault at a random place (seen in ``QMainWindow.__init__`` and while a household
form built its member tab). Whole main windows (211 QObjects) were measured being freed by
collections on job threads.

So while the window runs, automatic collection is off and a timer on the GUI thread collects
instead, each generation when its count passes Python's own threshold. ``stop()`` collects once
more and gives the collector back to Python.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


def collect_due() -> int:
    """Collect the oldest generation whose count passed its threshold (as Python would)."""
    counts, limits = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if limits[generation] and counts[generation] > limits[generation]:
            return gc.collect(generation)
    return 0


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("GuiThreadCollector must be made on the GUI thread")
        super().__init__(parent)
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_due)
        self.timer.start(interval_ms)

    def stop(self) -> None:
        """Collect on this (the GUI) thread, then let Python collect automatically again."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()


def install(app: QObject) -> GuiThreadCollector:
    """Collect only on the GUI thread for as long as ``app`` lives (once per application)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
