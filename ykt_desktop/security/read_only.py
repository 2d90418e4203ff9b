"""A whole database file opened read-only (the training demo county), without any session.

:func:`make_read_only` puts the read-only role's authorizer (:mod:`ykt_desktop.security.guards`)
on a connection: every write to the main database is refused by SQLite itself (only appending to
the audit log stays possible) and the signing key cannot be read. For every later connection
too (background counts, jobs) use :func:`ykt_desktop.db.handle.open_read_only`: the database
handle then puts it on each connection it hands out.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.security import guards


def make_read_only(db: sqlite_utils.Database) -> None:
    guards.install_read_only(db)
