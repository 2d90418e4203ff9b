"""The head file beside the database compared with the database (review of issue 14).

:func:`inspect` returns what differs, as dicts (``kind``: truncated, rewritten, checkpoints,
sent_deleted, missing, forged) that :func:`ykt_desktop.audit.head.flush` records as audit
entries, and the id of the entry that names the file kept for this path (0: none yet).
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.entry import _dump
from ykt_desktop.audit.head_data import MARK, signature_ok, state
from ykt_desktop.audit.signing import public_key_der


def inspect(db: sqlite_utils.Database, path: Path, raw: bytes | None, *,
            check: bool = True) -> tuple[list[dict], int]:
    """(problems, mark entry id) for the head file ``path`` whose bytes are ``raw``."""
    if raw is None or not check:
        mark = find_mark(db, path)
        return ([{"kind": "missing", "file": str(path)}] if mark and check else []), mark
    try:
        data = json.loads(raw)
        mark = _own_mark(db, int(data.get("mark") or 0), path)
        why = _signature_problem(db, data)
        if why:
            return [{"kind": "forged", "file": str(path), "why": why}], mark
        return compare(db, data), mark
    except (ValueError, TypeError, KeyError, AttributeError):
        return [{"kind": "forged", "file": str(path), "why": "unreadable"}], find_mark(db, path)


def find_mark(db: sqlite_utils.Database, path: Path) -> int:
    """The newest entry naming ``path`` as this database's head file (a full scan; only when
    the file is missing)."""
    row = db.execute("SELECT max(id) FROM audit_log WHERE action = ? AND after = ?",
                     [MARK, _dump({"file": str(path)})]).fetchone()
    return int(row[0] or 0)


def _own_mark(db: sqlite_utils.Database, mark: int, path: Path) -> int:
    """The file's mark when it names this path; a file copied here with its database names the
    old path: this path's own mark (0: none yet, one is written), so that deleting the file
    here later is found (review 2 of issue 14)."""
    row = db.execute("SELECT after FROM audit_log WHERE id = ? AND action = ?",
                     [mark, MARK]).fetchone()
    return mark if row and row[0] == _dump({"file": str(path)}) else find_mark(db, path)


def _signature_problem(db: sqlite_utils.Database, data: dict) -> str:
    keys = []
    if "unit_keys" in db.table_names():
        keys = db.execute("SELECT fingerprint, created_at FROM unit_keys").fetchall()
    if data.get("signature"):
        if not signature_ok(data):
            return "bad_signature"
        if data["cert_fingerprint"] in {k[0] for k in keys}:
            return ""
        return "" if _public_key(data["cert_pem"]) in _unit_public_keys(db) else "foreign_key"
    written = str(data.get("at", "")).replace("T", " ")[:19]
    if any(created < written for _, created in keys):
        return "unsigned"                   # the unit had a key when it was written
    return ""


_public_key = public_key_der


def _unit_public_keys(db: sqlite_utils.Database) -> set[bytes]:
    """The unit's keys: a certificate issued later (enrolment) replaces the self-signed one
    for the same key, so a head file signed before it is still the unit's own."""
    if "unit_keys" not in db.table_names():
        return set()
    return {_public_key(pem) for (pem,) in db.execute("SELECT cert_pem FROM unit_keys")}


def compare(db: sqlite_utils.Database, data: dict, *, schema: bool = True) -> list[dict]:
    """The file's head against the database's. ``schema``: also whether the schema changed
    although no entry was written since the file (a trigger dropped, rows changed unrecorded and
    the trigger re-created with its old text; the app's own schema changes write an entry:
    an import, ``schema_upgraded`` at open). Off for a file this connection wrote itself."""
    now, at = state(db), str(data["at"])
    recorded = int(data["entry_id"])
    out = []
    if recorded > now["entry_id"]:
        out.append({"kind": "truncated", "at": at, "recorded": recorded,
                    "recorded_hash": data["entry_hash"], "found": now["entry_id"]})
    elif recorded and _hash(db, recorded) != data["entry_hash"]:
        out.append({"kind": "rewritten", "at": at, "entry": recorded})
    if int(data["checkpoint_id"]) > now["checkpoint_id"]:
        out.append({"kind": "checkpoints", "at": at, "recorded": int(data["checkpoint_id"]),
                    "found": now["checkpoint_id"]})
    sent = data.get("sent")
    if sent and (now["sent"] is None or now["sent"]["id"] < int(sent["id"])):
        out.append({"kind": "sent_deleted", "at": at, "sent": sent})
    version = data.get("schema_version")
    if schema and version is not None and int(version) != now["schema_version"] \
            and recorded == now["entry_id"]:
        out.append({"kind": "schema", "at": at, "recorded": int(version),
                    "found": now["schema_version"]})
    return out


def _hash(db: sqlite_utils.Database, entry_id: int) -> str | None:
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [entry_id]).fetchone()
    return row[0] if row else None
