"""SQL functions registered on every connection: session state and the audit hashes.

Per-connection state lives inside the connection itself (no globals): :func:`install` registers
functions whose shared closure holds who is working on this connection and whether per-row
auditing is on; triggers read it through ``ykt_user()`` and ``ykt_audit_on()``, Python code
through ``ykt_session_get(key)``. The audit log's entry hash is computed here too, so the
triggers (SQL) and :mod:`ykt_desktop.audit.verify` (Python) use one definition.
"""

from __future__ import annotations

import hashlib
from typing import Any

DEFAULTS = {"user": "", "role": "", "unit_code": "", "audit": "1"}


def entry_hash(entry_id: int, at: str, by_user: str, action: str, table_name: str,
               row_id: int | None, before: str | None, after: str | None, prev_hash: str) -> str:
    """SHA-256 (hex) over one audit entry's fields and the previous entry's hash.

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


def install(conn: Any) -> None:
    """Register the session and audit functions on a raw connection."""
    state = dict(DEFAULTS)

    def set_value(key: str, value: object) -> str:
        state[str(key)] = "" if value is None else str(value)
        return state[str(key)]

    conn.create_function("ykt_session_set", 2, set_value)
    conn.create_function("ykt_session_get", 1, lambda key: state.get(str(key), ""))
    conn.create_function("ykt_user", 0, lambda: state["user"])
    conn.create_function("ykt_audit_on", 0, lambda: state["audit"] == "1")
    conn.create_function("ykt_audit_hash", 9, entry_hash, deterministic=True)
    conn.create_function("ykt_sha256", 1, sha256_text, deterministic=True)
