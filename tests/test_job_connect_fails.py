"""A job whose connection cannot be opened (database locked past the timeout, a disk I/O error)
ends with the Chinese explanation and closes its progress box (review: ``connect()`` ran outside
the ``try`` of ``JobThread.run``, so nothing was ever emitted and the window-modal box stayed)."""

from __future__ import annotations

import sqlite3

from shiboken6 import isValid

from ui.common.workers import run_job
from ykt_desktop.db_errors import explain
from ykt_desktop.progress import Progress
from ykt_desktop.storage import DbHandle


class _LockedHandle(DbHandle):
    def connect(self):
        raise sqlite3.OperationalError("database is locked")


def _job(db):
    yield Progress(0, 1, "开始")
    return "完成"


def test_connect_failure_reaches_failed_and_closes_the_box(qtbot, tmp_path):
    seen: list[str] = []
    runner = run_job(None, "打不开数据库的工作", _LockedHandle(tmp_path / "x.db"), _job,
                     None, seen.append)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    expected = explain(sqlite3.OperationalError("database is locked"))
    assert expected and "占用" in expected
    assert runner.error == expected and seen == [expected]
    assert not runner.thread.isRunning()
    assert not isValid(runner.dialog) or not runner.dialog.isVisible()
