"""A newer background load stops the older query's statement (issue 15: a search per
keystroke must not leave earlier counts running on a 2-core PC) and drops its answer."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

from ui.common.background import BackgroundLoader, running_count
from ykt_desktop.storage import open_db

SLOW = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000000) "
        "SELECT count(*) FROM n")


def test_a_newer_load_interrupts_the_older_query(qtbot, demo_path):
    db = open_db(demo_path)
    owner = QObject()
    answers: list = []
    loader = BackgroundLoader(owner, answers.append)
    loader.load(db, demo_path, lambda conn: conn.execute(SLOW).fetchone()[0])
    first = loader.running
    qtbot.waitUntil(lambda: first._db is not None)          # its statement has started
    started = time.perf_counter()
    loader.load(db, demo_path, lambda conn: conn.execute("SELECT 7").fetchone()[0])
    qtbot.waitUntil(lambda: answers == [7], timeout=10000)
    qtbot.waitUntil(first.isFinished, timeout=5000)
    assert time.perf_counter() - started < 5            # the slow count would take minutes
    qtbot.wait(50)
    assert answers == [7] and running_count() == 0
    db.close()
