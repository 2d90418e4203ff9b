"""Finding issues in the ledger (问题台账): filters, the rows a table shows, overdue marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.errors import UserError
from ykt_desktop.ledger.issues import issue_events
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.display import number_view
from ykt_desktop.security.read_scope import region_condition

HEADERS = ("问题编号", "类别", "状态", "发现方式", "村", "对象", "问题描述", "涉及金额（元）",
           "责任单位", "责任人", glossary.DEADLINE, f"{glossary.RECOVERED}（元）",
           f"{glossary.RETURNED}（元）", glossary.REFERRAL, "挂号时间")
OVERDUE_COLUMN = 10


@dataclass
class IssueFilter:
    category: str | None = None
    status: str | None = None          # a status code, or 'open' for anything not closed
    village_code: str | None = None    # a village, or a township / county (prefix match)
    found_by: str | None = None
    overdue_only: bool = False
    min_amount: float | None = None
    text: str = ""


def _where(f: IssueFilter, today: dt.date) -> tuple[str, list]:
    parts, args = ["1 = 1"], []
    if f.category:
        parts.append("i.category = ?")
        args.append(f.category)
    if f.status == "open":
        parts.append("i.status != 'closed'")
    elif f.status:
        parts.append("i.status = ?")
        args.append(f.status)
    if f.village_code:
        parts.append("i.village_code LIKE ?")
        args.append(code_prefix(f.village_code) + "%")
    if f.found_by:
        parts.append("i.found_by = ?")
        args.append(f.found_by)
    if f.overdue_only:
        parts.append("i.status != 'closed' AND i.deadline IS NOT NULL AND i.deadline < ?")
        args.append(today.isoformat())
    if f.min_amount is not None:
        parts.append("i.amount >= ?")
        args.append(f.min_amount)
    if f.text.strip():
        parts.append("(i.issue_no LIKE ? OR i.description LIKE ? OR p.name LIKE ? "
                     "OR p.id_number = ?)")
        like = f"%{f.text.strip()}%"
        args += [like, like, like, f.text.strip()]
    return " AND ".join(parts), args


def list_issue_ids(db: sqlite_utils.Database, f: IssueFilter | None = None, *,
                   today: dt.date | None = None) -> list[int]:
    """Ids of the issues matching ``f``, newest first."""
    where, args = _where(f or IssueFilter(), today or dt.date.today())
    scope, scope_args = region_condition(db, "i.village_code")    # the session's region
    return [r[0] for r in db.execute(
        f"SELECT i.id FROM issues i LEFT JOIN persons p ON p.id = i.person_id WHERE {where} "
        f"AND {scope} ORDER BY i.created_at DESC, i.id DESC", [*args, *scope_args]).fetchall()]


def fetch_issue_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, tuple]:
    """Display rows (in :data:`HEADERS` order) for a page of issue ids; numbers inside the
    description whole or masked by the user's role (:mod:`ykt_desktop.security.display`)."""
    if not ids:
        return {}
    view = number_view(db)
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"""
        SELECT i.id, i.issue_no, c.name, i.status, i.found_by, r.name, p.name, i.description,
               i.amount, i.responsible_unit, i.responsible_person, i.deadline,
               i.recovered_amount, i.returned_amount, i.referred, i.created_at, i.village_code
        FROM issues i LEFT JOIN issue_categories c ON c.code = i.category
        LEFT JOIN regions r ON r.code = i.village_code LEFT JOIN persons p ON p.id = i.person_id
        WHERE i.id IN ({marks})""", list(ids)).fetchall()
    out = {}
    for (iid, no, cat, status, found_by, village, person, desc, amount, unit, who, deadline,
         recovered, returned, referred, created, vcode) in rows:
        out[iid] = (no, cat or "", glossary.label(glossary.ISSUE_STATUS, status),
                    glossary.label(glossary.FOUND_BY, found_by), village or "", person or "",
                    view.text(desc, vcode), f"{amount:,.2f}", unit, who, deadline or "",
                    f"{recovered:,.2f}", f"{returned:,.2f}", "是" if referred else "",
                    created[:16])
    return out


def is_overdue(status: str, deadline: str | None, today: dt.date | None = None) -> bool:
    return bool(deadline) and status != "closed" and deadline < (
        today or dt.date.today()).isoformat()


