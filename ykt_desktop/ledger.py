"""The problem ledger (问题台账): registering issues and recording their history.

Every change to an issue adds an ``issue_events`` row (who, when, from/to status, note).
This module is the one place issues are created, so numbering and history stay consistent.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ykt_desktop.errors import register_user_error

ISSUE_FIELDS = (
    "village_code", "household_id", "person_id", "card_id", "item_id", "finding_id", "amount",
    "description", "responsible_unit", "responsible_person", "measure", "deadline",
)


@register_user_error
class LedgerError(ValueError):
    """An issue cannot be recorded as asked; the message is Chinese."""


@dataclass
class NewIssue:
    category: str
    found_by: str = "visit"
    description: str = ""
    village_code: str | None = None
    household_id: int | None = None
    person_id: int | None = None
    card_id: int | None = None
    item_id: int | None = None
    finding_id: int | None = None
    amount: float = 0.0
    responsible_unit: str = ""
    responsible_person: str = ""
    measure: str = ""
    deadline: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def next_issue_no(db: sqlite_utils.Database, day: dt.date | None = None) -> str:
    """WT + year + 6-digit sequence within that year, e.g. WT2026000123."""
    year = (day or dt.date.today()).year
    prefix = f"WT{year}"
    row = db.execute("SELECT max(issue_no) FROM issues WHERE issue_no LIKE ?",
                     [prefix + "%"]).fetchone()
    last = int(row[0][len(prefix):]) if row and row[0] else 0
    return f"{prefix}{last + 1:06d}"


def create_issue(db: sqlite_utils.Database, issue: NewIssue, *, by_user: str = "") -> int:
    """Register an issue (status 已挂号) with its first history event; returns its id."""
    if not db.execute("SELECT 1 FROM issue_categories WHERE code = ?",
                      [issue.category]).fetchone():
        raise LedgerError(f"未知的问题类别：{issue.category}")
    if not issue.description.strip():
        raise LedgerError("问题描述不能为空")
    values = {f: getattr(issue, f) for f in ISSUE_FIELDS}
    with db.atomic():
        cur = db.execute(
            f"INSERT INTO issues (issue_no, category, status, found_by, created_by, "
            f"{', '.join(ISSUE_FIELDS)}) VALUES (?, ?, 'registered', ?, ?, "
            f"{', '.join('?' * len(ISSUE_FIELDS))})",
            [next_issue_no(db), issue.category, issue.found_by, by_user, *values.values()])
        issue_id = cur.lastrowid
        add_event(db, issue_id, action="create", to_status="registered", by_user=by_user,
                  note="问题挂号", data=issue.extra)
    return issue_id


def add_event(db: sqlite_utils.Database, issue_id: int, *, action: str, by_user: str = "",
              from_status: str | None = None, to_status: str | None = None, note: str = "",
              data: dict | None = None) -> None:
    db.execute(
        "INSERT INTO issue_events(issue_id, by_user, action, from_status, to_status, note, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [issue_id, by_user, action, from_status, to_status, note,
         json.dumps(data or {}, ensure_ascii=False)])


def issue_events(db: sqlite_utils.Database, issue_id: int) -> list[dict]:
    cur = db.execute("SELECT at, by_user, action, from_status, to_status, note, data "
                     "FROM issue_events WHERE issue_id = ? ORDER BY id", [issue_id])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
