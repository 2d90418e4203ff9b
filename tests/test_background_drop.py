"""A newer background load stops the older query's statement (issue 15: a search per
keystroke must not leave earlier counts running on a 2-core PC) and drops its answer."""

from __future__ import annotations

import threading
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
    qtbot.waitUntil(lambda: running_count() == 0)       # released on the GUI thread, queued
    assert answers == [7]
    db.close()


def test_a_drop_before_the_statement_starts_still_stops_it(qtbot, demo_path):
    """sqlite3_interrupt() does nothing when no statement runs yet: a newer load that came
    between the older one's connect and its first step left the slow count running (a tally
    run failed on it under load). The drop now reaches the statement when it starts."""
    db = open_db(demo_path)
    owner = QObject()
    answers: list = []
    entered, gate = threading.Event(), threading.Event()

    def slow_after_gate(conn):
        entered.set()
        gate.wait(10)
        return conn.execute(SLOW).fetchone()[0]

    loader = BackgroundLoader(owner, answers.append)
    loader.load(db, demo_path, slow_after_gate)
    first = loader.running
    qtbot.waitUntil(entered.is_set)                     # connected, no statement running
    loader.load(db, demo_path, lambda conn: conn.execute("SELECT 7").fetchone()[0])
    started = time.perf_counter()
    gate.set()
    qtbot.waitUntil(lambda: answers == [7], timeout=10000)
    qtbot.waitUntil(first.isFinished, timeout=20000)
    assert time.perf_counter() - started < 20           # the slow count would take minutes
    qtbot.waitUntil(lambda: running_count() == 0)       # released on the GUI thread, queued
    assert answers == [7]
    db.close()
