"""The two object-lifetime bugs behind the intermittent segmentation faults (issue 12).

1. Python's cyclic collector ran on job and count threads and freed whole windows there
   (ui/gui_gc.py): widgets are now freed on the GUI thread only.
2. ``widget.screen()`` made the application's QScreen a child of the widget (PySide's
   return-value heuristic); the collector freeing that widget deleted the screen, and the next
   window built crashed (ui/common/screen_fit.py).
"""

from __future__ import annotations

import gc
import re
import threading
import weakref
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from ui import gui_gc
from ui.common.screen_fit import fit_on_screen

UI = Path(__file__).resolve().parents[1] / "ui"


def _garbage_window(freed_on: list[str]) -> weakref.ref:
    window = QWidget()
    QLabel("子控件", window)
    window.me = window                    # a reference cycle: only the collector frees it
    return weakref.ref(window, lambda _r: freed_on.append(threading.current_thread().name))


def _allocate_on_a_thread(freed_on: list[str]) -> None:
    def churn() -> None:
        junk = []
        for i in range(300_000):          # many automatic collections' worth of allocations
            junk.append([i])
            if freed_on:
                return
    thread = threading.Thread(target=churn, name="job")
    thread.start()
    thread.join()


def test_a_job_thread_never_frees_a_window(qtbot, gui_thread_gc):
    assert not gc.isenabled()             # the app's state while a window is open
    freed_on: list[str] = []
    ref = _garbage_window(freed_on)
    _allocate_on_a_thread(freed_on)
    assert freed_on == [] and ref() is not None
    gc.collect()
    assert freed_on == [threading.main_thread().name]


def test_the_gui_thread_collects_as_python_would(qtbot, gui_thread_gc):
    runs: list[tuple[str, int]] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append((threading.current_thread().name, info["generation"]))
    gc.callbacks.append(seen)
    try:
        kept = [[i] for i in range(gc.get_threshold()[0] + 1)]    # generation 0 is now due
        assert runs == [] and not gc.isenabled()     # nothing automatic, on any thread

        def still_allocating() -> bool:
            # Objects left by earlier tests, freed while the event loop runs, lower generation
            # 0's count again (deallocations count down): keep allocating, as a program does,
            # so that the count stays past the threshold until the timer's collection.
            kept.append([[i] for i in range(100)])
            return bool(runs)
        qtbot.waitUntil(still_allocating, timeout=60000)    # the timer's collection
    finally:
        gc.callbacks.remove(seen)
    assert runs[0][0] == threading.main_thread().name and kept


def test_collector_installed_once_and_gives_back_what_it_found(qapp, gui_thread_gc):
    assert gui_gc.install(qapp) is gui_thread_gc
    gc.enable()
    inner = gui_gc.GuiThreadCollector(qapp)
    assert not gc.isenabled()
    inner.stop()
    inner.setParent(None)
    assert gc.isenabled()
    gc.disable()                          # as the test's own collector found it


def test_fitting_a_window_leaves_the_screen_to_the_application(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    fit_on_screen(window, 800, 600)
    screen = QGuiApplication.primaryScreen()
    assert window not in gc.get_referrers(screen)


def test_no_widget_asks_for_its_screen():
    """``widget.screen()`` ties the application's QScreen to that widget's lifetime."""
    pattern = re.compile(r"(?<!``)\b(?!QGuiApplication\.|QApplication\.)[A-Za-z_][\w.()]*"
                         r"\.screen\(\)")
    found = [f"{path.relative_to(UI.parent)}:{n}" for path in UI.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []
