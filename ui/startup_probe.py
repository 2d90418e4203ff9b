"""Start-up timing for ``bench/bench_cold_start.py``; does nothing unless the environment
variable ``YKT_STARTUP_PROBE`` names a file.

Then, at the first moment the event loop is idle after the main window was shown, the wall
clock time is noted; for ``YKT_STARTUP_WATCH`` seconds after (default 3) a 10 ms timer measures
the longest the GUI thread did not answer (what a click would have waited); then the second
navigation entry is chosen as a click would and timed until its page is built. The figures go
to the file as JSON and the process ends.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def install(window: QMainWindow) -> None:
    target = os.environ.get("YKT_STARTUP_PROBE")
    if target:
        QTimer.singleShot(0, lambda: _Probe(window, Path(target)))


class _Probe:
    def __init__(self, window: QMainWindow, target: Path) -> None:
        self.window, self.target = window, target
        self.shown = time.time()
        self.watch = float(os.environ.get("YKT_STARTUP_WATCH", "3"))
        self.last = time.perf_counter()
        self.longest = 0.0
        self.click: float | None = None
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        window._startup_probe = self        # kept alive with the window
        QTimer.singleShot(int(self.watch * 1000), self._finish)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def _click(self) -> None:
        """Choose the second page as a click on the navigation list would."""
        nav = getattr(self.window, "nav", None)
        if nav is None or nav.count() < 2:
            return
        started = time.perf_counter()
        nav.setCurrentRow(1)
        QApplication.processEvents()
        self.click = time.perf_counter() - started

    def _finish(self) -> None:
        self.timer.stop()
        self._click()
        self.target.write_text(json.dumps({
            "shown_at": self.shown, "longest_gap_s": self.longest,
            "second_page_s": self.click, "watch_s": self.watch}), encoding="utf-8")
        os._exit(0)     # the bench measured what it came for; background jobs are not awaited
