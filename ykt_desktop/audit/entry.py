"""Appending to the hash-chained audit log, and reading its head (below the head file).

:func:`append` writes one entry (its hash: :func:`ykt_desktop.db.functions.entry_hash`) and
signs a checkpoint when one is due; :func:`ykt_desktop.audit.chain.record` adds the head file
beside the database (:mod:`ykt_desktop.audit.head`), which itself appends through this module.
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.audit.checkpoints import checkpoint_if_due
from ykt_desktop.db.functions import entry_hash
from ykt_desktop.security.schema_guard import trusted_step
from ykt_desktop.security.session import session_user

GENESIS = ""


def chain_head(db: sqlite_utils.Database) -> str:
    """``<count>:<hash of the newest entry>``; goes into every submission.

    A receiver that saw an earlier head can tell whether the history it covered was rewritten
    (the earlier head's entry no longer carries the same hash) or cut short (fewer entries).
    """
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return f"{row[0]}:{row[1]}" if row else "0:"


def append(db: sqlite_utils.Database, action: str, *, table_name: str = "",
           row_id: int | None = None, before: dict | None = None,
           after: dict | None = None) -> int:
    """Append one entry and sign a checkpoint when one is due; the head file beside the
    database is :func:`ykt_desktop.audit.chain.record`'s (which calls this)."""

    with db.atomic(), trusted_step(db):
        last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        new_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%f','now','localtime')").fetchone()[0]
        user = session_user(db)
        values = (new_id, at, user, action, table_name, row_id, _dump(before), _dump(after), prev)
        db.execute("INSERT INTO audit_log(id, at, by_user, action, table_name, row_id, before, "
                   "after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [*values, entry_hash(*values)])
        checkpoint_if_due(db)
    return new_id


def _dump(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def head_is_ancestor(db: sqlite_utils.Database, earlier_head: str) -> bool:
    """True when the entry named by an earlier chain head still carries the same hash."""
    entry_id, _, digest = earlier_head.partition(":")
    if not entry_id.isdigit() or int(entry_id) == 0:
        return True
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [int(entry_id)]).fetchone()
    return bool(row) and row[0] == digest
