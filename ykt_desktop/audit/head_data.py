"""What the audit head file beside the database holds, and reading it (below :mod:`.head`).

The names, the head of the database now (:func:`state`), the signed message and its check;
:mod:`ykt_desktop.audit.head` writes the file, :mod:`ykt_desktop.audit.head_check` compares it.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.sent_log import newest as newest_sent
from ykt_desktop.audit.signing import verify
from ykt_desktop.db.connection import db_path

SUFFIX = ".audit-head.json"
FORMAT = "ykt-audit-head-1"
PROBLEM = "audit_head_problem"      # an entry recording what the check found (kind in after)
MARK = "audit_head_file"            # an entry naming the file kept for this database path
BUSY, WRITTEN, KEY_CACHE = "_ykt_head_busy", "_ykt_head_written", "_ykt_head_key"
SIGNED = ("cert_fingerprint", "cert_pem", "signature")


def head_file(path: Path | str) -> Path:
    return Path(str(path) + SUFFIX)


def _path(db: sqlite_utils.Database) -> Path | None:
    path = db_path(db)
    return path.resolve() if path else None


def state(db: sqlite_utils.Database) -> dict:
    """The head of the database now (entry, checkpoint, newest head sent upward, and SQLite's
    schema version: every CREATE or DROP moves it, a dropped and re-created trigger too)."""
    head = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    cp = (0, 0)
    if "audit_checkpoints" in db.table_names():
        cp = db.execute("SELECT coalesce(max(id), 0), coalesce(max(entry_id), 0) "
                        "FROM audit_checkpoints").fetchone()
    last = newest_sent(db)
    return {"format": FORMAT, "entry_id": head[0] if head else 0,
            "entry_hash": head[1] if head else "", "checkpoint_id": cp[0],
            "checkpoint_entry": cp[1], "sent": last.to_dict() if last else None,
            "schema_version": db.execute("PRAGMA schema_version").fetchone()[0]}


def message(data: dict) -> bytes:
    body = {k: v for k, v in data.items() if k not in SIGNED}
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")


def signature_ok(data: dict) -> bool:
    try:
        found = verify(str(data["cert_pem"]), str(data["signature"]), message(data))
    except (KeyError, TypeError):
        return False
    return found is not None and found == data.get("cert_fingerprint")


MAX_BYTES = 1 << 20      # a head file is about 3 KB; a bigger one is not read whole


def _read(path: Path) -> bytes | None:
    """The file's bytes (None: missing); an oversized file is read as its first bytes only,
    which do not parse, so it is reported as unreadable."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES)
    except FileNotFoundError:
        return None
