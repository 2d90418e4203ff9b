"""Bulk loads: one summary audit entry instead of one entry per row.

Per-row entries make a county-scale load 4x slower and the file 4-5x larger (measured: demo
30 villages x 1000 households, 20 s / 84 MB without, 85 s / 390 MB with per-row entries).
Inside :func:`bulk_load` the connection's per-row auditing is off; on success one ``import``
entry records what was loaded (row counts and highest row id per table before and after), and
the rows themselves carry their ``batch_id`` where the table has one. Use it inside the load's
transaction, so the summary lands with the rows or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlite_utils

from ykt_desktop.audit.chain import record
from ykt_desktop.audit.triggers import AUDITED_TABLES
from ykt_desktop.backup import backup_before_import
from ykt_desktop.security.schema_guard import trusted_step


def _snapshot(db: sqlite_utils.Database, tables: list[str]) -> dict[str, list[int]]:
    return {t: list(db.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM {t}").fetchone())
            for t in tables}


@contextmanager
def bulk_load(db: sqlite_utils.Database, kind: str, *, detail: dict | None = None,
              backup: bool = True) -> Iterator[None]:
    """Switch per-row audit entries off for this connection and record one summary entry.

    A database that already holds data is first backed up (reason ``before-import``); enter
    this before the load's first write, so the backup shows the state before the load.
    """
    tables = [t for t in AUDITED_TABLES if t in db.table_names()]
    before = _snapshot(db, tables)
    if backup and any(before[t][0] for t in ("households", "persons", "payments")
                      if t in before):
        backup_before_import(db)
    was = db.execute("SELECT ykt_session_get('audit')").fetchone()[0]
    with trusted_step(db):
        db.execute("SELECT ykt_session_set('audit', '0')")
    try:
        yield
    finally:
        with trusted_step(db):
            db.execute("SELECT ykt_session_set('audit', ?)", [was or "1"])
    after = _snapshot(db, tables)
    changed = {t: {"before": before[t], "after": after[t]} for t in tables if before[t] != after[t]}
    record(db, "import", table_name=kind,
           after={"kind": kind, "tables": changed, **(detail or {})})


@contextmanager
def insert_trigger_paused(db: sqlite_utils.Database, table: str) -> Iterator[None]:
    """Inside :func:`bulk_load` (per-row entries off) and its transaction: drop ``table``'s
    audit INSERT trigger for the load and re-create it, unchanged, before the transaction ends.

    With entries off the trigger records nothing, but SQLite still evaluates its WHEN (a Python
    call) for every row: measured 25-30% of a 1,000,000-row insert into ``payments``. The DDL is
    part of the load's transaction, so no other connection ever sees the table without it, and
    a rollback restores it. Outside a bulk load (entries on) this does nothing.
    """
    name = f"audit_{table}_insert"
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                     [name]).fetchone()
    off = db.execute("SELECT ykt_session_get('audit')").fetchone()[0] == "0"
    if row is None or not off or not db.conn.in_transaction:
        yield
        return
    with trusted_step(db):
        db.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                          [name]).fetchone():
            with trusted_step(db):
                db.execute(row[0])


@contextmanager
def triggers_paused(db: sqlite_utils.Database, tables: Iterable[str]) -> Iterator[None]:
    """:func:`insert_trigger_paused` for all three audit triggers (insert, update, delete) of
    each of ``tables``: for loads that also replace or delete rows (a package import).

    Same conditions: inside :func:`bulk_load` and its transaction, otherwise nothing is
    dropped; the triggers are re-created, unchanged, before the transaction ends.
    """
    off = db.execute("SELECT ykt_session_get('audit')").fetchone()[0] == "0"
    names = [f"audit_{table}_{action}" for table in tables
             for action in ("insert", "update", "delete")]
    found = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        f"AND name IN ({', '.join('?' * len(names))})", names).fetchall() if names else []
    if not found or not off or not db.conn.in_transaction:
        yield
        return
    with trusted_step(db):
        for name, _ in found:
            db.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        present = {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        with trusted_step(db):
            for name, sql in found:
                if name not in present:
                    db.execute(sql)
