"""The hash chain of the audit log: how an entry's hash is computed, and the chain's head.

Each entry's hash covers its id, time, user, action, table, row, before/after values and the
previous entry's hash, so an edited, deleted or re-ordered entry breaks the chain from there on.
The same function is registered on every connection (``ykt_audit_hash``, see
:func:`ykt_desktop.storage.connect`)
and used by the triggers and by :mod:`ykt_desktop.audit.verify`.
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

GENESIS = ""


def entry_hash(entry_id: int, at: str, by_user: str, action: str, table_name: str,
               row_id: int | None, before: str | None, after: str | None, prev_hash: str) -> str:
    """SHA-256 (hex) over one entry's fields and the previous entry's hash.

    Each field is written as ``<length>:<text>`` (NULL as ``-``), so no two different entries
    give the same input.
    """
    parts = []
    for value in (entry_id, at, by_user, action, table_name, row_id, before, after, prev_hash):
        if value is None:
            parts.append("-")
        else:
            text = str(value)
            parts.append(f"{len(text)}:{text}")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def sha256_text(value: object) -> str | None:
    """SQL ``ykt_sha256(x)``: hex SHA-256 of a text (NULL stays NULL)."""
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


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
