"""Background counts: results reach the page, and a page dropped mid-count never crashes Qt."""

import gc
import threading

from PySide6.QtWidgets import QWidget

from ui.common import background
from ui.common.background import BackgroundLoader


def test_result_reaches_the_gui_thread(qtbot, demo_db, demo_path):
    got = []
    owner = QWidget()
    qtbot.addWidget(owner)
    loader = BackgroundLoader(owner, got.append)
    loader.load(demo_db, demo_path, lambda db: (threading.current_thread().name,
                                             db.execute("SELECT count(*) FROM households")
                                             .fetchone()[0]))
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    name, households = got[0]
    assert name != threading.main_thread().name
    assert households == 90


def test_newer_load_wins(qtbot, demo_db, demo_path):
    got = []
    owner = QWidget()
    qtbot.addWidget(owner)
    loader = BackgroundLoader(owner, got.append)
    for value in (1, 2, 3):
        loader.load(demo_db, demo_path, lambda db, v=value: v)
    background.wait_all()
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    qtbot.wait(50)
    assert got == [3]


def test_owner_deleted_while_query_runs(qtbot, demo_db, demo_path):
    release = threading.Event()
    got = []
    owner = QWidget()
    loader = BackgroundLoader(owner, got.append)
    loader.load(demo_db, demo_path, lambda db: release.wait(10))
    assert background.running_count() == 1
    owner.deleteLater()
    del owner, loader
    qtbot.wait(20)
    gc.collect()                      # the thread must outlive the widget that asked
    release.set()
    background.wait_all()
    qtbot.wait(20)
    assert background.running_count() == 0
    assert got == []