def overdue_ids(db: sqlite_utils.Database, ids: Sequence[int],
                today: dt.date | None = None) -> set[int]:
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(
        f"SELECT id FROM issues WHERE id IN ({marks}) AND status != 'closed' "
        f"AND deadline IS NOT NULL AND deadline < ?",
        [*ids, (today or dt.date.today()).isoformat()]).fetchall()}


def ledger_totals(db: sqlite_utils.Database, ids: Sequence[int] | None = None) -> dict[str, float]:
    """Counts and money over all issues (or the given ones)."""
    sql = ("SELECT count(*), total(status = 'closed'), total(amount), total(recovered_amount), "
           "total(returned_amount), total(referred) FROM issues")
    args: list = []
    if ids is not None:
        if not ids:
            return {"issues": 0, "closed": 0, "amount": 0.0, "recovered": 0.0, "returned": 0.0,
                    "referred": 0}
        sql = f"{sql} WHERE id IN (SELECT value FROM json_each(?))"
        import json

        args = [json.dumps(list(ids))]
    n, closed, amount, recovered, returned, referred = db.execute(sql, args).fetchone()
    return {"issues": n, "closed": int(closed), "amount": round(amount, 2),
            "recovered": round(recovered, 2), "returned": round(returned, 2),
            "referred": int(referred)}


def event_rows(db: sqlite_utils.Database, issue_id: int) -> list[tuple]:
    """The history of an issue as display rows: time, who, action, status change, note."""
    actions = {"create": "挂号", "status": "状态变更", "edit": "修改", "attach": "上传佐证",
               "referral": glossary.REFERRAL, "discipline": "处理结果", "comment": "备注"}
    view = number_view(db)
    village = db.execute("SELECT village_code FROM issues WHERE id = ?", [issue_id]).fetchone()
    rows = []
    for e in issue_events(db, issue_id):
        move = ""
        if e["to_status"]:
            before = glossary.label(glossary.ISSUE_STATUS, e["from_status"])
            move = f"{before} → " if before else ""
            move += glossary.label(glossary.ISSUE_STATUS, e["to_status"])
        rows.append((e["at"][:16], e["by_user"], actions.get(e["action"], e["action"]), move,
                     view.text(_event_note(e), village[0] if village else None)))
    return rows


FIELD_LABELS = {"category": "类别", "description": "描述", "amount": "涉及金额",
                "responsible_unit": "责任单位", "responsible_person": "责任人",
                "deadline": glossary.DEADLINE, "measure": "整改措施",
                "recovered_amount": glossary.RECOVERED,
                "returned_amount": glossary.RETURNED, "self_reported_persons": "主动说清人数",
                "self_returned_amount": "主动上缴资金"}


def _event_note(event: dict) -> str:
    if event["action"] != "edit":
        return event["note"]
    import json

    data = json.loads(event["data"] or "{}")
    before, after = data.get("before", {}), data.get("after", {})
    parts = [f"{FIELD_LABELS.get(k, k)}：{before.get(k) or '（空）'} → {v or '（空）'}"
             for k, v in after.items()]
    return "；".join(parts) or event["note"]


class IssueNotFound(LookupError, UserError):
    """No issue, or more than one, answers to the number the officer typed."""


def issue_by_number(db: sqlite_utils.Database, ref: str) -> int:
    """The issue's id for its whole number (420999100200-WT2026000001), its row number, or the
    number without the unit code (WT2026000001) when only one issue in this database ends so;
    several are listed for the officer to choose."""
    ref = ref.strip()
    row = db.execute("SELECT id FROM issues WHERE issue_no = ? OR CAST(id AS TEXT) = ?",
                     [ref, ref]).fetchone()
    if row:
        return row[0]
    found = db.execute("SELECT id, issue_no FROM issues WHERE issue_no LIKE ? ORDER BY issue_no",
                       [f"%-{ref}"]).fetchall() if ref else []
    if len(found) == 1:
        return found[0][0]
    if found:
        shown = "、".join(no for _, no in found[:10]) + ("等" if len(found) > 10 else "")
        raise IssueNotFound(f"以 {ref} 结尾的问题有 {len(found)} 个：{shown}。请写完整编号")
    raise IssueNotFound(f"没有编号为 {ref} 的问题（完整编号如 420999100200-WT2026000001，"
                        "本库中唯一时可只写 WT2026000001）")
