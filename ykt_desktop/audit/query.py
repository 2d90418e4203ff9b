"""Browsing the audit log: filtered id lists and rows fetched on demand (for the page and CLI).

Values are shown masked unless the session may see full numbers
(:func:`ykt_desktop.security.session.can_see_full_numbers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.security.session import can_see_full_numbers

ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除", "login": "登录",
                 "login_failed": "登录失败", "logout": "退出", "export": "导出", "sign": "签章",
                 "import": "导入", "restore": "恢复备份", "backup": "备份"}
HEADERS = ("序号", "时间", "用户", "操作", "表", "记录", "修改前", "修改后")
LONG_NUMBER = re.compile(r"(?<![0-9])([0-9]{3})[0-9]{8,}([0-9]{3}[0-9Xx])(?![0-9])")


@dataclass
class AuditFilter:
    user: str = ""
    table_name: str = ""
    action: str = ""
    since: str = ""      # YYYY-MM-DD
    until: str = ""      # YYYY-MM-DD (inclusive)
    row_id: int | None = None
    text: str = ""


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
    if f.text:
        parts.append("(instr(coalesce(before, ''), ?) OR instr(coalesce(after, ''), ?))")
        args += [f.text, f.text]
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


def entry_ids(db: sqlite_utils.Database, f: AuditFilter | None = None) -> list[int]:
    """Ids of matching entries, newest first."""
    where, args = _where(f or AuditFilter())
    return [r[0] for r in db.execute(f"SELECT id FROM audit_log{where} ORDER BY id DESC", args)]


def mask_numbers(text: str | None) -> str:
    """Hide the middle of every long digit run (ID and card numbers) inside a value."""
    return LONG_NUMBER.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 7) + m.group(2),
                           text or "")


def fetch(db: sqlite_utils.Database, ids: list[int]) -> dict[int, tuple]:
    """{id: display row} for :data:`HEADERS`."""
    if not ids:
        return {}
    full = can_see_full_numbers(db)
    marks = ",".join("?" * len(ids))
    out = {}
    for row in db.execute(f"SELECT id, at, by_user, action, table_name, row_id, before, after "
                          f"FROM audit_log WHERE id IN ({marks})", list(ids)):
        before, after = (row[6] or "", row[7] or "") if full else (mask_numbers(row[6]),
                                                                  mask_numbers(row[7]))
        out[row[0]] = (row[0], row[1].replace("T", " ")[:19], row[2] or "（系统）",
                       ACTION_LABELS.get(row[3], row[3]), row[4], row[5] if row[5] else "",
                       before, after)
    return out


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    if column not in ("by_user", "table_name", "action"):
        raise ValueError(column)
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM audit_log "
                                     f"WHERE {column} != '' ORDER BY 1")]
