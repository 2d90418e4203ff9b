"""What every page gets: the open database and a signal to say the data changed."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from ykt_desktop.changes import Changes
from ykt_desktop.storage import DbHandle, db_path, handle_of
from ykt_desktop.unit import Unit, get_unit


class AppContext(QObject):
    """Shared by the main window and its pages. ``data_changed`` carries what a write changed
    (``ykt_desktop.changes.Changes``); a page refreshes when it shows one of those kinds."""

    data_changed = Signal(object)

    def __init__(self, db: sqlite_utils.Database, *, read_only: bool = False,
                 demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.read_only = read_only
        self.demo = demo            # the generated demo county (a banner says so)
        self.user = "本机用户"

    @property
    def path(self) -> Path | None:
        return db_path(self.db)

    @property
    def handle(self) -> DbHandle:
        """How jobs and counts open their own connection: this file, its key, the logged-in
        user and the read-only state (``ui.common.workers.run_job(..., ctx.handle, ...)``)."""
        return handle_of(self.db)

    @property
    def unit(self) -> Unit | None:
        return get_unit(self.db)

    def notify_changed(self, changes: Changes) -> None:
        """Tell the pages what a write changed (``changes.ALL`` when anything may have)."""
        if not isinstance(changes, Changes):
            raise TypeError("notify_changed needs the Changes the write made")
        if changes:
            self.data_changed.emit(changes)
