"""The audit head file checked after the window shows (issue 15).

Opening a database compares the head kept beside the file with the log (a cut or a forged file
is recorded in the log, ``ykt_desktop.audit.head``) and rewrites it; its signature check loads
``cryptography`` (50-150 ms). The window opens the file without it (``head_later``), holds its
own writes of the head file (:func:`hold`) and runs the same check on a connection of its own in
the background (:func:`check_head_later`), without a user as at open; when it is done, the
window's connection takes over what it wrote, and writes the head after its own changes again.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import sqlite_utils
from PySide6.QtWidgets import QMainWindow

from ui.common.background import BackgroundLoader
from ui.context import AppContext
from ykt_desktop.audit.head import BUSY, KEY_CACHE, WRITTEN, flush, flush_quietly
from ykt_desktop.storage import DbHandle, handle_of


def hold(db: sqlite_utils.Database) -> None:
    """No write of the head file through ``db`` until :func:`check_head_later` is done."""
    setattr(db, BUSY, True)


def _check(source: DbHandle) -> tuple[object, object]:
    """Runs on a worker thread: the open-time check on a connection without a user."""
    try:
        db = source.connect()
        try:
            flush(db)
            return getattr(db, WRITTEN, None), getattr(db, KEY_CACHE, None)
        finally:
            db.close()
    except Exception:  # noqa: BLE001 - the window's next write of the head checks again
        logging.getLogger(__name__).exception("启动后核对审计链头文件失败：%s", source.path)
        return None, None


def check_head_later(window: QMainWindow, ctx: AppContext) -> None:
    """Check (and rewrite) the head file of ``ctx``'s database in the background."""
    db = ctx.db
    if ctx.path is None:
        setattr(db, BUSY, False)
        flush_quietly(db)
        return
    source = replace(handle_of(db), session=None, read_only=False)

    def done(result: tuple[object, object]) -> None:
        written, key = result
        if written is not None:
            setattr(db, WRITTEN, written)
        if key is not None and getattr(db, KEY_CACHE, None) is None:
            setattr(db, KEY_CACHE, key)
        setattr(db, BUSY, False)
        flush_quietly(db)           # the window's own changes since, if any

    window.head_check = BackgroundLoader(window, done)     # kept with the window
    window.head_check.load(db, ctx.path, lambda _db: _check(source))
