"""Findings in the database: stored by (rule, subject_key), so a re-run never duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlite_utils

from ykt_desktop.checks.base import Finding
from ykt_desktop.db.database import write_transaction

UPSERT = """
INSERT INTO findings (rule, subject_key, person_id, household_id, card_id, item_id,
                      village_code, amount, evidence, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (rule, subject_key) DO UPDATE SET
    person_id = excluded.person_id, household_id = excluded.household_id,
    card_id = excluded.card_id, item_id = excluded.item_id,
    village_code = excluded.village_code, amount = excluded.amount,
    evidence = excluded.evidence, last_seen = excluded.last_seen
"""


def stamp() -> str:
    """A run's time stamp: same format as the table defaults, with microseconds."""
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")


def store_findings(db: sqlite_utils.Database, rule: str, findings: Sequence[Finding],
                   at: str, seconds: float) -> int:
    """Upsert one rule's findings and record the run; returns how many were new."""
    with write_transaction(db):
        before = _count(db, rule)
        db.conn.executemany(UPSERT, [
            (rule, f.subject_key, f.person_id, f.household_id, f.card_id, f.item_id,
             f.village_code, round(f.amount, 2), f.evidence_json(), at, at) for f in findings])
        new = _count(db, rule) - before
        db.execute(
            "INSERT INTO check_rule_runs(rule, last_run_at, found, new, seconds) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(rule) DO UPDATE SET "
            "last_run_at = excluded.last_run_at, found = excluded.found, new = excluded.new, "
            "seconds = excluded.seconds", [rule, at, len(findings), new, round(seconds, 3)])
    return new


def _count(db: sqlite_utils.Database, rule: str) -> int:
    return db.execute("SELECT count(*) FROM findings WHERE rule = ?", [rule]).fetchone()[0]


def rule_runs(db: sqlite_utils.Database) -> dict[str, dict]:
    cur = db.execute("SELECT rule, last_run_at, found, new, seconds FROM check_rule_runs")
    return {r[0]: {"last_run_at": r[1], "found": r[2], "new": r[3], "seconds": r[4]}
            for r in cur.fetchall()}


def status_counts(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """{rule: {status: n}}; the status 'stale' counts candidates not found by the last run."""
    out: dict[str, dict[str, int]] = {}
    for rule, status, n in db.execute(
            "SELECT rule, status, count(*) FROM findings GROUP BY rule, status").fetchall():
        out.setdefault(rule, {})[status] = n
    for rule, n in db.execute(
            "SELECT f.rule, count(*) FROM findings f JOIN check_rule_runs r ON r.rule = f.rule "
            "WHERE f.status = 'candidate' AND f.last_seen < r.last_run_at "
            "GROUP BY f.rule").fetchall():
        out.setdefault(rule, {})["stale"] = n
    return out
