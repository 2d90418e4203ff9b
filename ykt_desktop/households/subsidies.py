"""Official payment figures beside the household's statements, line by line.

A line is one member (or the household, for per-household items paid to the head), one item and
one period. By default the form shows each item's latest period plus every period the household
has already answered for; ``all_periods`` shows every period on record.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.households.records import HouseholdRecord, StatementRecord

TOLERANCE = 0.005


@dataclass
class Official:
    standard: float
    due: float
    paid: float
    paid_date: str | None
    card_number: str
    status: str


@dataclass
class SubsidyLine:
    member: int
    item_id: int
    item_name: str
    basis: str
    period: str
    official: Official | None
    statement: int | None          # index into record.statements

    def mismatch(self, record: HouseholdRecord) -> str:
        """Why the statement disagrees with the official figures ('' when it agrees)."""
        if self.statement is None:
            return ""
        return statement_mismatch(record.statements[self.statement], self.official)


def statement_mismatch(s: StatementRecord, official: Official | None) -> str:
    paid = official.paid if official else 0.0
    if s.received is None:
        return ""
    if s.received is False and paid > TOLERANCE:
        return f"自述未收到，平台显示已发{paid:.2f}元"
    if s.received and paid <= TOLERANCE:
        return "自述已收到，平台没有发放记录"
    if s.received and s.amount is not None and abs(s.amount - paid) > TOLERANCE:
        return f"自述收到{s.amount:.2f}元，平台显示发放{paid:.2f}元"
    return ""


def item_names(db: sqlite_utils.Database) -> dict[int, tuple[str, str]]:
    """item id -> (name, basis) for every item, active or not."""
    rows = db.execute("SELECT id, name, basis FROM subsidy_items ORDER BY sort, id").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def official_figures(db: sqlite_utils.Database, person_ids: list[int]
                     ) -> dict[tuple[int, int, str], Official]:
    """(person, item, period) -> summed official figures for these persons."""
    if not person_ids:
        return {}
    marks = ",".join("?" * len(person_ids))
    rows = db.execute(
        f"SELECT person_id, item_id, period, max(standard), max(amount_due), "
        f"round(sum(CASE WHEN status = 'paid' THEN amount_paid ELSE 0 END), 2), max(paid_date), "
        f"max(card_number), max(status) FROM payments WHERE person_id IN ({marks}) "
        f"GROUP BY person_id, item_id, period ORDER BY person_id, item_id, period",
        person_ids).fetchall()
    return {(r[0], r[1], r[2]): Official(*r[3:]) for r in rows}


def subsidy_lines(db: sqlite_utils.Database, record: HouseholdRecord, *,
                  all_periods: bool = False) -> list[SubsidyLine]:
    index = {m.person_id: i for i, m in enumerate(record.members) if m.person_id is not None}
    figures = official_figures(db, list(index))
    latest: dict[tuple[int, int], str] = {}
    for (pid, item, period) in figures:
        latest[(pid, item)] = max(period, latest.get((pid, item), ""))
    names = item_names(db)
    stated = {(s.member, s.item_id, s.period): i for i, s in enumerate(record.statements)}
    keys: list[tuple[int, int, str]] = []
    for (pid, item, period) in figures:
        key = (index[pid], item, period)
        if all_periods or latest[(pid, item)] == period or key in stated:
            keys.append(key)
    keys += [k for k in stated if k not in set(keys)]
    lines = []
    for member, item, period in sorted(set(keys)):
        pid = record.members[member].person_id if member < len(record.members) else None
        name, basis = names.get(item, (f"项目{item}", "person"))
        lines.append(SubsidyLine(member, item, name, basis, period,
                                 figures.get((pid, item, period)) if pid else None,
                                 stated.get((member, item, period))))
    return lines
