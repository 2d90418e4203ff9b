"""取消 while a job's SQL statement runs (issue 15): the statement is interrupted at once, the job
answers 已取消 (not a failure) and its transaction is rolled back."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from ui.common.workers import run_job
from ykt_desktop.progress import Progress
from ykt_desktop.storage import handle_for

ENDLESS = ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
           "SELECT count(*) FROM r")


def _long_statement(db):
    yield Progress(0, 2, "写入")
    with db.atomic():
        db.execute("INSERT INTO settings(key, value) VALUES ('cancel-probe', '1')")
        yield Progress(1, 2, "长查询")
        db.execute(ENDLESS).fetchone()      # never ends by itself: only the interrupt stops it
    return "完成"


def test_cancel_interrupts_the_running_statement_and_rolls_back(qtbot, demo_path):
    import sqlite3

    done: list = []
    runner = run_job(None, "长查询", handle_for(demo_path), _long_statement, done.append)
    qtbot.waitUntil(lambda: runner.dialog.value() >= 1, timeout=10000)
    qtbot.wait(200)                         # the statement is running now
    next(b for b in runner.dialog.findChildren(QPushButton) if b.text().startswith("取消")).click()
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
    assert runner.error == "已取消" and done == []
    other = sqlite3.connect(str(demo_path))
    assert other.execute("SELECT count(*) FROM settings WHERE key = 'cancel-probe'"
                         ).fetchone()[0] == 0
    other.close()


def test_cancel_before_the_statement_starts_still_stops_it(qtbot, demo_path):
    """取消 pressed while the job is between two statements: sqlite3_interrupt() is then a no-op,
    and the next statement (here one that never ends) ran on; it is now stopped when it starts."""
    import threading

    entered, gate = threading.Event(), threading.Event()

    def job(db):
        yield Progress(0, 1, "准备")
        entered.set()
        gate.wait(10)
        db.execute(ENDLESS).fetchone()
        return "完成"

    done: list = []
    runner = run_job(None, "长查询", handle_for(demo_path), job, done.append)
    qtbot.waitUntil(entered.is_set, timeout=10000)       # no statement running now
    next(b for b in runner.dialog.findChildren(QPushButton) if b.text().startswith("取消")).click()
    gate.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
    assert runner.error == "已取消" and done == []
