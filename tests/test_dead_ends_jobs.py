"""A job's progress box (issue 18): 取消 cancels, and a failure answered by the caller comes
after the box has closed (the question is never under it)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QPushButton
from shiboken6 import isValid

from ui.common.workers import run_job
from ykt_desktop.progress import Progress
from ykt_desktop.storage import handle_for


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
    runner = run_job(None, "慢工作", handle_for(demo_path), _slow, done.append)
    qtbot.waitUntil(lambda: runner.dialog.isVisible() and runner.dialog.value() > 0)
    cancel = next(b for b in runner.dialog.findChildren(QPushButton)
                  if b.text().startswith("取消"))
    cancel.click()
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
    assert runner.error == "已取消" and done == []
    dialog = runner.dialog                 # closed (and possibly deleted already)
    assert not isValid(dialog) or not dialog.isVisible()


def test_failure_is_answered_after_the_box_closed(qtbot, demo_path):
    seen: list = []
    runner = run_job(None, "会失败的工作", handle_for(demo_path), _failing, None,
                     lambda message: seen.append((message, runner.dialog.isVisible())))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == [("ValueError: 坏了", False)]


def test_page_deleted_while_its_job_runs_does_not_abort(qtbot, demo_path):
    """The soak aborted (SIGABRT, 'Signal source has been deleted') when a page was deleted while
    its job still ran: the thread and the object it reported through belonged to the page."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QWidget

    from ui.common import workers

    page = QWidget()
    done: list = []
    runner = run_job(page, "页面关闭时仍在运行", handle_for(demo_path), _slow, done.append)
    thread = runner.thread
    qtbot.waitUntil(lambda: runner.dialog.value() > 2, timeout=10000)
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(page) and thread.isRunning()
    assert workers.running_count() == 1
    workers.wait_all()
    qtbot.wait(20)                              # its answer is dropped, not delivered to a corpse
    assert workers.running_count() == 0 and done == []


def test_dialog_answered_while_its_job_runs(qtbot, demo_path):
    """A dialog deletes itself once answered (AnsweredDialog); a job it started may still be
    running then. The soak found the job's progress arriving at the deleted progress box
    (RuntimeError: Internal C++ object (QProgressDialog) already deleted)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    from ui.common import workers
    from ui.common.answered import AnsweredDialog

    asker = AnsweredDialog()
    done: list = []
    runner = run_job(asker, "对话框关闭时仍在运行", handle_for(demo_path), _slow, done.append)
    QTimer.singleShot(300, asker.reject)
    asker.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(asker) and not isValid(runner)     # the runner went with its dialog
    assert workers.running_count() == 1                   # the job did not
    qtbot.wait(300)                             # progress keeps coming: nowhere to go
    workers.wait_all()
    qtbot.wait(50)
    assert workers.running_count() == 0 and done == []
