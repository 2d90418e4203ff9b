"""Discrepancy rates of the back-checks per village and per 核查人, their export, and turning a
discrepancy into a ledger issue (发现方式 抽查)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.campaign.output import Document, Table, write
from ykt_desktop.changes import Kind, writes
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.security.session import authorize, session_user

GROUPS = {"village": "村", "verifier": "原核查人"}


@dataclass(frozen=True)
class Rate:
    key: str
    name: str
    households: int          # households back-checked
    differing: int           # of which with at least one difference
    fields: int              # fields compared
    fields_differing: int

    @property
    def rate(self) -> float:
        """Share of back-checked households whose form differed from what was found."""
        return self.differing / self.households if self.households else 0.0

    @property
    def field_rate(self) -> float:
        return self.fields_differing / self.fields if self.fields else 0.0


def discrepancy_rates(db: sqlite_utils.Database, *, by: str = "village",
                      sample_id: int | None = None) -> list[Rate]:
    """Rates grouped ``by`` village or the original form's 核查人 (highest rate first)."""
    if by not in GROUPS:
        raise CampaignError(f"分组方式应为 village 或 verifier，不是“{by}”")
    key = "b.village_code" if by == "village" else "b.original_verifiers"
    name = "coalesce(r.name, b.village_code)" if by == "village" else "b.original_verifiers"
    where, args = ("WHERE b.sample_id = ?", [sample_id]) if sample_id is not None else ("", [])
    rows = db.execute(
        f"SELECT {key}, {name}, count(*), sum(b.n_diff > 0), sum(b.n_fields), sum(b.n_diff) "
        f"FROM backchecks b LEFT JOIN regions r ON r.code = b.village_code {where} "
        f"GROUP BY {key} ORDER BY {key}", args).fetchall()
    rates = [Rate(k or "", n or "（未填写）", c, d, f, fd) for k, n, c, d, f, fd in rows]
    return sorted(rates, key=lambda r: (-r.rate, r.key))


def rates_document(db: sqlite_utils.Database, *, sample_id: int | None = None) -> Document:
    header = ("", "复核户数", "有差异户数", "户差异率", "核对项数", "差异项数", "项差异率")
    tables = []
    for by, label in GROUPS.items():
        rows = [(r.name, r.households, r.differing, f"{r.rate:.1%}", r.fields,
                 r.fields_differing, f"{r.field_rate:.1%}")
                for r in discrepancy_rates(db, by=by, sample_id=sample_id)]
        tables.append(Table(f"按{label}", (label, *header[1:]), rows, (14, 8, 8, 8, 8, 8, 8)))
    scope = f"抽查编号 {sample_id}" if sample_id is not None else "全部复核"
    return Document("复核差异率", [f"范围：{scope}。户差异率 = 有差异户数 ÷ 复核户数；差异率高"
                                   "说明原表可能未入户填写。"], tables)


def export_rates(db: sqlite_utils.Database, path: Path | str, *,
                 sample_id: int | None = None) -> Path:
    authorize(db, "export")
    target = write(rates_document(db, sample_id=sample_id), path)
    record_audit(db, "export", table_name="backchecks", after={"file": Path(path).name})
    return target


@writes(Kind.CAMPAIGN, Kind.ISSUES)
def backcheck_to_issue(db: sqlite_utils.Database, backcheck_id: int, *, category: str = "qita",
                       description: str = "") -> int:
    """Register the back-check's differences as an issue found by 抽查; returns its id."""
    row = db.execute("SELECT b.household_id, b.village_code, b.differences, b.issue_id, h.hh_no, "
                     "b.original_verifiers FROM backchecks b JOIN households h ON "
                     "h.id = b.household_id WHERE b.id = ?", [backcheck_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {backcheck_id} 的复核记录")
    household_id, village, diffs, issue_id, hh_no, verifiers = row
    if issue_id:
        raise CampaignError(f"复核记录 {backcheck_id} 已登记为问题（编号 {issue_id}）")
    diffs = json.loads(diffs)
    if not diffs:
        raise CampaignError(f"复核记录 {backcheck_id} 与原表一致，没有差异可登记")
    text = description.strip() or (
        f"抽查复核户{hh_no}（原核查人：{verifiers or '未填写'}）与一户一表不一致：" + "；".join(
            f"{d['label']} 原表“{d['original']}”，复核“{d['found']}”" for d in diffs))
    with db.atomic():
        new_id = create_issue(db, NewIssue(category=category, found_by="spot", description=text,
                                           village_code=village, household_id=household_id,
                                           extra={"复核记录": backcheck_id}),
                              by_user=session_user(db))
        db.execute("UPDATE backchecks SET issue_id = ? WHERE id = ?", [new_id, backcheck_id])
    return new_id
