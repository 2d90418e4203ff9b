"""The problem ledger (问题台账): registering issues and recording their history.

Every change to an issue adds an ``issue_events`` row (who, when, from/to status, note).
This module is the one place issues are created, so numbering and history stay consistent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ykt_desktop.changes import Kind, writes
from ykt_desktop.db.database import write_transaction
from ykt_desktop.errors import UserError
from ykt_desktop.glossary import ISSUE_STATUS
from ykt_desktop.money import MoneyError, typed_amount
from ykt_desktop.record_versions import check_unchanged, rows_token
from ykt_desktop.unit import get_unit

ISSUE_FIELDS = (
    "village_code", "household_id", "person_id", "card_id", "item_id", "finding_id", "amount",
    "description", "responsible_unit", "responsible_person", "measure", "deadline",
)


class LedgerError(ValueError, UserError):
    """An issue cannot be recorded as asked; the message is Chinese."""


@dataclass
class NewIssue:
    category: str
    found_by: str = "visit"
    description: str = ""
    village_code: str | None = None
    household_id: int | None = None
    person_id: int | None = None
    card_id: int | None = None
    item_id: int | None = None
    finding_id: int | None = None
    amount: float = 0.0
    responsible_unit: str = ""
    responsible_person: str = ""
    measure: str = ""
    deadline: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def next_issue_no(db: sqlite_utils.Database, day: dt.date | None = None) -> str:
    """The registering unit's code + WT + year + 6-digit sequence, e.g.
    420999100200-WT2026000123: unique across units forever, so a sliced village's copies of
    county issues, its own new ones and everyone's uploads never collide. A database without
    a unit (tests, tools) numbers WT2026000123."""
    year = (day or dt.date.today()).year
    unit = get_unit(db)
    prefix = f"{unit.code}-WT{year}" if unit else f"WT{year}"
    last = 0
    for pattern in {prefix, f"WT{year}"}:        # numbers given before units carried codes
        row = db.execute("SELECT max(issue_no) FROM issues WHERE issue_no LIKE ? "
                         "AND length(issue_no) = ?", [pattern + "%", len(pattern) + 6]).fetchone()
        if row and row[0] and row[0][len(pattern):].isdigit():
            last = max(last, int(row[0][len(pattern):]))
    return f"{prefix}{last + 1:06d}"


def number_legacy_issues(db: sqlite_utils.Database) -> int:
    """Give issue numbers without a unit code (WT2026000001) this unit's code, as exports
    always showed them (420999100200-WT2026000001), also in the comments received on them;
    returns how many. Nothing happens in a database without a unit."""
    unit = get_unit(db)
    if unit is None:
        return 0
    with write_transaction(db):
        count = db.execute("UPDATE issues SET issue_no = ? || '-' || issue_no "
                           "WHERE instr(issue_no, '-') = 0", [unit.code]).rowcount
        if "exchange_comments" in db.table_names():
            db.execute("UPDATE exchange_comments SET target_key = ? || '-' || target_key "
                       "WHERE target_table = 'issues' AND instr(target_key, '-') = 0 "
                       "AND target_key != ''", [unit.code])
    return count


@writes(Kind.ISSUES)
def create_issue(db: sqlite_utils.Database, issue: NewIssue, *, by_user: str = "") -> int:
    """Register an issue (status 已挂号) with its first history event; returns its id."""
    if not db.execute("SELECT 1 FROM issue_categories WHERE code = ?",
                      [issue.category]).fetchone():
        raise LedgerError(f"未知的问题类别：{issue.category}")
    if not issue.description.strip():
        raise LedgerError("问题描述不能为空")
    values = {f: getattr(issue, f) for f in ISSUE_FIELDS}
    values.update({f: _money(values[f], f) for f in MONEY_FIELDS if f in values})
    with write_transaction(db):
        cur = db.execute(
            f"INSERT INTO issues (issue_no, category, status, found_by, created_by, "
            f"{', '.join(ISSUE_FIELDS)}) VALUES (?, ?, 'registered', ?, ?, "
            f"{', '.join('?' * len(ISSUE_FIELDS))})",
            [next_issue_no(db), issue.category, issue.found_by, by_user, *values.values()])
        issue_id = cur.lastrowid
        add_event(db, issue_id, action="create", to_status="registered", by_user=by_user,
                  note="问题挂号", data=issue.extra)
    return issue_id


def add_event(db: sqlite_utils.Database, issue_id: int, *, action: str, by_user: str = "",
              from_status: str | None = None, to_status: str | None = None, note: str = "",
              data: dict | None = None) -> None:
    db.execute(
        "INSERT INTO issue_events(issue_id, by_user, action, from_status, to_status, note, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [issue_id, by_user, action, from_status, to_status, note,
         json.dumps(data or {}, ensure_ascii=False)])


def issue_events(db: sqlite_utils.Database, issue_id: int) -> list[dict]:
    cur = db.execute("SELECT at, by_user, action, from_status, to_status, note, data "
                     "FROM issue_events WHERE issue_id = ? ORDER BY id", [issue_id])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


# --- Status flow: 已挂号 -> 整改中 -> 已销号, and 退回重改 back to 整改中 ----------------------

EDITABLE_FIELDS = (
    "category", "description", "amount", "responsible_unit", "responsible_person", "deadline",
    "measure", "recovered_amount", "returned_amount", "self_reported_persons",
    "self_returned_amount",
    # what the issue is about, checked by ykt_desktop.ledger.links.resolve_links first
    "item_id", "person_id", "household_id", "village_code",
)
MONEY_FIELDS = ("amount", "recovered_amount", "returned_amount", "self_returned_amount")


def get_issue(db: sqlite_utils.Database, issue_id: int) -> dict[str, Any]:
    cur = db.execute("SELECT * FROM issues WHERE id = ?", [issue_id])
    row = cur.fetchone()
    if row is None:
        raise LedgerError(f"问题（编号 {issue_id}）不存在")
    return dict(zip([c[0] for c in cur.description], row, strict=True))


def issue_version(db: sqlite_utils.Database, issue_id: int) -> str:
    """The version token of an issue row (see :mod:`ykt_desktop.record_versions`): an editor
    reads it with the issue and passes it back as ``expected_version`` when saving."""
    return rows_token(db, [("SELECT * FROM issues WHERE id = ?", [issue_id])])


def _check_version(db: sqlite_utils.Database, issue: dict, expected: str | None) -> None:
    check_unchanged(expected, issue_version(db, issue["id"]), f"问题{issue['issue_no']}")


def _set_status(db: sqlite_utils.Database, issue: dict, to_status: str, *, by_user: str,
                note: str, data: dict | None = None, extra_sql: str = "",
                extra_args: list | None = None) -> None:
    db.execute(
        f"UPDATE issues SET status = ?, updated_at = datetime('now','localtime'){extra_sql} "
        "WHERE id = ?", [to_status, *(extra_args or []), issue["id"]])
    add_event(db, issue["id"], action="status", by_user=by_user, from_status=issue["status"],
              to_status=to_status, note=note, data=data)


@writes(Kind.ISSUES)
def start_rectification(db: sqlite_utils.Database, issue_id: int, *, by_user: str = "",
                        note: str = "", responsible_unit: str | None = None,
                        responsible_person: str | None = None,
                        deadline: str | None = None) -> None:
    """已挂号 / 退回重改 -> 整改中, optionally setting who is responsible and by when."""
    with write_transaction(db):
        issue = get_issue(db, issue_id)
        if issue["status"] not in ("registered", "reopened"):
            raise LedgerError(f"问题{issue['issue_no']}当前为“{_label(issue['status'])}”，"
                              "只有已挂号或退回重改的问题可以开始整改")
        changes = {k: v for k, v in (("responsible_unit", responsible_unit),
                                     ("responsible_person", responsible_person),
                                     ("deadline", deadline)) if v is not None}
        if "deadline" in changes:
            changes["deadline"] = _iso_date(changes["deadline"], "整改期限")
        if changes:
            update_issue(db, issue_id, changes, by_user=by_user)
        _set_status(db, issue, "rectifying", by_user=by_user, note=note or "开始整改")


@writes(Kind.ISSUES)
def close_issue(db: sqlite_utils.Database, issue_id: int, *, measure: str, rectified_at: str,
                by_user: str = "", recovered_amount: float | None = None,
                returned_amount: float | None = None, note: str = "",
                expected_version: str | None = None) -> None:
    """整改中 -> 已销号. Needs the measure taken, its date and at least one evidence file.
    With ``expected_version`` (from :func:`issue_version`) a changed issue is refused."""
    with write_transaction(db):
        issue = get_issue(db, issue_id)
        _check_version(db, issue, expected_version)
        if issue["status"] != "rectifying":
            raise LedgerError(f"问题{issue['issue_no']}当前为“{_label(issue['status'])}”，"
                              "只有整改中的问题可以销号")
        if not measure.strip():
            raise LedgerError("销号必须填写整改措施")
        day = _iso_date(rectified_at, "整改完成日期")
        if not evidence_ids(db, issue_id):
            raise LedgerError(f"问题{issue['issue_no']}还没有整改佐证材料，请先上传后再销号")
        money = {"recovered_amount": recovered_amount, "returned_amount": returned_amount}
        changes = {k: _money(v, k) for k, v in money.items() if v is not None}
        update_issue(db, issue_id, {"measure": measure.strip(), **changes}, by_user=by_user)
        _set_status(db, issue, "closed", by_user=by_user, note=note or "整改完成，销号",
                    data={"整改完成日期": day, **changes},
                    extra_sql=", rectified_at = ?, closed_at = datetime('now','localtime')",
                    extra_args=[day])


@writes(Kind.ISSUES)
def reopen_issue(db: sqlite_utils.Database, issue_id: int, *, reason: str,
                 by_user: str = "") -> None:
    """已销号 -> 退回重改 (the closure was not accepted); the reason is required and kept."""
    if not reason.strip():
        raise LedgerError("退回重改必须说明理由")
    with write_transaction(db):
        issue = get_issue(db, issue_id)
        if issue["status"] != "closed":
            raise LedgerError(f"问题{issue['issue_no']}当前为“{_label(issue['status'])}”，"
                              "只有已销号的问题可以退回重改")
        _set_status(db, issue, "reopened", by_user=by_user, note=reason.strip(),
                    extra_sql=", closed_at = NULL")


@writes(Kind.ISSUES)
def update_issue(db: sqlite_utils.Database, issue_id: int, changes: dict[str, Any], *,
                 by_user: str = "", note: str = "", expected_version: str | None = None) -> None:
    """Edit fields of an issue; the history keeps the values before and after. With
    ``expected_version`` (from :func:`issue_version`) an issue changed since is refused
    (``StaleRecordError``), never overwritten."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise LedgerError(f"这些字段不能修改：{'、'.join(sorted(unknown))}")
    with write_transaction(db):
        issue = get_issue(db, issue_id)
        _check_version(db, issue, expected_version)
        clean = {k: _clean_field(db, k, v) for k, v in changes.items()}
        diff = {k: v for k, v in clean.items() if issue[k] != v}
        if not diff:
            return
        sets = ", ".join(f"{k} = ?" for k in diff)
        db.execute(f"UPDATE issues SET {sets}, updated_at = datetime('now','localtime') "
                   "WHERE id = ?", [*diff.values(), issue_id])
        add_event(db, issue_id, action="edit", by_user=by_user, note=note or "修改问题信息",
                  data={"before": {k: issue[k] for k in diff}, "after": diff})


