"""Per-connection session state, kept inside the connection itself (no globals).

:func:`install` registers SQL functions on a new connection (called by
:func:`ykt_desktop.storage.connect`). Their shared closure holds who is working on this
connection and whether per-row auditing is on; triggers read it through ``ykt_user()`` and
``ykt_audit_on()``, Python code through ``ykt_session_get(key)``.
"""

from __future__ import annotations

from typing import Any

from ykt_desktop.audit.chain import entry_hash, sha256_text

DEFAULTS = {"user": "", "role": "", "unit_code": "", "audit": "1"}


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
