"""Run a core job (a generator yielding Progress) off the GUI thread, with a bar and 取消.

The job gets its own database connection in the worker thread; cancelling closes the
generator, whose transaction then rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ykt_desktop.db_errors import explain as explain_db_error
from ykt_desktop.errors import USER_ERRORS
from ykt_desktop.progress import Job
from ykt_desktop.storage import open_db

JobFactory = Callable[[sqlite_utils.Database], Job[Any]]


class JobWorker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db_file: Path, factory: JobFactory) -> None:
        super().__init__()
        self.db_file, self.factory, self._stop = db_file, factory, False

    def stop(self) -> None:
        self._stop = True

    @Slot()
    def run(self) -> None:
        db = open_db(self.db_file, migrate=False)
        job = None
        try:
            job = self.factory(db)
            while True:
                if self._stop:
                    job.close()
                    self.cancelled.emit()
                    return
                try:
                    step = next(job)
                except StopIteration as done:
                    self.finished.emit(done.value)
                    return
                self.progress.emit(step.done, step.total, step.message)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            known = isinstance(exc, tuple(USER_ERRORS))
            explained = None if known else explain_db_error(exc)
            self.failed.emit(str(exc) if known else explained or f"{type(exc).__name__}: {exc}")
        finally:
            db.close()


class JobRunner(QObject):
    """Lives in the GUI thread: receives the worker's signals (queued) and drives the dialog."""

    def __init__(self, parent: QWidget | None, title: str, db_file: Path, factory: JobFactory,
                 on_done: Callable[[Any], None] | None,
                 on_failed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.title, self.on_done, self.parent_widget = title, on_done, parent
        self.on_failed = on_failed
        self.result: Any = None
        self.error = ""
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = JobWorker(db_file, factory)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.dialog.canceled.connect(self.worker.stop, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self.thread.start()
        self.dialog.show()

    def wait(self, msecs: int = 60000) -> bool:
        return self.thread.wait(msecs)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(message)

    @Slot(object)
    def _finished(self, result: object) -> None:
        self.result = result
        self._end()
        if self.on_done:
            self.on_done(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.error = message
        self._end()
        if self.on_failed:      # the caller answers the failure itself (one modal at a time)
            self.on_failed(message)
            return
        QMessageBox.critical(self.parent_widget, self.title, f"操作未完成，数据未改动：\n{message}")

    @Slot()
    def _cancelled(self) -> None:
        self.error = "已取消"
        self._end()

    def _end(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.blockSignals(True)
        self.dialog.reset()         # stops its minimum-duration timer, which would show it again
        self.dialog.close()
        self.dialog.deleteLater()   # a child of the page: kept, every job would leave one behind


def run_job(parent: QWidget | None, title: str, db_file: Path, factory: JobFactory,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[str], None] | None = None) -> JobRunner:
    """Start ``factory(db)`` in a thread; show progress; call ``on_done(result)`` on success and
    ``on_failed(message)`` (instead of the error box) on failure, after the progress box closed."""
    runner = JobRunner(parent, title, db_file, factory, on_done, on_failed)
    runner.start()
    return runner
