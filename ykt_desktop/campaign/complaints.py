"""举报 register: every complaint with its channel, handling, deadline, reply and result.

The complainant's name and contact are kept whole but shown masked unless a logged-in session
may see them (permission ``view_complainant``: township reviewer and county administrator);
without a login they are masked too, and a village clerk (whose own cadres may be the ones
reported) sees nothing of them, not even a surname or a phone tail. A session sees only the
complaints of its own region. A
complaint can be registered as a ledger issue (发现方式 群众举报) or linked to one.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.changes import Kind, writes
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue
from ykt_desktop.security import roles
from ykt_desktop.security.session import current, may, session_user

CHANNELS = {"phone": "电话", "letter": "来信", "visit": "来访", "online": "网络",
            "platform": "平台"}
RESULTS = {"": "", "substantiated": "属实", "partly": "部分属实", "unfounded": "不属实"}
STATUS = {"registered": "已登记", "handling": "办理中", "replied": "已答复"}
DEFAULT_DAYS = 30
COLUMNS = ("id", "complaint_no", "channel", "received_on", "content", "complainant",
           "complainant_contact", "village_code", "persons_concerned", "handler", "handling",
           "deadline", "replied_on", "reply", "result", "status", "issue_id")


def _code(table: dict[str, str], value: str, what: str) -> str:
    for code, label in table.items():
        if value in (code, label):
            return code
    raise CampaignError(f"{what}应为 {'、'.join(v for v in table.values() if v)} 之一，"
                        f"不是“{value}”")


def next_complaint_no(db: sqlite_utils.Database, year: int) -> str:
    prefix = f"JB{year}"
    last = db.execute("SELECT max(complaint_no) FROM complaints WHERE complaint_no LIKE ?",
                      [prefix + "%"]).fetchone()[0]
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:04d}"


@writes(Kind.CAMPAIGN)
def register_complaint(db: sqlite_utils.Database, *, channel: str, received_on: str,
                       content: str, complainant: str = "", contact: str = "",
                       village_code: str | None = None, persons_concerned: str = "",
                       deadline: str | None = None) -> int:
    """Register a complaint; the reply is due ``deadline`` (default 30 days after receipt)."""
    code = _code(CHANNELS, channel, "举报方式")
    day = iso_day(received_on, "受理日期")
    if not content.strip():
        raise CampaignError("请填写举报内容")
    if village_code and not db.execute("SELECT 1 FROM regions WHERE code = ?",
                                       [village_code]).fetchone():
        raise CampaignError(f"区划代码 {village_code} 不存在")
    due = iso_day(deadline, "答复期限") if deadline else (
        dt.date.fromisoformat(day) + dt.timedelta(days=DEFAULT_DAYS)).isoformat()
    if due < day:
        raise CampaignError(f"答复期限{due}早于受理日期{day}")
    cur = db.execute(
        "INSERT INTO complaints(complaint_no, channel, received_on, content, complainant, "
        "complainant_contact, village_code, persons_concerned, deadline, created_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        [next_complaint_no(db, int(day[:4])), code, day, content.strip(), complainant.strip(),
         contact.strip(), village_code or None, persons_concerned.strip(), due,
         session_user(db)])
    return int(cur.lastrowid)


@writes(Kind.CAMPAIGN)
def record_handling(db: sqlite_utils.Database, complaint_id: int, *, handler: str,
                    handling: str) -> None:
    if not handler.strip() or not handling.strip():
        raise CampaignError("请填写承办人和办理情况")
    get_complaint(db, complaint_id, full=True)
    db.execute("UPDATE complaints SET handler = ?, handling = ?, status = CASE WHEN status = "
               "'replied' THEN status ELSE 'handling' END WHERE id = ?",
               [handler.strip(), handling.strip(), complaint_id])


@writes(Kind.CAMPAIGN)
def record_reply(db: sqlite_utils.Database, complaint_id: int, *, replied_on: str, reply: str,
                 result: str) -> None:
    """The reply to the complainant and the result of the verification (属实 / ...)."""
    c = get_complaint(db, complaint_id, full=True)
    day = iso_day(replied_on, "答复日期")
    if day < c["received_on"]:
        raise CampaignError(f"答复日期{day}早于受理日期{c['received_on']}")
    if not reply.strip():
        raise CampaignError("请填写答复内容")
    code = _code({k: v for k, v in RESULTS.items() if k}, result, "核实结果")
    db.execute("UPDATE complaints SET replied_on = ?, reply = ?, result = ?, status = 'replied' "
               "WHERE id = ?", [day, reply.strip(), code, complaint_id])


@writes(Kind.CAMPAIGN, Kind.ISSUES)
def complaint_to_issue(db: sqlite_utils.Database, complaint_id: int, *, category: str,
                       description: str = "", issue_id: int | None = None) -> int:
    """Register the complaint as an issue (发现方式 群众举报), or link an existing issue."""
    c = get_complaint(db, complaint_id, full=True)
    if c["issue_id"]:
        raise CampaignError(f"举报 {c['complaint_no']} 已关联问题（编号 {c['issue_id']}）")
    with db.atomic():
        if issue_id is None:
            text = description.strip() or f"群众举报（{c['complaint_no']}）：{c['content']}"
            issue_id = create_issue(db, NewIssue(category=category, found_by="report",
                                                 description=text, village_code=c["village_code"],
                                                 extra={"举报编号": c["complaint_no"]}),
                                    by_user=session_user(db))
        else:
            get_issue(db, issue_id)
        db.execute("UPDATE complaints SET issue_id = ? WHERE id = ?", [issue_id, complaint_id])
    return issue_id


def mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1)) if len(name) > 1 else ("*" if name else "")


def mask_contact(text: str) -> str:
    return text[:3] + "****" + text[-4:] if len(text) >= 8 else ("****" if text else "")


def _shown(db: sqlite_utils.Database, row: dict, full: bool) -> dict:
    session = current(db)
    if full or (session is not None and may(db, "view_complainant", row["village_code"])):
        return row
    if session is not None and session.role == "village_clerk":
        return {**row, "complainant": "***" if row["complainant"] else "",
                "complainant_contact": "****" if row["complainant_contact"] else ""}
    return {**row, "complainant": mask_name(row["complainant"]),
            "complainant_contact": mask_contact(row["complainant_contact"])}


def _region_filter(db: sqlite_utils.Database, alias: str = "c") -> tuple[str, list]:
    """SQL condition limiting complaints to the session's region (a village clerk sees only
    its village's; complaints with no village only from the township up)."""
    session = current(db)
    if session is None:
        return "1", []
    prefix = roles.scope_prefix(session.role, session.unit_code)
    if not prefix:
        return "1", []
    code = f"coalesce({alias}.village_code, '')"
    no_village = "0" if session.role == "village_clerk" else f"{code} = ''"
    return f"({code} LIKE ? OR {no_village})", [prefix + "%"]


