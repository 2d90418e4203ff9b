"""The audit log's head kept beside the database file (review of issue 14).

Deleting the newest entries of the log (the sqlite3 shell on an unencrypted file, the protective
triggers dropped and put back) leaves a chain that still links up, and the signed checkpoints
only reach the newest checkpoint. So the app also keeps the head outside the database, in
``<database>.audit-head.json``: the newest entry's id and hash, the newest checkpoint and the
newest head sent upward (:mod:`ykt_desktop.audit.sent`), signed with the unit's key when it
has one. :func:`flush` rewrites it after the app's writes (after every
:func:`ykt_desktop.audit.chain.record`, at open, at the end of every command-line command,
every few seconds in the window) and, before rewriting it, compares it with the database: a
log shorter than the file says, another hash, fewer checkpoints, a missing or forged file are
recorded in the log itself (:data:`PROBLEM`), where ``audit verify`` reports them
(:mod:`ykt_desktop.audit.head_report`). A plain SQL delete cannot rewrite this file, nor sign
it without the key; someone holding both the file and the key can (manual, chapter 12).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.checkpoints import _signing_key
from ykt_desktop.audit.entry import append
from ykt_desktop.audit.head_check import compare, inspect
from ykt_desktop.audit.head_data import (  # noqa: F401 - re-exported
    BUSY,
    FORMAT,
    KEY_CACHE,
    MARK,
    PROBLEM,
    SIGNED,
    SUFFIX,
    WRITTEN,
    _path,
    _read,
    head_file,
    message,
    signature_ok,
    state,
)
from ykt_desktop.audit.head_report import describe
from ykt_desktop.audit.signing import sign
from ykt_desktop.db.connection import DB_ERRORS

UPGRADED = "schema_upgraded"        # the app changed the schema at open (see note_upgrade)


def _sign(db: sqlite_utils.Database, data: dict) -> dict:
    key = _signing_key(db)
    if key is None:
        return {**data, "cert_fingerprint": "", "cert_pem": "", "signature": ""}
    cached = getattr(db, KEY_CACHE, None)      # loading an RSA key checks it: ~100 ms
    if cached is None or cached[0] != key.fingerprint:
        cached = (key.fingerprint, key.private_key())
        setattr(db, KEY_CACHE, cached)
    return {**data, "cert_fingerprint": key.fingerprint, "cert_pem": key.cert_pem.decode(),
            "signature": sign(cached[1], message(data))}


def _write(path: Path, data: bytes) -> None:
    """Replace the file atomically (a temporary name per process and thread, fsynced)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def flush(db: sqlite_utils.Database, *, check: bool = True) -> None:
    """Compare the head file with the database (recording what differs), then rewrite it.

    Nothing inside a transaction (the head must be committed), nothing for an in-memory
    database; a connection that may not write leaves the file as it is."""
    if getattr(db, BUSY, False) or db.conn.in_transaction:
        return
    path = _path(db)
    if path is None or "audit_log" not in db.table_names():
        return
    setattr(db, BUSY, True)
    try:
        _flush(db, head_file(path), check=check)
    except DB_ERRORS:          # a read-only connection (the demo, another copy has it open)
        pass
    except OSError:            # a folder that cannot be written: the file stays as it was
        pass
    finally:
        setattr(db, BUSY, False)


def _flush(db: sqlite_utils.Database, path: Path, *, check: bool) -> None:
    raw = _read(path)
    written = getattr(db, WRITTEN, (None, None))
    ours = raw is not None and raw == written[0]        # as this connection wrote it
    if ours and {**state(db), "mark": written[1]["mark"]} == written[1]:
        return                          # and nothing changed since
    if ours:            # the log may have been cut under the running app: compare all the same
        problems = compare(db, json.loads(raw), schema=False) if check else []
        mark = written[1]["mark"]
    else:
        problems, mark = inspect(db, path, raw, check=check)
    for problem in problems:            # the log says it in words too (审计日志 page)
        problem["说明"] = describe(db, problem, _now(db)[:19].replace("T", " "))
        append(db, PROBLEM, table_name="audit_log", after=problem)
    if not mark and state(db)["entry_id"]:
        mark = append(db, MARK, table_name="audit_log", after={"file": str(path)})
    now = {**state(db), "mark": mark}
    if check and not ours and not problems and _current(db, raw, now):
        setattr(db, WRITTEN, (raw, now))    # checked and unchanged: not signed again (the
        return                              # key's load takes 0.1 s of every open, issue 15)
    signed = _sign(db, {**now, "at": _now(db)})
    if not signed["signature"] and _has_key(db):
        return              # a role that may not use the key: the signed file stays
    data = json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8")
    _write(path, data)
    setattr(db, WRITTEN, (data, now))


def _current(db: sqlite_utils.Database, raw: bytes | None, now: dict) -> bool:
    """Whether the file (already checked) holds ``now`` and is signed with the active key (or
    the unit has no key yet)."""
    if raw is None:
        return False
    data = json.loads(raw)
    if any(data.get(k) != v for k, v in now.items()):
        return False
    key = _signing_key(db)
    if key is None:
        return not data.get("signature") and not _has_key(db)
    return data.get("cert_fingerprint") == key.fingerprint and bool(data.get("signature"))


def _has_key(db: sqlite_utils.Database) -> bool:
    return "unit_keys" in db.table_names() and db.execute(
        "SELECT 1 FROM unit_keys LIMIT 1").fetchone() is not None


def _now(db: sqlite_utils.Database) -> str:
    return db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')").fetchone()[0]


def note_upgrade(db: sqlite_utils.Database, before: int) -> None:
    """One ``schema_upgraded`` entry when opening changed the schema (migrations, audit
    triggers refreshed), so the head file's check does not take the app's own change for one
    made outside it; none when the file already recorded another version than ``before`` (the
    change outside the app stays visible) or the log is empty."""
    after = db.execute("PRAGMA schema_version").fetchone()[0]
    path = _path(db)
    if after == before or path is None or "audit_log" not in db.table_names() or \
            not db.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone():
        return
    try:
        recorded = json.loads(_read(head_file(path)) or b"{}").get("schema_version", before)
    except (ValueError, AttributeError):
        recorded = before           # an unreadable file is reported by flush
    if recorded == before:
        append(db, UPGRADED, table_name="audit_log", after={"schema_version": [before, after]})


def adopt(db: sqlite_utils.Database) -> None:
    """Write the head of ``db`` without comparing (a backup just restored in its place: the
    replaced file's head was kept beside the replaced file)."""
    flush(db, check=False)


def flush_quietly(db: sqlite_utils.Database | None) -> None:
    """:func:`flush` at the end of a command; a connection already closed is left alone."""
    if db is None:
        return
    try:
        flush(db)
    except Exception as exc:            # sqlite3's or sqlcipher3's ProgrammingError
        if type(exc).__name__ != "ProgrammingError":     # the command closed its database
            raise
