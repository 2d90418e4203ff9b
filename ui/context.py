"""What every page gets: the open database and a signal to say the data changed."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from ykt_desktop.storage import DbHandle, db_path, handle_of
from ykt_desktop.unit import Unit, get_unit


class AppContext(QObject):
    """Shared by the main window and its pages. ``data_changed`` asks pages to reload."""

    data_changed = Signal()

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

    def notify_changed(self) -> None:
        self.data_changed.emit()
