"""Raw connections: the one place a connection is made (:func:`connect`), and driver errors.

The lowest floor of the core: it imports nothing of the project but the SQL functions it
registers (:mod:`ykt_desktop.db.functions`), the default path and the error base class.
Opening with migrations, the session and read-only state is :mod:`ykt_desktop.db.handle`.

A database may be encrypted at rest (SQLCipher through ``sqlcipher3``): it is then the file
beside which a key file ``<name>.keys.json`` lies (see :mod:`ykt_desktop.security.encryption`).
Once unlocked with the passphrase or the recovery key, the raw key travels with the database's
handle (:class:`ykt_desktop.db.handle.DbHandle`): every connection the handle makes carries it,
and :func:`key_of` reads it back from a connection (a backup of the file is encrypted with it).
Nothing is remembered by path: whoever opens a file names its key (``key=``). Plain files keep
using the standard ``sqlite3`` driver.

One connection per thread, never shared across threads: with ``YKT_DEBUG=1`` (set by the test
suite) :func:`connect` makes the driver raise ``ProgrammingError`` when a connection is used
from a thread other than the one that opened it (``check_same_thread``). An encrypted
connection used from two threads at once has shown ``hmac check failed`` / malformed errors.

Note for code catching driver errors: on an encrypted file they come from ``sqlcipher3``; catch
:data:`INTEGRITY_ERRORS` / :data:`DB_ERRORS` instead of ``sqlite3.IntegrityError`` alone.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from ykt_desktop.db.functions import install as install_session_functions
from ykt_desktop.errors import UserError

MEMORY = ":memory:"
KEYFILE_SUFFIX = ".keys.json"
HANDLE_ATTR = "ykt_handle"          # the attribute of a connection that names its handle

try:  # encryption at rest; the app still opens plain files without it
    import sqlcipher3 as _cipher
except ImportError:  # pragma: no cover - the package is in requirements.txt
    _cipher = None

INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError,) + (
    (_cipher.IntegrityError,) if _cipher else ())
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (_cipher.DatabaseError,) if _cipher else ())


class DatabaseError(UserError):
    """A database could not be opened or used; the message is for the user (Chinese)."""


class DatabaseLocked(DatabaseError):
    """The database is encrypted and was not unlocked in this process."""


def keyfile_path(path: Path | str) -> Path:
    return Path(str(path) + KEYFILE_SUFFIX)


def is_encrypted(path: Path | str) -> bool:
    return str(path) != MEMORY and keyfile_path(path).exists()


def key_of(db: sqlite_utils.Database) -> bytes | None:
    """The SQLCipher key ``db`` was opened with: its handle's (None: a plain file, or a
    connection not made by a :class:`~ykt_desktop.db.handle.DbHandle`)."""
    key = getattr(getattr(db, HANDLE_ATTR, None), "key", None)
    return key if isinstance(key, bytes) else None


def debug_threads() -> bool:
    """True in debug runs (``YKT_DEBUG=1``): a connection used from another thread raises."""
    return os.environ.get("YKT_DEBUG") == "1"


def connect(path: Path | str, *, key: bytes | None = None, read_only: bool = False) -> Any:
    """Open a raw connection with the app's pragmas: WAL, synchronous=FULL, foreign keys on.

    ``key`` opens it with SQLCipher; an encrypted file without a key raises
    :class:`DatabaseLocked`.
    """
    if key is None and is_encrypted(path):
        raise DatabaseLocked(f"数据库 {path} 已加密，请先输入密码或恢复密钥解锁")
    driver = _cipher if key else sqlite3
    if driver is None:
        raise DatabaseError("本机缺少加密组件 sqlcipher3，无法打开加密数据库")
    target = read_only_uri(path) if read_only else str(path)
    conn = driver.connect(target, check_same_thread=debug_threads(), timeout=30, uri=read_only)
    if key:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_memory_security = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != MEMORY and not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")
    install_session_functions(conn)
    return conn


def read_only_uri(path: Path | str) -> str:
    """``file:...?mode=ro`` with the path percent-encoded: SQLite decodes ``%XX`` and ends the
    path at ``#`` or ``?``, so a folder such as ``一卡通#2`` opened another file, read-write
    (code review: the before-import backup copied an empty database, restore refused)."""
    return f"file:{quote(Path(path).as_posix(), safe='/:')}?mode=ro"


def db_path(db: sqlite_utils.Database) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None