def _clean_field(db: sqlite_utils.Database, key: str, value: Any) -> Any:
    if key in ("item_id", "person_id", "household_id"):
        return None if value is None else int(value)
    if key == "village_code":
        return value or None
    if key in MONEY_FIELDS:
        return _money(value, key)
    if key in ("self_reported_persons",):
        return int(value or 0)
    if key == "deadline":
        return _iso_date(value, "整改期限") if value else None
    if key == "category" and not db.execute(
            "SELECT 1 FROM issue_categories WHERE code = ?", [value]).fetchone():
        raise LedgerError(f"未知的问题类别：{value}")
    return "" if value is None else str(value).strip()


@writes(Kind.ISSUES)
def refer_issue(db: sqlite_utils.Database, issue_id: int, *, note: str,
                by_user: str = "") -> None:
    """Record the referral to the discipline inspection and supervision bodies (移交纪检监察)."""
    if not note.strip():
        raise LedgerError("移交纪检监察需填写移交情况（移交单位、日期、文号等）")
    with write_transaction(db):
        get_issue(db, issue_id)
        db.execute("UPDATE issues SET referred = 1, referral_note = ?, "
                   "updated_at = datetime('now','localtime') WHERE id = ?",
                   [note.strip(), issue_id])
        add_event(db, issue_id, action="referral", by_user=by_user, note=note.strip())


