"""The completeness board: for a period, every unit below us and where its submission stands.

Direct subordinates come from our own ``submissions``; at the county, villages are shown as
their township reported them in its latest package (the manifest's ``below`` list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.changes import Kind, writes
from ykt_desktop.exchange import history
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.regions import LEVEL_ORDER, Region, regions_at
from ykt_desktop.security.read_scope import read_prefix
from ykt_desktop.unit import require_unit

STATUS_OF = {"submitted": "submitted", "accepted": "accepted", "returned": "returned"}


@dataclass(frozen=True)
class BoardRow:
    unit_code: str
    name: str
    level: str
    parent_code: str | None
    status: str              # missing | submitted | returned | accepted | overdue
    last_time: str
    signer: str
    via: str = ""            # township that reported a village's status (at the county)

    @property
    def status_label(self) -> str:
        return glossary.label(glossary.SUBMISSION_BOARD, self.status)


@writes(Kind.SUBMISSIONS)
def set_deadline(db: sqlite_utils.Database, period: str, due_date: str) -> None:
    dt.date.fromisoformat(due_date)
    with db.atomic():
        db.execute("INSERT INTO exchange_deadlines(period, due_date) VALUES (?, ?) "
                   "ON CONFLICT(period) DO UPDATE SET due_date = excluded.due_date",
                   [period, due_date])


def deadline(db: sqlite_utils.Database, period: str) -> str | None:
    row = db.execute("SELECT due_date FROM exchange_deadlines WHERE period = ?",
                     [period]).fetchone()
    return row[0] if row else None


def _missing(due: str | None, today: dt.date) -> str:
    return "overdue" if due and today > dt.date.fromisoformat(due) else "missing"


def board(db: sqlite_utils.Database, period: str, *, today: dt.date | None = None
          ) -> list[BoardRow]:
    unit = require_unit(db)
    today = today or dt.date.today()
    due = deadline(db, period)
    level = LEVEL_ORDER.index(unit.level)
    if level >= LEVEL_ORDER.index("village"):
        return []
    rows: list[BoardRow] = []
    for region in regions_at(db, LEVEL_ORDER[level + 1], under=unit.code):
        rows.append(_direct(db, region, period, due, today))
        if region.level == "township":
            rows.extend(_through(db, region, period, due, today))

    prefix = read_prefix(db)            # a session sees its own region's rows (issue 14)
    return [r for r in rows if r.unit_code.startswith(prefix)]


def _direct(db: sqlite_utils.Database, region: Region, period: str, due: str | None,
            today: dt.date) -> BoardRow:
    sub = history.latest_in(db, region.code, period)
    if sub is None:
        return BoardRow(region.code, region.name, region.level, region.parent_code,
                        _missing(due, today), "", "")
    return BoardRow(region.code, region.name, region.level, region.parent_code,
                    STATUS_OF[sub.status], sub.received_at, sub.signer)


def _through(db: sqlite_utils.Database, township: Region, period: str, due: str | None,
             today: dt.date) -> list[BoardRow]:
    """Villages of a township, as the township's latest package reported them."""
    reported = {r["unit_code"]: r for r in history.reported_below(db, township.code, period)}
    villages = regions_at(db, "village", under=township.code)
    out = []
    for village in villages:
        r = reported.get(village.code)
        if r is None:
            out.append(BoardRow(village.code, village.name, "village", township.code,
                                _missing(due, today), "", "", township.name))
        else:
            out.append(BoardRow(village.code, village.name, "village", township.code,
                                STATUS_OF.get(r["status"], "submitted"), r["received_at"],
                                r["signer"], township.name))
    return out


@writes(Kind.SUBMISSIONS)
def accept(db: sqlite_utils.Database, unit_code: str, period: str) -> int:
    """Mark the latest submission of ``unit_code`` for ``period`` as 已接收."""
    sub = history.latest_in(db, unit_code, period)
    if sub is None:
        raise PackageError("not_for_us", f"没有收到单位 {unit_code} {period} 的上报")
    with db.atomic():
        history.set_status(db, sub.id, "accepted")
    return sub.id
