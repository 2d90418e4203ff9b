"""The campaign calendar: phases with dates and the units they apply to, and the reports due to
the level above. Editable; :func:`seed_tianmen` fills it from 天门's plan for a given year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.changes import Kind, writes
from ykt_desktop.db.database import write_transaction
from ykt_desktop.record_versions import check_unchanged, rows_token
from ykt_desktop.unit import get_unit

LEVELS = {"village": "村", "township": "乡镇", "county": "县", "department": "部门"}

# 天门市“回头看”实施方案 五、工作安排 (month, day) pairs.
TIANMEN_PHASES = (
    ("动员部署", (5, 18), (5, 20)),
    ("自查自纠", (5, 24), (8, 31)),
    ("重点抽查", (9, 1), (9, 30)),
    ("督查问责", (10, 1), (10, 31)),
    ("整改规范", (11, 1), (11, 30)),
    ("总结报告", (12, 1), (12, 18)),
    # the umbrella phase (二) 集中整治 over 自查自纠 to 整改规范; last, so ids 1-6 stay as before
    ("集中整治", (5, 24), (11, 30)),
)
TIANMEN_DEADLINES = (
    ("工作方案报领导小组办公室", (5, 20), "department", "领导小组办公室"),
    ("自查工作进展和发现的问题（第一次）", (6, 20), "department", "领导小组办公室"),
    ("汇总报告报省财政厅监督处（6月）", (6, 25), "county", "省财政厅监督处"),
    ("自查工作进展和发现的问题（第二次）", (7, 20), "department", "领导小组办公室"),
    ("阶段性工作总结", (7, 20), "county", "省领导小组办公室"),
    ("汇总报告报省财政厅监督处（7月）", (7, 25), "county", "省财政厅监督处"),
    ("自查工作进展和发现的问题（第三次）", (8, 20), "department", "领导小组办公室"),
    ("汇总报告报省财政厅监督处（8月）", (8, 25), "county", "省财政厅监督处"),
    ("年度工作总结", (12, 20), "county", "省领导小组办公室"),
)


@dataclass(frozen=True)
class Phase:
    id: int
    name: str
    start_date: str
    end_date: str
    scope_code: str
    notes: str

    def state(self, today: dt.date) -> str:
        if today.isoformat() < self.start_date:
            return "未开始"
        return "进行中" if today.isoformat() <= self.end_date else "已结束"


@dataclass(frozen=True)
class Deadline:
    id: int
    title: str
    due_date: str
    level: str
    recipient: str
    scope_code: str
    done_date: str | None

    def state(self, today: dt.date, *, soon_days: int = 7) -> str:
        """已报送 / 逾期未报 / 即将到期 (within ``soon_days``) / 未到期."""
        if self.done_date:
            return "已报送" if self.done_date <= self.due_date else "逾期报送"
        due = dt.date.fromisoformat(self.due_date)
        if due < today:
            return "逾期未报"
        return "即将到期" if (due - today).days <= soon_days else "未到期"


@writes(Kind.CAMPAIGN)
def add_phase(db: sqlite_utils.Database, *, name: str, start: str, end: str,
              scope_code: str = "", notes: str = "") -> int:
    if not name.strip():
        raise CampaignError("请填写阶段名称")
    first, last = iso_day(start, "阶段开始日期"), iso_day(end, "阶段结束日期")
    if last < first:
        raise CampaignError(f"阶段“{name}”的结束日期{last}早于开始日期{first}")
    sort = db.execute("SELECT coalesce(max(sort), 0) + 1 FROM campaign_phases").fetchone()[0]
    cur = db.execute("INSERT INTO campaign_phases(name, start_date, end_date, scope_code, sort, "
                     "notes) VALUES (?,?,?,?,?,?)",
                     [name.strip(), first, last, scope_code, sort, notes.strip()])
    return int(cur.lastrowid)


@writes(Kind.CAMPAIGN)
def add_deadline(db: sqlite_utils.Database, *, title: str, due: str, level: str = "county",
                 recipient: str = "", scope_code: str = "") -> int:
    if not title.strip():
        raise CampaignError("请填写报送事项")
    if level not in LEVELS:
        raise CampaignError(f"层级应为 {'、'.join(LEVELS)} 之一，不是“{level}”")
    cur = db.execute("INSERT INTO campaign_deadlines(title, due_date, level, recipient, "
                     "scope_code) VALUES (?,?,?,?,?)",
                     [title.strip(), iso_day(due, "报送期限"), level, recipient, scope_code])
    return int(cur.lastrowid)


@writes(Kind.CAMPAIGN)
def mark_done(db: sqlite_utils.Database, deadline_id: int, *, done: str) -> None:
    cur = db.execute("UPDATE campaign_deadlines SET done_date = ? WHERE id = ?",
                     [iso_day(done, "报送日期"), deadline_id])
    if not cur.rowcount:
        raise CampaignError(f"没有编号为 {deadline_id} 的报送事项")


def phase_version(db: sqlite_utils.Database, phase_id: int) -> str:
    """Version token of a phase (see :mod:`ykt_desktop.record_versions`); read it before the
    phase an editor shows, pass it to :func:`update_phase` as ``expected_version``."""
    return rows_token(db, [("SELECT * FROM campaign_phases WHERE id = ?", [phase_id])])


@writes(Kind.CAMPAIGN)
def update_phase(db: sqlite_utils.Database, phase_id: int, *, start: str, end: str,
                 expected_version: str | None = None) -> None:
    first, last = iso_day(start, "阶段开始日期"), iso_day(end, "阶段结束日期")
    if last < first:
        raise CampaignError(f"结束日期{last}早于开始日期{first}")
    with write_transaction(db):
        check_unchanged(expected_version, phase_version(db, phase_id), "这个阶段的日期")
        cur = db.execute("UPDATE campaign_phases SET start_date = ?, end_date = ? WHERE id = ?",
                         [first, last, phase_id])
        if not cur.rowcount:
            raise CampaignError(f"没有编号为 {phase_id} 的阶段")


def delete_phase(db: sqlite_utils.Database, phase_id: int) -> None:
    db.execute("DELETE FROM campaign_phases WHERE id = ?", [phase_id])


@writes(Kind.CAMPAIGN)
def seed_tianmen(db: sqlite_utils.Database, year: int, *, scope_code: str = "") -> int:
    """Fill an empty calendar with 天门's phases and report deadlines for ``year``."""
    if phases(db) or deadlines(db):
        raise CampaignError("工作日程已有内容，不能再次按天门方案填入（可逐项修改）")
    with write_transaction(db):
        for name, start, end in TIANMEN_PHASES:
            add_phase(db, name=name, start=dt.date(year, *start).isoformat(),
                      end=dt.date(year, *end).isoformat(), scope_code=scope_code,
                      notes="按天门市“回头看”实施方案")
        for title, due, level, recipient in TIANMEN_DEADLINES:
            add_deadline(db, title=title, due=dt.date(year, *due).isoformat(), level=level,
                         recipient=recipient, scope_code=scope_code)
    return len(TIANMEN_PHASES) + len(TIANMEN_DEADLINES)


