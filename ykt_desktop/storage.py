"""Opening the database. Every connection in the app goes through :func:`connect`.

A later switch of driver (SQLCipher for encryption at rest) changes this module only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from ykt_desktop.paths import default_db_path
from ykt_desktop.security.connection_state import install as install_session_functions

MEMORY = ":memory:"


class DatabaseError(Exception):
    """A database could not be opened or used; the message is for the user (Chinese)."""


def connect(path: Path | str) -> sqlite3.Connection:
    """Open a raw connection with the app's pragmas: WAL, synchronous=FULL, foreign keys on."""
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")
    install_session_functions(conn)
    return conn


def db_path(db: sqlite_utils.Database) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def open_db(
    path: Path | str | None = None, *, migrate: bool = True, backup: bool = True
) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Before pending migrations run on a file that already holds data, a backup is written
    beside it (see :mod:`ykt_desktop.backup`).
    """
    from ykt_desktop import migrations

    target = Path(path) if path and str(path) != MEMORY else None
    if path is None:
        target = default_db_path()
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite_utils.Database(connect(target or MEMORY))
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库文件 {target}：{exc}") from exc
    if migrate:
        migrations.migrate(db, backup=backup)
        from ykt_desktop.audit.triggers import ensure as ensure_audit_triggers

        ensure_audit_triggers(db)
    return db
