"""The before-import backup of every intake (issue 8), in one place.

Taken on a second, read-only connection (:class:`ykt_desktop.backup.PendingBackup`) so it
overlaps the file's read and check, and finished inside the import's transaction before its
first write; dropped when nothing will be written. A database with no households, persons or
payments, or one in memory, needs none.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.backup import PendingBackup, start_backup_before_import


def start(db: sqlite_utils.Database) -> PendingBackup | None:
    return start_backup_before_import(db)


def wait(pending: PendingBackup | None) -> None:
    """Before the import's transaction begins: the copy is written (so the transaction, which
    takes the write lock at once, does not hold it while the copy of a big file ends)."""
    if pending is not None:
        pending.thread.join()


def finish(db: sqlite_utils.Database, pending: PendingBackup | None) -> None:
    """Inside the transaction, before the first write: the copy is complete and checked."""
    if pending is not None:
        pending.finish(db)


def drop(pending: PendingBackup | None) -> None:
    if pending is not None:
        pending.drop()
