"""The hash chain of the audit log: how an entry's hash is computed, and the chain's head.

Each entry's hash covers its id, time, user, action, table, row, before/after values and the
previous entry's hash, so an edited, deleted or re-ordered entry breaks the chain from there on.
The hash is :func:`ykt_desktop.db.functions.entry_hash`, registered on every connection
(``ykt_audit_hash``)
and used by the triggers and by :mod:`ykt_desktop.audit.verify`.
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.db.functions import entry_hash, sha256_text  # noqa: F401 - re-exported

GENESIS = ""


def chain_head(db: sqlite_utils.Database) -> str:
    """``<count>:<hash of the newest entry>``; goes into every submission.

    A receiver that saw an earlier head can tell whether the history it covered was rewritten
    (the earlier head's entry no longer carries the same hash) or cut short (fewer entries).
    """
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return f"{row[0]}:{row[1]}" if row else "0:"


def record(db: sqlite_utils.Database, action: str, *, table_name: str = "",
           row_id: int | None = None, before: dict | None = None,
           after: dict | None = None) -> int:
    """Append one entry that is not a table write (login, export, sign, import, restore)."""
    from ykt_desktop.security.schema_guard import trusted_step
    from ykt_desktop.security.session import session_user

    with db.atomic(), trusted_step(db):
        last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        new_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%f','now','localtime')").fetchone()[0]
        user = session_user(db)
        values = (new_id, at, user, action, table_name, row_id, _dump(before), _dump(after), prev)
        db.execute("INSERT INTO audit_log(id, at, by_user, action, table_name, row_id, before, "
                   "after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [*values, entry_hash(*values)])
        from ykt_desktop.audit.checkpoints import checkpoint_if_due

        checkpoint_if_due(db)
    from ykt_desktop.audit.head import flush

    flush(db)          # the head kept beside the file (skipped inside a caller's transaction)
    return new_id


def _dump(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)