@writes(Kind.ISSUES)
def record_discipline(db: sqlite_utils.Database, issue_id: int, *, party_sanctions: int = 0,
                      gov_sanctions: int = 0, exposed: bool = False, exposed_persons: int = 0,
                      note: str = "", by_user: str = "",
                      expected_version: str | None = None) -> None:
    """The outcome of a referral: sanctions (党纪 / 政务处分) and public exposure (通报曝光).
    With ``expected_version`` (from :func:`issue_version`) a changed issue is refused."""
    values = [int(party_sanctions), int(gov_sanctions), int(bool(exposed)), int(exposed_persons)]
    if min(values) < 0:
        raise LedgerError("处分和曝光人数不能为负数")
    with write_transaction(db):
        issue = get_issue(db, issue_id)
        _check_version(db, issue, expected_version)
        if not issue["referred"]:
            raise LedgerError(f"问题{issue['issue_no']}尚未移交纪检监察，不能记录处理结果")
        db.execute("UPDATE issues SET party_sanctions = ?, gov_sanctions = ?, exposed = ?, "
                   "exposed_persons = ?, updated_at = datetime('now','localtime') WHERE id = ?",
                   [*values, issue_id])
        add_event(db, issue_id, action="discipline", by_user=by_user, note=note.strip(),
                  data={"党纪处分": values[0], "政务处分": values[1], "通报曝光": values[2],
                        "曝光人数": values[3]})