def _applies(scope: str, unit: str | None) -> bool:
    return not unit or not scope or unit.startswith(scope) or scope.startswith(unit)


def phases(db: sqlite_utils.Database, *, unit: str | None = None) -> list[Phase]:
    rows = db.execute("SELECT id, name, start_date, end_date, scope_code, notes FROM "
                      "campaign_phases ORDER BY start_date, sort, id").fetchall()
    return [Phase(*r) for r in rows if _applies(r[4], unit)]


def deadlines(db: sqlite_utils.Database, *, unit: str | None = None) -> list[Deadline]:
    rows = db.execute("SELECT id, title, due_date, level, recipient, scope_code, done_date FROM "
                      "campaign_deadlines ORDER BY due_date, id").fetchall()
    return [Deadline(*r) for r in rows if _applies(r[5], unit)]


def own_level(db: sqlite_utils.Database) -> tuple[str | None, str | None]:
    """(level, code) of this database's unit; (None, None) before a unit is set."""
    unit = get_unit(db)
    return (unit.level, unit.code) if unit else (None, None)


def due_and_overdue(db: sqlite_utils.Database, *, today: dt.date | None = None,
                    soon_days: int = 7) -> dict[str, list]:
    """What the overview shows: the current phase(s), deadlines overdue and due soon.

    Only the deadlines this unit must meet: a deadline belongs to the level that reports
    (a township is not overdue on the county's report to the province, nor on a department's
    to the 领导小组), within its scope.
    """
    day = today or dt.date.today()
    level, code = own_level(db)
    mine = [d for d in deadlines(db, unit=code) if level is None or d.level == level]
    marks = [(d, d.state(day, soon_days=soon_days)) for d in mine]
    return {"current": [p for p in phases(db, unit=code) if p.state(day) == "进行中"],
            "overdue": [d for d, s in marks if s == "逾期未报"],
            "soon": [d for d, s in marks if s == "即将到期"]}
