"""Run a core job (a generator yielding Progress) off the GUI thread, with a bar and 取消.

The job gets its own database connection in the worker thread; cancelling closes the
generator, whose transaction then rolls back.

The thread does not belong to the page that started the job: it is kept in a module registry
until it has finished and is released on the GUI thread. A page (or dialog) closed while its job
still runs only loses the job's answer; it never destroys a running ``QThread`` (which aborts
the process) nor the object the thread reports through. ``wait_all()`` lets every running job
finish; the main window calls it on close and the tests after each test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
import sqlite_utils
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from ui.common.thread_registry import ThreadRegistry
from ykt_desktop.db_errors import explain as explain_db_error
from ykt_desktop.errors import UserError
from ykt_desktop.progress import Job
from ykt_desktop.storage import DbHandle

JobFactory = Callable[[sqlite_utils.Database], Job[Any]]


def _message(exc: Exception) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    return explain_db_error(exc) or f"{type(exc).__name__}: {exc}"


class JobThread(QThread):
    """Runs the job's generator; needs no event loop, so it ends as soon as the job does."""

    progress = Signal(int, int, str)
    finished_with = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, source: DbHandle, factory: JobFactory) -> None:
        super().__init__()              # no parent: kept by the registry, not by a page
        if not isinstance(source, DbHandle):     # a bare path would lose the key and session
            raise TypeError("run_job needs the database handle (ctx.handle), not a path")
        self.source, self.factory, self._stop = source, factory, False
        self._db: sqlite_utils.Database | None = None
        self._db_lock = threading.Lock()

    def stop(self) -> None:
        """Called directly from the GUI thread: sets the flag checked between the job's steps
        and interrupts the SQL statement running now (``sqlite3_interrupt`` is the one call
        meant for another thread), so a long query answers within milliseconds, not at the
        job's next step; the job's transaction then rolls back."""
        self._stop = True
        with self._db_lock:
            if self._db is not None:
                self._db.conn.interrupt()

    def run(self) -> None:  # runs on the worker thread
        db: sqlite_utils.Database | None = None
        try:
            # this thread's own connection (key, session, read-only); opening it may fail too
            # (locked past the timeout, a disk I/O error): answered like a failure of the job
            db = self.source.connect()
            # interrupt() reaches only a statement already running; one that starts after 取消
            # but before the job's next step is stopped by this handler (every 5,000 VM steps)
            db.conn.set_progress_handler(lambda: self._stop, 5000)
            with self._db_lock:
                self._db = db
            self._drive(db)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            if self._stop:          # the statement interrupted by 取消: rolled back, not failed
                self.cancelled.emit()
            else:
                self.failed.emit(_message(exc))
        finally:
            with self._db_lock:
                self._db = None
            if db is not None:
                db.close()

    def _drive(self, db: sqlite_utils.Database) -> None:
        job = self.factory(db)
        while True:
            if self._stop:
                job.close()
                self.cancelled.emit()
                return
            try:
                step = next(job)
            except StopIteration as done:
                self.finished_with.emit(done.value)
                return
            self.progress.emit(step.done, step.total, step.message)


_RUNNING = ThreadRegistry()


def wait_all(msecs: int = 60000) -> None:
    """Let every running job finish, then release the threads."""
    _RUNNING.wait_all(msecs)


def running_count() -> int:
    return _RUNNING.running_count()


class JobRunner(QObject):
    """Lives in the GUI thread: receives the thread's signals (queued) and drives the dialog."""

    def __init__(self, parent: QWidget | None, title: str, source: DbHandle, factory: JobFactory,
                 on_done: Callable[[Any], None] | None,
                 on_failed: Callable[[str], None] | None = None,
                 on_cancelled: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.title, self.on_done, self.parent_widget = title, on_done, parent
        self.on_failed, self.on_cancelled = on_failed, on_cancelled
        self.result: Any = None
        self.error = ""
        self.running = True         # until the job's answer has been handled on the GUI thread
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.bar = QProgressBar()       # set directly: see _progress
        self.dialog.setBar(self.bar)
        self.thread = JobThread(source, factory)
        self.thread.progress.connect(self._progress)
        self.thread.finished_with.connect(self._finished)
        self.thread.failed.connect(self._failed)
        self.thread.cancelled.connect(self._cancelled)
        self.dialog.canceled.connect(self.thread.stop, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        _RUNNING.add(self.thread)
        self.thread.start()
        self.dialog.show()

    def wait(self, msecs: int = 60000) -> bool:
        return self.thread.wait(msecs)

    def _gone(self) -> bool:
        """The page that asked (and with it this runner and its box) was deleted while the job
        ran: its answer has nowhere to go. The job itself ends on its own thread."""
        return not (shiboken6.isValid(self) and shiboken6.isValid(self.dialog))

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, message: str) -> None:
        if self._gone():
            return
        self.dialog.setMaximum(total)
        self.dialog.setLabelText(message)
        # The bar, not the box: a window-modal QProgressDialog.setValue() processes events
        # (meant for jobs on the GUI thread), among them this job's own answer or a closed
        # page, which delete the box while its setValue() still runs (the soak segfaulted
        # there). The job runs on its own thread: the event loop is never starved.
        self.bar.setValue(done)

    @Slot(object)
    def _finished(self, result: object) -> None:
        self.result = result
        self.running = False
        if self._gone():
            return
        self._end()
        if self.on_done:
            self.on_done(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.error = message
        self.running = False
        if self._gone():
            return
        self._end()
        if self.on_failed:      # the caller answers the failure itself (one modal at a time)
            self.on_failed(message)
            return
        QMessageBox.critical(self.parent_widget, self.title, f"操作未完成，数据未改动：\n{message}")

    @Slot()
    def _cancelled(self) -> None:
        self.error = "已取消"
        self.running = False
        if self._gone():
            return
        self._end()
        if self.on_cancelled:   # the caller says what the cancel left and what to do next
            self.on_cancelled()

    def _end(self) -> None:
        self.running = False
        self.thread.wait()          # the signal was its last act: returns at once
        self.dialog.blockSignals(True)
        self.dialog.reset()         # stops its minimum-duration timer, which would show it again
        self.dialog.close()
        self.dialog.deleteLater()   # a child of the page: kept, every job would leave one behind
        # So is the runner, with the job's result (a whole filled return, say) and its thread:
        # the soak's RSS grew by ~0.1 MB a step until runners went too. The caller's Python
        # reference (``page.runner``) still reads result, error and running afterwards.
        self.deleteLater()


def run_job(parent: QWidget | None, title: str, source: DbHandle, factory: JobFactory,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[str], None] | None = None,
            on_cancelled: Callable[[], None] | None = None) -> JobRunner:
    """Start ``factory(db)`` in a thread, on a connection of its own from ``source`` (the page's
    ``ctx.handle``: the same file, key, logged-in user and read-only state); show progress;
    call ``on_done(result)`` on success, ``on_failed(message)`` (instead of the error box)
    on failure and ``on_cancelled()`` after 取消, after the progress box closed."""
    runner = JobRunner(parent, title, source, factory, on_done, on_failed, on_cancelled)
    runner.start()
    return runner