def get_complaint(db: sqlite_utils.Database, complaint_id: int, *, full: bool = False) -> dict:
    where, args = _region_filter(db)
    rows = list(db.query(f"SELECT {', '.join(COLUMNS)} FROM complaints c WHERE id = ? "
                         f"AND {where}", [complaint_id, *args]))
    if not rows:
        raise CampaignError(f"没有编号为 {complaint_id} 的举报")
    return _shown(db, rows[0], full)


def list_complaints(db: sqlite_utils.Database, *, today: dt.date | None = None,
                    overdue_only: bool = False) -> list[dict]:
    """Complaints, newest first, masked for the session; ``overdue`` = past deadline, no reply."""
    day = (today or dt.date.today()).isoformat()
    out = []
    where, args = _region_filter(db)
    cols = ", ".join(f"c.{c}" for c in COLUMNS)
    for row in db.query(f"SELECT {cols}, coalesce(r.name, '') AS village_name, "
                        "coalesce(i.issue_no, '') AS issue_no FROM complaints c LEFT JOIN regions "
                        "r ON r.code = c.village_code LEFT JOIN issues i ON i.id = c.issue_id "
                        f"WHERE {where} ORDER BY c.received_on DESC, c.id DESC", args):
        row["overdue"] = row["status"] != "replied" and row["deadline"] < day
        if row["overdue"] or not overdue_only:
            out.append(_shown(db, row, False))
    return out


def complaint_counts(db: sqlite_utils.Database, *, unit: str, start: str, end: str,
                     today: dt.date | None = None) -> dict[str, int]:
    """Counts for the returns: received in [start, end] under region prefix ``unit``, by
    channel, replied, substantiated (属实 or 部分属实), linked to issues and overdue."""
    day = (today or dt.date.today()).isoformat()
    row = db.execute(
        "SELECT count(*), total(status = 'replied'), total(result IN ('substantiated','partly')),"
        " total(issue_id IS NOT NULL), total(status <> 'replied' AND deadline < ?) FROM "
        "complaints WHERE coalesce(village_code, '') LIKE ? AND received_on BETWEEN ? AND ?",
        [day, unit + "%", start, end]).fetchone()
    out = dict(zip(("received", "replied", "substantiated", "to_issue", "overdue"),
                   (int(v) for v in row), strict=True))
    for code in CHANNELS:
        out[f"channel_{code}"] = db.execute(
            "SELECT count(*) FROM complaints WHERE channel = ? AND coalesce(village_code, '') "
            "LIKE ? AND received_on BETWEEN ? AND ?", [code, unit + "%", start, end]).fetchone()[0]
    return out
