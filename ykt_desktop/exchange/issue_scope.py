"""Which of our issues a package from below removes: one rule for the preview and the import.

A package carries every issue its sender holds; an issue here that the sender registered
(its number starts with the sender's region code and carries a unit code) and that the
package no longer carries is removed. Issues the receiver registered itself in the sender's
villages (numbers with the receiver's own code) are never removed by a package, so the
preview must not count them either (issue 19 review).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

GONE_ISSUES = ("SELECT id FROM issues WHERE issue_no BETWEEN :p AND :p || '~' "
               "AND instr(issue_no, '-') > 0 "
               "AND issue_no NOT IN (SELECT issue_no FROM x_sent_issues)")


def mark_sent_issues(db: sqlite_utils.Database, numbers: Iterable[str]) -> None:
    """The package's issue numbers in ``temp.x_sent_issues`` (read by :data:`GONE_ISSUES`).

    In its own transaction (or a savepoint of the import's): a TEMP write outside one would
    open an implicit transaction that swallows everything written after it."""
    with db.atomic():
        db.execute("CREATE TEMP TABLE IF NOT EXISTS x_sent_issues (issue_no TEXT PRIMARY KEY)")
        db.execute("DELETE FROM x_sent_issues")
        db.conn.executemany("INSERT OR IGNORE INTO x_sent_issues VALUES (?)",
                            [(n,) for n in numbers])


def gone_issues(db: sqlite_utils.Database, prefix: str) -> list[tuple[str, str]]:
    """(issue number, village) of the issues the package removes (after mark_sent_issues)."""
    return db.execute(f"SELECT issue_no, coalesce(village_code, '') FROM issues "
                      f"WHERE id IN ({GONE_ISSUES})", {"p": prefix}).fetchall()
