"""主动说清: people who came forward to 纪检监察 and money they handed back, on a ledger issue.

Each entry belongs to an issue; the issue's 主动说清人数 and 主动上缴资金 are kept equal to the
sum of its entries (through :func:`ykt_desktop.ledger.issues.update_issue`, so the change is in the
issue's history), which is what 天门 附件2's 主动说清情况事项 columns add up.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.changes import Kind, writes
from ykt_desktop.ledger.issues import get_issue, update_issue
from ykt_desktop.money import MoneyError, typed_amount
from ykt_desktop.security.read_scope import region_condition
from ykt_desktop.security.session import session_user


@writes(Kind.CAMPAIGN)
def add_self_report(db: sqlite_utils.Database, issue_id: int, *, persons: int, amount: float,
                    reported_on: str, names: str = "", notes: str = "") -> int:
    """Record one 主动说清 on ``issue_id``; returns its id."""
    if int(persons) < 0:
        raise CampaignError("主动说清人数不能为负数")
    try:
        amount = typed_amount(amount, "self_returned_amount")
    except MoneyError as exc:
        raise CampaignError(str(exc)) from None
    if int(persons) == 0 and float(amount) == 0:
        raise CampaignError("请填写主动说清人数或主动上缴资金")
    day = iso_day(reported_on, "说清日期")
    with db.atomic():
        issue = get_issue(db, issue_id)
        cur = db.execute(
            "INSERT INTO self_reports(issue_id, village_code, persons, names, amount, "
            "reported_on, notes, created_by) VALUES (?,?,?,?,?,?,?,?)",
            [issue_id, issue["village_code"], int(persons), names.strip(),
             amount, day, notes.strip(), session_user(db)])
        _sync_issue(db, issue_id)
    return int(cur.lastrowid)


def delete_self_report(db: sqlite_utils.Database, report_id: int) -> None:
    row = db.execute("SELECT issue_id FROM self_reports WHERE id = ?", [report_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {report_id} 的主动说清记录")
    with db.atomic():
        db.execute("DELETE FROM self_reports WHERE id = ?", [report_id])
        _sync_issue(db, row[0])


def _sync_issue(db: sqlite_utils.Database, issue_id: int) -> None:
    persons, amount = db.execute("SELECT coalesce(sum(persons), 0), total(amount) FROM "
                                 "self_reports WHERE issue_id = ?", [issue_id]).fetchone()
    update_issue(db, issue_id, {"self_reported_persons": int(persons),
                                "self_returned_amount": round(amount, 2)},
                 by_user=session_user(db), note="主动说清")


def issue_id_by_number(db: sqlite_utils.Database, number: str) -> int:
    """The id of the issue numbered ``number`` (问题编号 as shown in the ledger); the short
    form without the unit code (WT2026000012) when only one issue carries it."""
    number = number.strip()
    row = db.execute("SELECT id FROM issues WHERE issue_no = ?", [number]).fetchone()
    if row is not None:
        return row[0]
    rows = db.execute("SELECT id, issue_no FROM issues WHERE issue_no LIKE ? ORDER BY issue_no "
                      "LIMIT 4", ["%-" + number]).fetchall() if number else []
    if len(rows) == 1:
        return rows[0][0]
    if rows:
        raise CampaignError(f"编号“{number}”对应多个问题（{'、'.join(r[1] for r in rows[:3])}"
                            "），请写完整编号（含单位代码）")
    raise CampaignError(f"问题台账中没有编号为“{number}”的问题")


def has_issues(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM issues LIMIT 1").fetchone() is not None


def self_reports(db: sqlite_utils.Database, *, issue_id: int | None = None) -> list[dict]:
    where, args = ("WHERE s.issue_id = ?", [issue_id]) if issue_id is not None else ("", [])
    scope, scope_args = region_condition(db, "s.village_code")    # the session's region
    where, args = f"{where or 'WHERE 1'} AND {scope}", [*args, *scope_args]
    return list(db.query(
        "SELECT s.id, s.issue_id, i.issue_no, coalesce(r.name, s.village_code) AS village, "
        "s.persons, s.names, s.amount, s.reported_on, s.notes FROM self_reports s JOIN issues i "
        f"ON i.id = s.issue_id LEFT JOIN regions r ON r.code = s.village_code {where} "
        "ORDER BY s.reported_on DESC, s.id DESC", args))


def self_reports_summary(db: sqlite_utils.Database, *, unit: str, year: int | str) -> dict:
    """主动说清 of ``year`` under region prefix ``unit``: entries, persons, money handed back.

    For the returns helper (天门 附件2 columns 9 and 10 sum the issues' fields, which these
    entries keep equal to their totals; this gives the same figures dated by 说清日期).
    """
    row = db.execute("SELECT count(*), coalesce(sum(persons), 0), total(amount) FROM "
                     "self_reports WHERE coalesce(village_code, '') LIKE ? AND "
                     "substr(reported_on, 1, 4) = ?", [unit + "%", str(year)]).fetchone()
    return {"entries": row[0], "persons": int(row[1]), "amount": round(row[2], 2)}
