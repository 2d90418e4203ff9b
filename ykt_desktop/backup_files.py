"""File-level helpers of :mod:`ykt_desktop.backup`: is a copy intact, copy a database, and why
a backup could not be written (in Chinese)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from ykt_desktop.db.connection import DB_ERRORS, connect
from ykt_desktop.db_errors import explain

FULL, DENIED = (errno.ENOSPC, errno.EFBIG), (errno.EACCES, errno.EPERM, errno.EROFS)
SQLITE_FULL = 13
LOW_SPACE = 8 * 2**20      # bytes: an I/O error with less free than this is a full disk


def is_intact(path: Path | str, *, key: bytes | None = None) -> bool:
    """True when the file opens as SQLite and passes quick_check.

    An encrypted file (a database or its backup) needs ``key``: the live database's.
    """
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


def db_size(conn) -> int:
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0]) * \
            int(conn.execute("PRAGMA page_size").fetchone()[0])     # SQLCipher answers text
    except DB_ERRORS:
        return 0


def final_name(temp: Path) -> str:
    return temp.name.lstrip(".").split(".part-")[0]


def why(exc: BaseException, folder: Path | None = None, needed: int = 0) -> str:
    """Chinese reason a backup could not be written; a full disk is named before anything else
    (ENOSPC, SQLITE_FULL, or an I/O error with less free space than the copy needs, or under
    :data:`LOW_SPACE` when the size is unknown), since it reads to SQLite like a pulled stick."""
    if _is_full(exc, folder, needed):
        return "磁盘空间已满。当前数据库未受影响，请清理磁盘后重试"
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in DENIED:
        return "备份文件夹是只读的或没有写入权限。当前数据库未受影响"
    return explain(exc) or str(exc)


def _is_full(exc: BaseException, folder: Path | None, needed: int) -> bool:
    chain: BaseException | None = exc
    while chain is not None:
        text = str(chain).lower()
        code = getattr(chain, "sqlite_errorcode", None)
        if "full" in text or "too large" in text or getattr(chain, "errno", None) in FULL or \
                (code is not None and code & 0xFF == SQLITE_FULL):
            return True
        chain = chain.__cause__ or chain.__context__
    return folder is not None and free_space(folder) < max(needed, LOW_SPACE)


def free_space(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 2**62