@writes(Kind.ISSUES)
def add_comment(db: sqlite_utils.Database, issue_id: int, note: str, *, by_user: str = "") -> None:
    if not note.strip():
        raise LedgerError("备注不能为空")
    with write_transaction(db):
        get_issue(db, issue_id)
        add_event(db, issue_id, action="comment", by_user=by_user, note=note.strip())


def add_evidence(db: sqlite_utils.Database, issue_id: int, filename: str, data: bytes, *,
                 mime: str = "", by_user: str = "") -> int:
    """Attach an evidence file (photo, scan, receipt) to an issue; returns the attachment id."""
    if not data:
        raise LedgerError(f"佐证材料“{filename}”是空文件")
    with write_transaction(db):
        get_issue(db, issue_id)
        digest = hashlib.sha256(data).hexdigest()
        cur = db.execute(
            "INSERT INTO attachments(kind, filename, mime, size, sha256, data, owner_table, "
            "owner_id, created_by) VALUES ('evidence', ?, ?, ?, ?, ?, 'issues', ?, ?)",
            [filename, mime or _guess_mime(filename), len(data), digest, data, issue_id, by_user])
        add_event(db, issue_id, action="attach", by_user=by_user, note=f"上传佐证材料：{filename}",
                  data={"attachment_id": cur.lastrowid, "sha256": digest, "size": len(data)})
    return cur.lastrowid


def evidence_ids(db: sqlite_utils.Database, issue_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM attachments WHERE owner_table = 'issues' AND owner_id = ? "
        "AND kind = 'evidence' ORDER BY id", [issue_id]).fetchall()]


def evidence_list(db: sqlite_utils.Database, issue_id: int) -> list[dict]:
    cur = db.execute("SELECT id, filename, size, created_at, created_by FROM attachments "
                     "WHERE owner_table = 'issues' AND owner_id = ? AND kind = 'evidence' "
                     "ORDER BY id", [issue_id])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _label(status: str) -> str:
    return ISSUE_STATUS.get(status, status)


def _iso_date(value: Any, what: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise LedgerError(f"{what}“{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _money(value: Any, what: str) -> float:
    """A typed amount to the 分, not negative (``what``: the field, named in the message)."""
    try:
        return typed_amount(value, what)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from None


def _guess_mime(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
