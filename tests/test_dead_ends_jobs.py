"""A job's progress box (issue 18): 取消 cancels, and a failure answered by the caller comes
after the box has closed (the question is never under it)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QPushButton
from shiboken6 import isValid

from ui.workers import run_job
from ykt_desktop.progress import Progress


def _slow(db):
    for i in range(200):
        time.sleep(0.02)
        yield Progress(i, 200, "慢慢做")
    return "完成"


def _failing(db):
    yield Progress(0, 1, "开始")
    raise ValueError("坏了")


def test_cancel_button_cancels(qtbot, demo_path):
    done: list = []
    runner = run_job(None, "慢工作", demo_path, _slow, done.append)
    qtbot.waitUntil(lambda: runner.dialog.isVisible() and runner.dialog.value() > 0)
    cancel = next(b for b in runner.dialog.findChildren(QPushButton)
                  if b.text().startswith("取消"))
    cancel.click()
    qtbot.waitUntil(lambda: not runner.thread.isRunning(), timeout=10000)
    assert runner.error == "已取消" and done == []
    dialog = runner.dialog                 # closed (and possibly deleted already)
    assert not isValid(dialog) or not dialog.isVisible()


def test_failure_is_answered_after_the_box_closed(qtbot, demo_path):
    seen: list = []
    runner = run_job(None, "会失败的工作", demo_path, _failing, None,
                     lambda message: seen.append((message, runner.dialog.isVisible())))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == [("ValueError: 坏了", False)]
