"""A person decides on a finding: confirm it (it becomes a registered issue) or dismiss it.

A dismissed finding keeps its reason and stays dismissed when the rule finds it again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.changes import Kind, writes
from ykt_desktop.checks.params import load_params
from ykt_desktop.checks.registry import rule_titles
from ykt_desktop.ledger.issues import LedgerError, NewIssue, create_issue
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.display import number_view
from ykt_desktop.security.read_scope import region_condition, require_readable

FINDING_HEADERS = ("规则", "状态", "村", "对象", "说明", "金额（元）", "首次发现", "最近发现")


@dataclass
class FindingFilter:
    rule: str | None = None
    status: str | None = None
    village_code: str | None = None


def get_finding(db: sqlite_utils.Database, finding_id: int) -> dict:
    cur = db.execute("SELECT * FROM findings WHERE id = ?", [finding_id])
    row = cur.fetchone()
    if row is None:
        raise LedgerError(f"比对结果（编号 {finding_id}）不存在")
    finding = dict(zip([c[0] for c in cur.description], row, strict=True))
    require_readable(db, finding["village_code"], "比对结果")     # the session's region
    finding["evidence"] = json.loads(finding["evidence"] or "{}")
    return finding


@writes(Kind.FINDINGS, Kind.ISSUES)
def confirm_finding(db: sqlite_utils.Database, finding_id: int, *, by_user: str = "",
                    category: str | None = None, description: str | None = None,
                    responsible_unit: str = "", responsible_person: str = "",
                    deadline: str | None = None) -> int:
    """Register the finding as an issue (已挂号); returns the issue id."""
    with db.atomic():
        finding = get_finding(db, finding_id)
        if finding["status"] == "confirmed":
            return finding["issue_id"]
        if finding["status"] == "dismissed":
            raise LedgerError("该比对结果已排除，如需登记请先恢复为待确认")
        title = rule_titles().get(finding["rule"], finding["rule"])
        summary = finding["evidence"].get("说明", finding["subject_key"])
        issue_id = create_issue(db, NewIssue(
            category=category or load_params(db)["categories"].get(finding["rule"], "qita"),
            found_by="check", description=description or f"【{title}】{summary}",
            village_code=finding["village_code"], household_id=finding["household_id"],
            person_id=finding["person_id"], card_id=finding["card_id"],
            item_id=finding["item_id"], finding_id=finding_id, amount=finding["amount"],
            responsible_unit=responsible_unit, responsible_person=responsible_person,
            deadline=deadline,
            extra={"比对规则": finding["rule"], "对象": finding["subject_key"],
                   "证据": finding["evidence"]}), by_user=by_user)
        _decide(db, finding_id, "confirmed", by_user, issue_id=issue_id)
    return issue_id


@writes(Kind.FINDINGS, Kind.ISSUES)
def dismiss_finding(db: sqlite_utils.Database, finding_id: int, reason: str, *,
                    by_user: str = "") -> None:
    if not reason.strip():
        raise LedgerError("排除比对结果必须说明理由")
    with db.atomic():
        finding = get_finding(db, finding_id)
        if finding["status"] == "confirmed":
            raise LedgerError("该比对结果已登记为问题，请在问题台账中处理")
        _decide(db, finding_id, "dismissed", by_user, reason=reason.strip())


@writes(Kind.FINDINGS, Kind.ISSUES)
def restore_finding(db: sqlite_utils.Database, finding_id: int, *, by_user: str = "") -> None:
    """A dismissed finding back to 待确认 (its old reason stays in the evidence history)."""
    with db.atomic():
        finding = get_finding(db, finding_id)
        if finding["status"] != "dismissed":
            raise LedgerError("只有已排除的比对结果可以恢复")
        evidence = {**finding["evidence"], "曾排除理由": finding["dismiss_reason"]}
        db.execute("UPDATE findings SET status = 'candidate', evidence = ?, decided_by = ?, "
                   "decided_at = datetime('now','localtime') WHERE id = ?",
                   [json.dumps(evidence, ensure_ascii=False), by_user, finding_id])


def _decide(db: sqlite_utils.Database, finding_id: int, status: str, by_user: str, *,
            issue_id: int | None = None, reason: str = "") -> None:
    db.execute("UPDATE findings SET status = ?, issue_id = coalesce(?, issue_id), "
               "dismiss_reason = ?, decided_by = ?, decided_at = datetime('now','localtime') "
               "WHERE id = ?", [status, issue_id, reason, by_user, finding_id])


def list_finding_ids(db: sqlite_utils.Database, f: FindingFilter | None = None) -> list[int]:
    f = f or FindingFilter()
    parts, args = ["1 = 1"], []
    for column, value in (("rule", f.rule), ("status", f.status)):
        if value:
            parts.append(f"{column} = ?")
            args.append(value)
    if f.village_code:
        parts.append("village_code LIKE ?")
        args.append(code_prefix(f.village_code) + "%")
    scope, scope_args = region_condition(db, "village_code")      # the session's region
    parts.append(scope)
    args += scope_args
    return [r[0] for r in db.execute(
        f"SELECT id FROM findings WHERE {' AND '.join(parts)} ORDER BY rule, village_code, id",
        args).fetchall()]


def fetch_finding_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    titles = rule_titles()
    view = number_view(db)
    marks = ",".join("?" * len(ids))
    out = {}
    for (fid, rule, status, village, person, subject, evidence, amount, first, last,
         vcode) in db.execute(
            f"SELECT f.id, f.rule, f.status, r.name, p.name, f.subject_key, f.evidence, "
            f"f.amount, f.first_seen, f.last_seen, f.village_code FROM findings f "
            f"LEFT JOIN regions r ON r.code = f.village_code "
            f"LEFT JOIN persons p ON p.id = f.person_id WHERE f.id IN ({marks})",
            list(ids)).fetchall():
        summary = view.text(json.loads(evidence or "{}").get("说明", subject), vcode)
        out[fid] = (titles.get(rule, rule), glossary.label(glossary.FINDING_STATUS, status),
                    village or "", person or view.text(subject, vcode), summary,
                    f"{amount:,.2f}", first[:16], last[:16])
    return out
