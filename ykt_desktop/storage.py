"""The database as the features and the ui see it: open it, and the driver errors to catch.

The public face of :mod:`ykt_desktop.db`: :func:`open_db` and :class:`DbHandle` come from
:mod:`ykt_desktop.db.handle`, the rest from :mod:`ykt_desktop.db.connection` (read it for the
one-connection-per-thread rule and SQLCipher). Modules the handle itself needs (migrations,
backups, the audit log, the session) import :mod:`ykt_desktop.db.connection` directly, never
this module, so that imports only run downward (``tests/test_layers.py``).

Note for code catching driver errors: on an encrypted file they come from ``sqlcipher3``; catch
:data:`INTEGRITY_ERRORS` / :data:`DB_ERRORS` instead of ``sqlite3.IntegrityError`` alone.
"""

from __future__ import annotations

from ykt_desktop.db.connection import (
    DB_ERRORS,
    INTEGRITY_ERRORS,
    KEYFILE_SUFFIX,
    MEMORY,
    DatabaseError,
    DatabaseLocked,
    connect,
    db_path,
    debug_threads,
    is_encrypted,
    key_of,
    keyfile_path,
)
from ykt_desktop.db.handle import (
    DbHandle,
    handle_for,
    handle_of,
    open_db,
    open_read_only,
    set_session,
)

__all__ = [
    "DB_ERRORS", "INTEGRITY_ERRORS", "KEYFILE_SUFFIX", "MEMORY", "DatabaseError",
    "DatabaseLocked", "DbHandle", "connect", "db_path", "debug_threads", "handle_for",
    "handle_of", "is_encrypted", "key_of", "keyfile_path", "open_db", "open_read_only",
    "set_session",
]
