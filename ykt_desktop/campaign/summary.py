"""阶段性工作总结: the counts of one phase (or any date range) of the campaign in a unit.

Households checked (visits dated in the range), problems registered by category, problems
rectified (销号 in the range), money recovered and returned on them, problems referred to
纪检监察 (referral recorded in the range), complaints received and 主动说清 in the range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.campaign.output import Document, Table, write
from ykt_desktop.security.session import authorize


@dataclass
class PhaseSummary:
    title: str
    start: str
    end: str
    under: str
    households_checked: int = 0
    by_category: list[tuple[str, int, float]] = field(default_factory=list)
    problems: int = 0
    rectified: int = 0
    recovered: float = 0.0
    returned: float = 0.0
    referred: int = 0
    complaints: int = 0
    self_reported_persons: int = 0
    self_returned: float = 0.0


def phase_range(db: sqlite_utils.Database, phase_id: int) -> tuple[str, str, str]:
    row = db.execute("SELECT name, start_date, end_date FROM campaign_phases WHERE id = ?",
                     [phase_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {phase_id} 的阶段")
    return row


def summarize(db: sqlite_utils.Database, *, start: str, end: str, under: str = "",
              title: str = "") -> PhaseSummary:
    first, last = iso_day(start, "开始日期"), iso_day(end, "结束日期")
    s = PhaseSummary(title or f"{first} 至 {last}", first, last, under)
    rng, like = [first, last], under + "%"
    s.households_checked = db.execute(
        "SELECT count(DISTINCT v.household_id) FROM verifications v JOIN households h ON "
        "h.id = v.household_id WHERE v.visit_date BETWEEN ? AND ? AND h.village_code LIKE ?",
        [*rng, like]).fetchone()[0]
    in_range = ("coalesce(i.village_code, '') LIKE ? AND date(i.created_at) BETWEEN ? AND ?")
    s.by_category = db.execute(
        f"SELECT c.name, count(*), total(i.amount) FROM issues i JOIN issue_categories c ON "
        f"c.code = i.category WHERE {in_range} GROUP BY c.code ORDER BY c.sort",
        [like, *rng]).fetchall()
    s.problems = sum(n for _, n, _ in s.by_category)
    s.rectified, s.recovered, s.returned = db.execute(
        "SELECT count(*), total(recovered_amount), total(returned_amount) FROM issues i WHERE "
        "status = 'closed' AND coalesce(i.village_code, '') LIKE ? AND rectified_at BETWEEN ? "
        "AND ?", [like, *rng]).fetchone()
    s.referred = db.execute(
        "SELECT count(DISTINCT i.id) FROM issues i JOIN issue_events e ON e.issue_id = i.id "
        "WHERE i.referred = 1 AND e.action = 'referral' AND coalesce(i.village_code, '') LIKE ? "
        "AND date(e.at) BETWEEN ? AND ?", [like, *rng]).fetchone()[0]
    s.complaints = db.execute(
        "SELECT count(*) FROM complaints WHERE coalesce(village_code, '') LIKE ? AND "
        "received_on BETWEEN ? AND ?", [like, *rng]).fetchone()[0]
    s.self_reported_persons, s.self_returned = db.execute(
        "SELECT coalesce(sum(persons), 0), total(amount) FROM self_reports WHERE "
        "coalesce(village_code, '') LIKE ? AND reported_on BETWEEN ? AND ?",
        [like, *rng]).fetchone()
    return s


def summary_document(s: PhaseSummary, unit_name: str = "") -> Document:
    counts = [("入户核查户数", s.households_checked), ("发现问题（个）", s.problems),
              ("已整改销号（个）", s.rectified), (f"{glossary.RECOVERED}（元）", s.recovered),
              (f"{glossary.RETURNED}（元）", s.returned),
              (f"{glossary.REFERRAL}（个）", s.referred), ("受理举报（件）", s.complaints),
              ("主动说清人数", s.self_reported_persons), ("主动上缴资金（元）", s.self_returned)]
    tables = [Table("主要数据", ("项目", "数量"), counts, (3, 2)),
              Table("发现问题分类", ("问题类别", "个数", f"{glossary.ISSUE_AMOUNT}（元）"),
                    s.by_category or [("（无）", 0, 0.0)], (4, 2, 2))]
    intro = [f"统计单位：{unit_name or s.under or '全部'}　统计期间：{s.start} 至 {s.end}"]
    return Document(f"{s.title}阶段性工作总结（数据）", intro, tables,
                    ["填表人：__________　　审核人：__________"])


def export_summary(db: sqlite_utils.Database, s: PhaseSummary, path: Path | str, *,
                   unit_name: str = "") -> Path:
    authorize(db, "export")
    target = write(summary_document(s, unit_name), path)
    record_audit(db, "export", table_name="campaign_phases",
                 after={"file": Path(path).name, "start": s.start, "end": s.end})
    return target
