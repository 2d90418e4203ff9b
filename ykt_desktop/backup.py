"""Backups through the SQLite online backup API, each checked with integrity_check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import sqlite_utils

from ykt_desktop.paths import backups_dir
from ykt_desktop.storage import connect, db_path

KEEP_BACKUPS = 10


class BackupError(Exception):
    """A backup could not be written or failed its integrity check."""


def backup_db(db: sqlite_utils.Database, *, reason: str, keep: int = KEEP_BACKUPS) -> Path | None:
    """Copy the live database to ``backups/ykt-<time>-<reason>.db`` and verify the copy.

    Returns the backup's path, or None for an in-memory database. Old backups beyond
    ``keep`` are removed, newest kept.
    """
    source = db_path(db)
    if source is None:
        return None
    folder = backups_dir(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{source.stem}-{stamp}-{reason}.db"
    dest = connect(target)
    try:
        db.conn.backup(dest)
        result = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"备份文件 {target} 完整性检查未通过：{result}")
    _rotate(folder, source.stem, keep)
    return target


def _rotate(folder: Path, stem: str, keep: int) -> None:
    backups = sorted(folder.glob(f"{stem}-*.db"))
    for old in backups[:-keep] if keep > 0 else []:
        for suffix in ("", "-wal", "-shm"):
            Path(str(old) + suffix).unlink(missing_ok=True)


def list_backups(db_file: Path | str) -> list[Path]:
    """Backups of ``db_file``, newest first."""
    source = Path(db_file)
    return sorted(backups_dir(source).glob(f"{source.stem}-*.db"), reverse=True)


def is_intact(path: Path | str) -> bool:
    """True when the file opens as SQLite and passes quick_check."""
    try:
        conn = sqlite3.connect(str(path))
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
