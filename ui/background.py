"""Read-only queries off the GUI thread, without a progress dialog.

``BackgroundLoader(parent, db_file, query, on_done)`` runs ``query(db)`` on its own connection in a
worker thread and hands the result to ``on_done`` on the GUI thread. A newer ``load()`` makes the
result of an older, still running one be dropped. For a database with no file (in memory) the
query runs at once on the given connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QThread, Signal, Slot

from ykt_desktop.storage import open_db

Query = Callable[[sqlite_utils.Database], Any]


class _Worker(QObject):
    done = Signal(int, object)

    def __init__(self, db_file: Path, query: Query, ticket: int) -> None:
        super().__init__()
        self.db_file, self.query, self.ticket = db_file, query, ticket

    @Slot()
    def run(self) -> None:
        db = open_db(self.db_file, migrate=False)
        try:
            self.done.emit(self.ticket, self.query(db))
        finally:
            db.close()


class BackgroundLoader(QObject):
    def __init__(self, parent: QObject, on_done: Callable[[Any], None]) -> None:
        super().__init__(parent)
        self.on_done = on_done
        self.ticket = 0
        self.running: list[tuple[QThread, _Worker]] = []

    def load(self, db: sqlite_utils.Database, db_file: Path | None, query: Query) -> None:
        self.ticket += 1
        if db_file is None:
            self.on_done(query(db))
            return
        thread = QThread(self)
        worker = _Worker(db_file, query, self.ticket)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(self._done)
        worker.done.connect(thread.quit)
        thread.finished.connect(lambda: self._forget(thread))
        self.running.append((thread, worker))
        thread.start()

    @Slot(int, object)
    def _done(self, ticket: int, result: object) -> None:
        if ticket == self.ticket:
            self.on_done(result)

    def _forget(self, thread: QThread) -> None:
        self.running = [(t, w) for t, w in self.running if t is not thread]

    def wait(self, msecs: int = 30000) -> None:
        """Let running queries finish (on close, and in tests)."""
        for thread, _ in list(self.running):
            thread.wait(msecs)
