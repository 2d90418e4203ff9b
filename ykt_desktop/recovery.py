"""Recovery: where the database may live, checking it at start, and restoring a backup.

- :func:`check_location` refuses a database on a network share (SQLite's locking is not
  reliable there; a damaged file is the usual result). ``YKT_ALLOW_NETWORK_DB=1`` overrides.
- :func:`startup_check` runs quick_check and, for a damaged file, names the newest good backup.
  At start the app runs only :func:`open_check` (the file opens and its schema reads) before
  the window shows, and :func:`startup_check` in the background after (issue 15).
- :func:`restore` (:mod:`ykt_desktop.recovery_restore`) never writes into the live file: only a
  finished, checked, non-empty backup of the same unit is used; it is copied beside the live
  file and checked; the live file is kept under a new name; then one atomic rename.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ykt_desktop.db.connection import DB_ERRORS, connect
from ykt_desktop.db.location import (  # noqa: F401 - re-exported
    RecoveryError,
    check_location,
    is_network_path,
)
from ykt_desktop.recovery_restore import (
    RestorePlan,
    RestoreResult,
    good_backups,
    newest_good_backup,
    plan_restore,
    restore,
)


@dataclass
class StartupStatus:
    path: Path
    intact: bool
    good_backup: Path | None
    key: bytes | None = field(default=None, repr=False)    # the file's (and its backups') key


def open_check(db_file: Path | str, *, key: bytes | None = None) -> StartupStatus:
    """The check before the window shows: the file opens and its schema reads (milliseconds;
    a damaged header or schema is found here). The whole file is read by :func:`startup_check`
    once the window shows. ``key``: an encrypted file's."""
    path = Path(db_file)
    _check_writable_folder(path)
    intact = not path.exists() or path.stat().st_size == 0 or _schema_reads(path, key)
    return StartupStatus(path, intact, None if intact else newest_good_backup(path, key=key),
                         key)


SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def is_damage(exc: BaseException) -> bool:
    """The error says the file itself is damaged (not a database, a malformed page). A full
    disk, a disk I/O error, a lock or a permission say nothing about the file: a damaged verdict
    then offered to replace an intact database with an older backup (review of issue 12: the
    window on a full disk)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc).lower()
    return isinstance(exc, DB_ERRORS) and ("malformed" in text or "not a database" in text)


def _schema_reads(path: Path, key: bytes | None) -> bool:
    return _judged(path, key, "SELECT count(*), max(rootpage) FROM sqlite_master")


def _passes_quick_check(path: Path, key: bytes | None) -> bool:
    return _judged(path, key, "PRAGMA quick_check")


def _judged(path: Path, key: bytes | None, sql: str) -> bool:
    """False only when the file is shown damaged; a check that could not run (no disk space,
    I/O error, locked) leaves it as intact: nothing is offered to replace it."""
    try:
        conn = connect(path, key=key, read_only=True)
        try:
            row = conn.execute(sql).fetchone()
            return not sql.startswith("PRAGMA quick_check") or (row is not None and row[0] == "ok")
        finally:
            conn.close()
    except (*DB_ERRORS, OSError) as exc:
        return not is_damage(exc)


def startup_check(db_file: Path | str, *, key: bytes | None = None) -> StartupStatus:
    """quick_check the file (a missing file is fine: it will be created)."""
    path = Path(db_file)
    _check_writable_folder(path)
    intact = not path.exists() or path.stat().st_size == 0 or _passes_quick_check(path, key)
    return StartupStatus(path, intact, None if intact else newest_good_backup(path, key=key),
                         key)


def _check_writable_folder(path: Path) -> None:
    if path.exists() and not os.access(path.parent, os.W_OK):
        raise RecoveryError(f"数据库所在文件夹 {path.parent} 是只读的（例如写保护的 U 盘）或没有"
                            f"写入权限，无法在那里打开数据库；请把数据库复制到本机硬盘上可写的"
                            f"文件夹后再打开。文件未被改动")


__all__ = ["RecoveryError", "RestorePlan", "RestoreResult", "StartupStatus", "check_location",
           "good_backups", "newest_good_backup", "open_check", "plan_restore", "restore",
           "startup_check"]
