"""Read-only queries off the GUI thread, without a progress dialog.

``BackgroundLoader(parent, on_done)``; ``load(db, db_file, query)`` runs ``query(db)`` on its own
connection (from the handle of ``db``: same key, user and read-only state) in a worker thread
and hands the result to ``on_done`` on the GUI thread. A newer ``load()`` makes the result of an
older, still running one be dropped. For a database with no file (in memory) the query runs at
once on the given connection.

The threads do not belong to the loader: they are kept in a module registry until they have
finished and are released on the GUI thread, so a page closed (or garbage collected) while its
count is still running never destroys a running ``QThread`` (which aborts the process). The thread
needs no event loop: it ends as soon as the query returns. ``wait_all()`` lets every running query
finish; the main window calls it on close and the tests after each test.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
import sqlite_utils
from PySide6.QtCore import QObject, QThread, Signal, Slot

from ui.common.thread_registry import ThreadRegistry
from ykt_desktop.storage import DbHandle, handle_of

Query = Callable[[sqlite_utils.Database], Any]


class _QueryThread(QThread):
    done = Signal(int, object)

    def __init__(self, source: DbHandle, query: Query, ticket: int) -> None:
        super().__init__()
        self.source, self.query, self.ticket = source, query, ticket
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.Lock()
        self.dropped = False

    def drop(self) -> None:
        """Its answer is no longer wanted (a newer load): stop the SQL statement running now
        (``sqlite3_interrupt``, the one call meant for another thread)."""
        with self._lock:
            self.dropped = True
            if self._db is not None:
                self._db.conn.interrupt()

    def run(self) -> None:  # runs on the worker thread
        try:
            db = self.source.connect()     # key, logged-in user and read-only state of the page's
            # sqlite3_interrupt() is a no-op when no statement is running yet: a drop between
            # connect and the query's first step was lost (the old query then ran for minutes).
            # The progress handler asks the flag every few thousand steps, race-free.
            db.conn.set_progress_handler(lambda: self.dropped, 5000)
            with self._lock:
                self._db = db
            try:
                if self.dropped:
                    raise sqlite3.OperationalError("interrupted")
                result = self.query(db)
            finally:
                with self._lock:
                    self._db = None
                db.close()
        except Exception:  # noqa: BLE001 - a damaged file: the start-up check tells the user
            if not self.dropped:    # (issue 15: the window shows before the whole-file check)
                logging.getLogger(__name__).exception("后台查询失败：%s", self.source)
            return
        self.done.emit(self.ticket, result)


_RUNNING = ThreadRegistry()
_KEYS = 0                               # one key per load(), across all loaders


def wait_all(msecs: int = 30000) -> None:
    """Let every running background query finish, then release the threads."""
    _RUNNING.wait_all(msecs)


def running_count() -> int:
    return _RUNNING.running_count()


class _Dispatcher(QObject):
    """Receives every finished query on the GUI thread and hands it to its loader only if the
    loader still exists: a page closed (and its C++ object deleted) while its count ran is
    never called back."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, weakref.ref] = {}

    @Slot(int, object)
    def deliver(self, key: int, result: object) -> None:
        ref = self.waiting.pop(key, None)
        loader = ref() if ref is not None else None
        if loader is not None and shiboken6.isValid(loader):
            loader.deliver(key, result)


_DISPATCHER: list[_Dispatcher] = []    # made on the GUI thread at the first load, kept for good


def _dispatcher() -> _Dispatcher:
    if not _DISPATCHER:
        _DISPATCHER.append(_Dispatcher())
    return _DISPATCHER[0]


class BackgroundLoader(QObject):
    def __init__(self, parent: QObject, on_done: Callable[[Any], None]) -> None:
        super().__init__(parent)
        self.on_done = on_done
        self.key = 0
        self.running: _QueryThread | None = None

    def load(self, db: sqlite_utils.Database, db_file: Path | None, query: Query) -> None:
        self.key = 0
        self.drop()
        _RUNNING.release_finished()
        if db_file is None:
            self.on_done(query(db))
            return
        global _KEYS
        _KEYS += 1
        self.key = _KEYS
        dispatcher = _dispatcher()
        dispatcher.waiting[self.key] = weakref.ref(self)
        thread = _QueryThread(handle_of(db), query, self.key)
        thread.done.connect(dispatcher.deliver)  # queued: the dispatcher lives on the GUI thread
        _RUNNING.add(thread)
        self.running = thread
        thread.start()

    def drop(self) -> None:
        """Drop the answer of the query running for this loader and stop its statement."""
        self.key = 0
        if self.running is not None and not self.running.isFinished():
            self.running.drop()
        self.running = None

    def deliver(self, key: int, result: object) -> None:
        if key == self.key:          # a newer load() drops the result of an older one
            self.on_done(result)

    def wait(self, msecs: int = 30000) -> None:
        """Let running queries finish (on close, and in tests)."""
        wait_all(msecs)
