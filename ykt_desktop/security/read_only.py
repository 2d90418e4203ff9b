"""A whole database file opened read-only (the training demo county), without any session.

:func:`make_read_only` puts the read-only role's authorizer (:mod:`ykt_desktop.security.guards`)
on a connection: every write to the main database is refused by SQLite itself (only appending to
the audit log stays possible) and the signing key cannot be read. :func:`remember_read_only`
does the same for every later connection this process opens on the file (background counts,
jobs), through :func:`ykt_desktop.security.session.attach_remembered`.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ykt_desktop.db.connection import db_path
from ykt_desktop.security import guards

_READ_ONLY: set[str] = set()


def _key(path: object) -> str:
    return str(Path(str(path)).resolve())


def make_read_only(db: sqlite_utils.Database) -> None:
    guards.install_read_only(db)


def remember_read_only(path: object) -> None:
    _READ_ONLY.add(_key(path))


def forget_read_only(path: object) -> None:
    _READ_ONLY.discard(_key(path))


def is_remembered(path: object) -> bool:
    return bool(path) and _key(path) in _READ_ONLY


def open_read_only(db: sqlite_utils.Database) -> None:
    """This connection and every later one to the same file: read-only."""
    make_read_only(db)
    path = db_path(db)
    if path is not None:
        remember_read_only(path)
