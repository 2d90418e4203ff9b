"""The database handle: which file, its key, the user working on it and whether it is read-only.

A :class:`DbHandle` opens the file (refusing a network share, clearing part files a killed
write left), brings the schema up to date (migrations, audit triggers, the audit head kept
beside the file) and hands out connections that carry its key, its session and its read-only
state; every connection it makes knows its handle (:func:`handle_of`), so a background job or
a backup opens further connections the same way. One connection per thread, never shared:
a job thread asks the handle for its own (:meth:`DbHandle.connect`).

Above the schema (:mod:`ykt_desktop.migrations`, :mod:`ykt_desktop.audit.triggers`) and below
every feature; :mod:`ykt_desktop.storage` is its public face for callers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from ykt_desktop import migrations
from ykt_desktop.atomic_files import remove_stale_temps
from ykt_desktop.audit.head import flush as flush_audit_head
from ykt_desktop.audit.head import note_upgrade as note_schema_upgrade
from ykt_desktop.audit.triggers import ensure as ensure_audit_triggers
from ykt_desktop.db.connection import (
    DB_ERRORS,
    HANDLE_ATTR,
    MEMORY,
    DatabaseError,
    connect,
)
from ykt_desktop.db.location import check_location
from ykt_desktop.paths import default_db_path
from ykt_desktop.security import read_only as read_only_state
from ykt_desktop.security import session as sessions


@dataclass(frozen=True)
class DbHandle:
    """One database file as this process uses it (``path`` None: in memory)."""

    path: Path | None = None
    key: bytes | None = None                  # SQLCipher raw key of an encrypted file
    session: sessions.Session | None = None   # the logged-in user, on every connection
    read_only: bool = False                   # every connection refuses writes (demo county)

    @property
    def target(self) -> str:
        return str(self.path) if self.path is not None else MEMORY

    def with_session(self, session: sessions.Session | None) -> DbHandle:
        return replace(self, session=session)

    def connect(self) -> sqlite_utils.Database:
        """A new connection for the calling thread: key, session and read-only state on it."""
        return self._apply(self._raw())

    def _raw(self) -> sqlite_utils.Database:
        try:
            db = sqlite_utils.Database(connect(self.target, key=self.key),
                                       execute_plugins=False)   # none; the scan took 60 ms
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS as exc:
            raise DatabaseError(self._open_failed(exc)) from exc
        setattr(db, HANDLE_ATTR, self)
        return db

    def _apply(self, db: sqlite_utils.Database) -> sqlite_utils.Database:
        if self.session is not None:
            sessions.attach(db, self.session)
        if self.read_only:
            read_only_state.make_read_only(db)
        return db

    def open(self, *, migrate: bool = True, backup: bool = True,
             head: bool = True) -> sqlite_utils.Database:
        """Open (creating if needed) and, with ``migrate``, bring the schema up to date.

        Before pending migrations run on a file that already holds data, a backup is written
        beside it (:mod:`ykt_desktop.backup`). A database on a network share is refused.
        ``head=False``: the audit head file is left for the caller to check (the window does
        it in the background after it shows, issue 15).
        """
        if self.path is not None:
            check_location(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if migrate:     # a restore or an atomic write killed midway: its part files, -wal
                remove_stale_temps(self.path.parent)
        db = self._raw()
        if migrate:
            version = db.execute("PRAGMA schema_version").fetchone()[0]
            migrations.migrate(db, backup=backup)
            ensure_audit_triggers(db)
            note_schema_upgrade(db, version)
            if head:            # compare the head kept beside the file, then rewrite it
                flush_audit_head(db)
        return self._apply(db)

    def _open_failed(self, exc: Exception) -> str:
        hint = "（密码或密钥不正确，或文件已损坏）" if self.key else ""
        folder = self.path.parent if self.path is not None else None
        if folder is not None and not os.access(folder, os.W_OK):
            hint = (f"（数据库所在文件夹 {folder} 是只读的或没有写入权限；"
                    f"请把数据库复制到本机硬盘上可写的文件夹）")
        return f"无法打开数据库文件 {self.path}：{exc}{hint}"


def handle_of(db: sqlite_utils.Database) -> DbHandle:
    """The handle ``db`` was opened through (a plain one for a connection made elsewhere)."""
    found = getattr(db, HANDLE_ATTR, None)
    if isinstance(found, DbHandle):
        return found
    row = db.execute("PRAGMA database_list").fetchone()
    return DbHandle(Path(row[2]) if row and row[2] else None)


def handle_for(path: Path | str | None, *, key: bytes | None = None) -> DbHandle:
    """A handle for ``path`` (None: the user's default database), without a session;
    ``key``: an encrypted file's (from :mod:`ykt_desktop.security.encryption`)."""
    if path is not None and str(path) == MEMORY:
        return DbHandle(None, key=key)
    return DbHandle(Path(path) if path else default_db_path(), key=key)


def set_session(db: sqlite_utils.Database, session: sessions.Session | None) -> None:
    """``session`` (None: nobody) works on ``db`` and on every connection its handle hands out
    from now on (background jobs and counts carry the logged-in user's role)."""
    if session is None:
        sessions.detach(db)
    else:
        sessions.attach(db, session)
    setattr(db, HANDLE_ATTR, handle_of(db).with_session(session))


def open_read_only(db: sqlite_utils.Database) -> None:
    """This connection and every later one its handle hands out: read-only (the demo county)."""
    read_only_state.make_read_only(db)
    setattr(db, HANDLE_ATTR, replace(handle_of(db), read_only=True))


def open_db(path: Path | str | None = None, *, migrate: bool = True, backup: bool = True,
            key: bytes | None = None, head: bool = True) -> sqlite_utils.Database:
    """Open the database at ``path`` (default: the user's data folder); see :class:`DbHandle`."""
    return handle_for(path, key=key).open(migrate=migrate, backup=backup, head=head)
