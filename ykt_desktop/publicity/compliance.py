"""Was each notice posted long enough? Feeds the "未按规定公示" check and the returns.

A notice is 'ok' when the days covered by its posting records (overlaps counted once, and only
the days up to today: a posting registered for next week is not posted yet) reach the
county's required days (setting ``publicity_min_days``, default 7); 'pending' while its planned
posting period has not ended yet; otherwise 'never_posted' or 'short'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from ykt_desktop.publicity.beneficiaries import period_condition
from ykt_desktop.publicity.config import min_days
from ykt_desktop.publicity.model import check_period
from ykt_desktop.regions import code_prefix

STATUS_LABELS = {"ok": "已按规定公示", "pending": "公示期未结束", "never_posted": "未张贴公示",
                 "short": "公示天数不足"}


@dataclass(frozen=True)
class NoticeStatus:
    publicity_id: int
    title: str
    scope_code: str
    period: str
    item_codes: tuple[str, ...]
    end_date: str
    posted_days: int
    required_days: int
    status: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def covered_days(intervals: list[tuple[str, str]], *, until: date | None = None) -> int:
    """Days covered by inclusive (from, to) ISO intervals, overlaps counted once; with ``until``
    only the days up to that date (a posting's days still to come are not posted yet)."""
    days: set[date] = set()
    for start, end in intervals:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        if until is not None:
            last = min(last, until)
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return len(days)


def notice_statuses(db: sqlite_utils.Database, *, as_of: date | None = None) -> list[NoticeStatus]:
    today = as_of or date.today()
    required = min_days(db)
    spans: dict[int, list[tuple[str, str]]] = {}
    for pid, start, end in db.execute(
            "SELECT publicity_id, posted_from, posted_to FROM postings"):
        spans.setdefault(pid, []).append((start, end))
    out = []
    for pid, title, scope, period, items, end in db.execute(
            "SELECT id, title, scope_code, period, item_codes, end_date FROM publicity"
            " ORDER BY id"):
        posted = covered_days(spans.get(pid, []), until=today)
        if posted >= required:
            status = "ok"
        elif end and date.fromisoformat(end) >= today:
            status = "pending"
        else:
            status = "short" if posted else "never_posted"
        out.append(NoticeStatus(pid, title, scope, period, tuple(json.loads(items or "[]")),
                                end or "", posted, required, status))
    return out


def unposted_notices(db: sqlite_utils.Database, *, as_of: date | None = None) -> list[NoticeStatus]:
    """Notices never posted, or posted for fewer days than required, once their period ended."""
    return [s for s in notice_statuses(db, as_of=as_of) if s.status in ("never_posted", "short")]


def _covers_period(notice_period: str, period: str) -> bool:
    return notice_period == period or (len(period) == 4 and notice_period.startswith(period))


def _covers_village(scope_code: str, village_code: str) -> bool:
    if len(scope_code) == 15:
        return scope_code[:12] == village_code
    return village_code.startswith(code_prefix(scope_code))


@dataclass(frozen=True)
class ItemVillage:
    item_code: str
    village_code: str
    lines: int
    amount: float
    publicised: bool


def publicised_in_period(db: sqlite_utils.Database, period: str, *, under: str | None = None,
                         as_of: date | None = None) -> list[ItemVillage]:
    """Per item and village with paid payments in ``period``: was it properly publicised?"""
    check_period(period)
    good = [s for s in notice_statuses(db, as_of=as_of) if s.status == "ok"]
    period_sql, args = period_condition(period)
    sql = ("SELECT i.code, p.village_code, COUNT(*), ROUND(SUM(p.amount_paid), 2) FROM payments p"
           " JOIN subsidy_items i ON i.id = p.item_id WHERE p.status = 'paid' AND "
           f"p.village_code IS NOT NULL AND {period_sql}")
    if under:
        sql += " AND p.village_code LIKE ?"
        args = [*args, code_prefix(under) + "%"]
    out = []
    for item, village, lines, amount in db.execute(sql + " GROUP BY 1, 2 ORDER BY 2, 1", args):
        done = any(item in s.item_codes and _covers_period(s.period, period)
                   and _covers_village(s.scope_code, village) for s in good)
        out.append(ItemVillage(item, village, lines, amount or 0.0, done))
    return out
