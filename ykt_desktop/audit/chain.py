"""The hash chain of the audit log: how an entry's hash is computed, and the chain's head.

Each entry's hash covers its id, time, user, action, table, row, before/after values and the
previous entry's hash, so an edited, deleted or re-ordered entry breaks the chain from there on.
The hash is :func:`ykt_desktop.db.functions.entry_hash`, registered on every connection
(``ykt_audit_hash``)
and used by the triggers and by :mod:`ykt_desktop.audit.verify`.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.audit.entry import (  # noqa: F401 - re-exported
    GENESIS,
    _dump,
    append,
    chain_head,
    head_is_ancestor,
)
from ykt_desktop.audit.head import flush
from ykt_desktop.db.functions import entry_hash, sha256_text  # noqa: F401 - re-exported


def record(db: sqlite_utils.Database, action: str, *, table_name: str = "",
           row_id: int | None = None, before: dict | None = None,
           after: dict | None = None) -> int:
    """Append one entry that is not a table write (login, export, sign, import, restore)."""
    new_id = append(db, action, table_name=table_name, row_id=row_id, before=before, after=after)
    flush(db)          # the head kept beside the file (skipped inside a caller's transaction)
    return new_id
