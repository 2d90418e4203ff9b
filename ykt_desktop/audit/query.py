"""Browsing the audit log: filtered id lists and rows fetched on demand (for the page and CLI).

Values are shown masked unless the session may see full numbers
(:mod:`ykt_desktop.security.display`; an entry's region is not known, so a role confined to a
region sees them masked).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.security.display import number_view

ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除", "login": "登录",
                 "login_failed": "登录失败", "logout": "退出", "export": "导出", "sign": "签章",
                 "import": "导入", "restore": "恢复备份", "backup": "备份"}
HEADERS = ("序号", "时间", "用户", "操作", "表", "记录", "修改前", "修改后")


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


def fetch(db: sqlite_utils.Database, ids: list[int]) -> dict[int, tuple]:
    """{id: display row} for :data:`HEADERS`."""
    if not ids:
        return {}
    view = number_view(db)
    marks = ",".join("?" * len(ids))
    out = {}
    for row in db.execute(f"SELECT id, at, by_user, action, table_name, row_id, before, after "
                          f"FROM audit_log WHERE id IN ({marks})", list(ids)):
        before, after = view.text(row[6]), view.text(row[7])
        out[row[0]] = (row[0], row[1].replace("T", " ")[:19], row[2] or "（系统）",
                       ACTION_LABELS.get(row[3], row[3]), row[4], row[5] if row[5] else "",
                       before, after)
    return out


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    if column not in ("by_user", "table_name", "action"):
        raise ValueError(column)
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM audit_log "
                                     f"WHERE {column} != '' ORDER BY 1")]
