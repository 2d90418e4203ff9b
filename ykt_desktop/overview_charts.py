"""The campaign in pictures (概览 and its A4 summary): verification progress per area, problems
by category and by status, money involved and recovered per area, and what is due in the
campaign calendar. Each bar carries the key its rows are found by (a region code, a category
or status code, a deadline id), so a click on the page opens those rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop import glossary, stats
from ykt_desktop.campaign.calendar import due_and_overdue

HORIZON_DAYS = 30          # the calendar chart shows deadlines due within a month


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: float           # the filled part
    total: float           # the whole bar (progress: households; money: involved)
    text: str              # the figure written beside the bar
    alert: bool = False    # drawn in the warning colour (overdue)


@dataclass
class Chart:
    key: str               # progress | categories | statuses | money | calendar
    title: str
    target: str            # where a click goes: households | ledger | campaign
    bars: list[Bar] = field(default_factory=list)
    empty_text: str = "暂无数据"


def _progress(rows: list[stats.AreaRow]) -> Chart:
    chart = Chart("progress", "入户核查进度", "households")
    for r in rows:
        done = r.verified + r.unable
        chart.bars.append(Bar(r.code, r.name, done, r.households,
                              f"{r.progress:.0%}（{done}/{r.households}户）"))
    return chart


def _issue_counts(db: sqlite_utils.Database, column: str) -> list[tuple[str, int]]:
    return db.execute(f"SELECT {column}, count(*) FROM issues GROUP BY 1 ORDER BY 2 DESC"
                      ).fetchall()


def _categories(db: sqlite_utils.Database) -> Chart:
    names = dict(db.execute("SELECT code, name FROM issue_categories"))
    chart = Chart("categories", "问题类别", "ledger", empty_text="还没有登记问题")
    counts = _issue_counts(db, "category")
    top = max((n for _, n in counts), default=0)
    chart.bars = [Bar(code, names.get(code, code), n, top, f"{n}个") for code, n in counts]
    return chart


def _statuses(db: sqlite_utils.Database) -> Chart:
    chart = Chart("statuses", "问题整改状态", "ledger", empty_text="还没有登记问题")
    counts = dict(_issue_counts(db, "status"))
    total = sum(counts.values())
    chart.bars = [Bar(code, label, counts[code], total, f"{counts[code]}个")
                  for code, label in glossary.ISSUE_STATUS.items() if counts.get(code)]
    return chart


def _money(db: sqlite_utils.Database, rows: list[stats.AreaRow], level: str) -> Chart:
    width = 9 if level == "township" else 12
    area = (f"substr(village_code, 1, {width})" if level != "group" else
            "(SELECT coalesce(group_code, '') FROM households h WHERE h.id = household_id)")
    sums = {code: (amount or 0.0, back or 0.0) for code, amount, back in db.execute(
        f"SELECT {area}, sum(amount), sum(recovered_amount + returned_amount) FROM issues "
        "WHERE village_code IS NOT NULL GROUP BY 1")}
    width = 15 if level == "group" else width
    chart = Chart("money", "涉及金额与追回（追缴收回+返还发放）", "ledger",
                  empty_text="还没有登记涉及金额的问题")
    for r in rows:
        amount, back = sums.get(r.code[:width], (0.0, 0.0))
        if amount or back:
            chart.bars.append(Bar(r.code, r.name, back, max(amount, back),
                                  f"追回{back:,.0f}/涉及{amount:,.0f}元"))
    return chart


def _calendar(db: sqlite_utils.Database, today: dt.date) -> Chart:
    state = due_and_overdue(db, today=today, soon_days=HORIZON_DAYS)
    chart = Chart("calendar", f"工作日程：逾期和{HORIZON_DAYS}天内到期的报送", "campaign",
                  empty_text="工作日程中没有逾期或即将到期的报送")
    for d in sorted(state["overdue"] + state["soon"], key=lambda d: d.due_date):
        days = (dt.date.fromisoformat(d.due_date) - today).days
        text = f"逾期{-days}天（{d.due_date}）" if days < 0 else f"还有{days}天（{d.due_date}）"
        chart.bars.append(Bar(str(d.id), d.title, HORIZON_DAYS - max(days, 0), HORIZON_DAYS,
                              text, alert=days < 0))
    return chart


def campaign_charts(db: sqlite_utils.Database, *, drill: str | None = None,
                    today: dt.date | None = None,
                    data: stats.Overview | None = None) -> list[Chart]:
    """The five charts of 概览 (townships, or the villages of ``drill`` / a one-township unit);
    ``data``: the overview already counted (the page counts once for table and charts)."""
    data = data or stats.overview(db, drill=drill)
    return [_progress(data.rows), _categories(db), _statuses(db),
            _money(db, data.rows, data.level), _calendar(db, today or dt.date.today())]
