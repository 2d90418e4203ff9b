"""Browsing the audit log: filtered id lists and rows fetched on demand (for the page and CLI).

Values are shown masked unless the session may see full numbers
(:mod:`ykt_desktop.security.display`; an entry's region is not known, so a role confined to a
region sees them masked).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.audit import words
from ykt_desktop.checks.registry import rule_titles
from ykt_desktop.errors import UserError
from ykt_desktop.ledger.query import IssueNotFound, issue_by_number
from ykt_desktop.security.display import number_view
from ykt_desktop.table_names import TABLE_NAMES, table_name

ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除", "login": "登录",
                 "login_failed": "登录失败", "logout": "退出", "export": "导出", "sign": "签章",
                 "import": "导入", "restore": "恢复备份", "backup": "备份",
                 # the audit log's own protection (issue 14)
                 "audit_head_problem": "链头核对发现问题", "audit_head_file": "启用链头文件",
                 "protect_trigger_restored": "重建保护触发器",
                 "schema_upgraded": "升级数据库结构",
                 "audit_chain_finding": "下级审计链问题"}
EVENT_ACTIONS = {"create": "挂号", "status": "状态变更", "edit": "修改", "attach": "上传佐证",
                 "referral": "移交纪检监察", "discipline": "处理结果", "comment": "备注"}
HEADERS = ("序号", "时间", "用户", "操作", "表", "记录", "修改前", "修改后")
EXPORT_HEADERS = (*HEADERS, "逐项变化（修改前 → 修改后）")


@dataclass
class AuditFilter:
    user: str = ""
    table_name: str = ""
    action: str = ""
    since: str = ""      # YYYY-MM-DD
    until: str = ""      # YYYY-MM-DD (inclusive)
    row_id: int | None = None
    text: str = ""
    household_id: int | None = None     # entries of this household and of its rows
    issue_id: int | None = None         # entries of this issue and of its events and records


def _where(f: AuditFilter) -> tuple[str, list]:
    parts, args = [], []
    for column, value in (("by_user", f.user), ("table_name", f.table_name),
                          ("action", f.action)):
        if value:
            parts.append(f"{column} = ?")
            args.append(value)
    if f.since:
        parts.append("at >= ?")
        args.append(f.since)
    if f.until:
        parts.append("at < date(?, '+1 day')")
        args.append(f.until)
    if f.row_id is not None:
        parts.append("row_id = ?")
        args.append(f.row_id)
    for table, value in (("households", f.household_id), ("issues", f.issue_id)):
        if value is not None:
            column = "household_id" if table == "households" else "issue_id"
            parts.append(f"((table_name = '{table}' AND row_id = ?) OR json_extract("
                         f"coalesce(after, before), '$.{column}') = ?)")
            args += [value, value]
    if f.text:
        parts.append("(instr(coalesce(before, ''), ?) OR instr(coalesce(after, ''), ?))")
        args += [f.text, f.text]
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


def entry_ids(db: sqlite_utils.Database, f: AuditFilter | None = None) -> list[int]:
    """Ids of matching entries, newest first."""
    where, args = _where(f or AuditFilter())
    return [r[0] for r in db.execute(f"SELECT id FROM audit_log{where} ORDER BY id DESC", args)]


def fetch(db: sqlite_utils.Database, ids: list[int], *,
          with_diff: bool = False) -> dict[int, tuple]:
    """{id: display row} for :data:`HEADERS` in words (``with_diff``: :data:`EXPORT_HEADERS`)."""
    if not ids:
        return {}
    view = number_view(db)
    marks = ",".join("?" * len(ids))
    labels = {"category": dict(db.execute("SELECT code, name FROM issue_categories")),
              "issue_events.action": EVENT_ACTIONS, "issue_id": _issue_numbers(db, marks, ids),
              "rules": _rule_titles, "items": dict(db.execute("SELECT code, name FROM "
                                                              "subsidy_items"))}
    out = {}
    for row in db.execute(f"SELECT id, at, by_user, action, table_name, row_id, before, after "
                          f"FROM audit_log WHERE id IN ({marks})", list(ids)):
        table, before, after = row[4], row[6], row[7]
        items = words.changes(table, before, after, view, labels)
        old, new = words.before_after_text(items, inserted=not before, deleted=not after)
        if not items and (before or after) and table not in TABLE_NAMES:
            old, new = view.text(before), view.text(after)     # a summary entry, as written
        out[row[0]] = (row[0], row[1].replace("T", " ")[:19], row[2] or "（系统）",
                       ACTION_LABELS.get(row[3], row[3]), table_name(table) if table else "",
                       words.record_label(table, before, after, row[5], view, labels), old, new)
        if with_diff:
            out[row[0]] += (words.diff_text(items),)
    return out


def _issue_numbers(db: sqlite_utils.Database, marks: str, ids: list[int]) -> dict[int, str]:
    """{issue id: 问题编号} for the issues these entries' rows belong to."""
    return dict(db.execute(
        f"SELECT id, issue_no FROM issues WHERE id IN (SELECT json_extract(coalesce(after, "
        f"before), '$.issue_id') FROM audit_log WHERE id IN ({marks}))", list(ids)))


def _rule_titles() -> dict[str, str]:
    return rule_titles()


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    if column not in ("by_user", "table_name", "action"):
        raise ValueError(column)
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM audit_log "
                                     f"WHERE {column} != '' ORDER BY 1")]


class AuditQueryError(ValueError, UserError):
    """A household or issue number that is not in this database."""


def subject_filter(db: sqlite_utils.Database, f: AuditFilter, *, hh_no: str = "",
                   issue_no: str = "") -> AuditFilter:
    """``f`` narrowed to one household (户编号) and/or one issue (问题编号)."""
    if hh_no.strip():
        row = db.execute("SELECT id FROM households WHERE hh_no = ?", [hh_no.strip()]).fetchone()
        if row is None:
            raise AuditQueryError(f"户编号“{hh_no.strip()}”不在本库中")
        f.household_id = row[0]
    if issue_no.strip():
        try:                # the short form WT… when it is unique in this database
            f.issue_id = issue_by_number(db, issue_no)
        except IssueNotFound as exc:
            raise AuditQueryError(f"问题编号“{issue_no.strip()}”不在本库中：{exc}") from None
    return f
