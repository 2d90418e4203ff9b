"""Backups through the SQLite online backup API, each checked with integrity_check.

Backups sit in ``backups/`` beside the database as ``<stem>-<time>-<reason>.db`` and rotate per
reason (:data:`KEEP`): at start, daily, before migrations, before imports, by hand. A backup of
an encrypted database is encrypted with the same key, and the key file is copied beside it, so
the same passphrase or recovery key opens it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import sqlite_utils

from ykt_desktop.paths import backups_dir
from ykt_desktop.storage import DB_ERRORS, connect, db_path, key_for, keyfile_path, remember_key

KEEP_BACKUPS = 10
KEEP = {"start": 5, "daily": 7, "before-migration": 5, "before-import": 10, "manual": 10,
        "before-restore": 5}
DAILY_HOURS = 24


class BackupError(Exception):
    """A backup could not be written or failed its integrity check."""


def backup_db(db: sqlite_utils.Database, *, reason: str, keep: int | None = None) -> Path | None:
    """Copy the live database to ``backups/<stem>-<time>-<reason>.db`` and verify the copy.

    Returns the backup's path, or None for an in-memory database. Old backups of the same
    reason beyond ``keep`` are removed, newest kept.
    """
    source = db_path(db)
    if source is None:
        return None
    folder = backups_dir(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{source.stem}-{stamp}-{reason}.db"
    key = key_for(source)
    try:
        dest = connect(target, key=key)
        try:
            db.conn.backup(dest)
            result = dest.execute("PRAGMA integrity_check").fetchone()[0]
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    except (OSError, *DB_ERRORS) as exc:
        _remove(target)
        raise BackupError(f"无法写入备份 {target}：{exc}") from exc
    if result != "ok":
        _remove(target)
        raise BackupError(f"备份文件 {target} 完整性检查未通过：{result}")
    if key:
        shutil.copyfile(keyfile_path(source), keyfile_path(target))
        remember_key(target, key)
    _rotate(folder, source.stem, reason, KEEP.get(reason, KEEP_BACKUPS) if keep is None else keep)
    return target


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".keys.json"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _rotate(folder: Path, stem: str, reason: str, keep: int) -> None:
    backups = sorted(folder.glob(f"{stem}-*-{reason}.db"))
    for old in backups[:-keep] if keep > 0 else []:
        _remove(old)


def list_backups(db_file: Path | str) -> list[Path]:
    """Backups of ``db_file``, newest first."""
    source = Path(db_file)
    found = [p for p in backups_dir(source).glob(f"{source.stem}-*.db")
             if p.name[len(source.stem) + 1:][:8].isdigit()]
    return sorted(found, key=lambda p: p.name[len(source.stem) + 1:], reverse=True)


def backup_if_due(db: sqlite_utils.Database, *, hours: int = DAILY_HOURS) -> Path | None:
    """The daily backup: written when the newest daily one is older than ``hours``."""
    source = db_path(db)
    if source is None:
        return None
    dailies = [p for p in list_backups(source) if p.name.endswith("-daily.db")]
    if dailies:
        age = dt.datetime.now().timestamp() - dailies[0].stat().st_mtime
        if age < hours * 3600:
            return None
    return backup_db(db, reason="daily")


def backup_before_import(db: sqlite_utils.Database) -> Path | None:
    """Call before an import writes anything (issue-4/6 importers)."""
    return backup_db(db, reason="before-import")


def is_intact(path: Path | str, *, key_of: Path | str | None = None) -> bool:
    """True when the file opens as SQLite and passes quick_check.

    An encrypted file needs its key remembered for ``path`` or for ``key_of`` (its database).
    """
    key = key_for(path) or (key_for(key_of) if key_of else None)
    try:
        conn = connect(path, key=key, read_only=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except (*DB_ERRORS, OSError):
        return False
    except Exception:  # noqa: BLE001 - a locked/unknown file is not a good backup
        return False


def copy_database(source: Path | str, target: Path | str, *, key: bytes | None = None) -> None:
    """Copy a database file with the backup API (same key on both sides when encrypted)."""
    key = key or key_for(source)
    src = connect(source, key=key, read_only=True)
    try:
        dest = connect(target, key=key)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        src.close()
