"""``audit verify``'s findings about the head kept beside the database (review of issue 14):
every problem :func:`ykt_desktop.audit.head.flush` recorded, and what the file says now."""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.audit.head_check import inspect
from ykt_desktop.audit.head_data import PROBLEM, _path, _read, head_file

FORGED = {"bad_signature": "签名无效", "foreign_key": "不是本单位的密钥所签",
          "unsigned": "没有签名", "unreadable": "无法读取"}


def findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """(entry id, kind, Chinese message) for each recorded problem, then the live check."""
    out = []
    for entry_id, found_at, after in db.execute(
            "SELECT id, at, after FROM audit_log WHERE action = ? ORDER BY id", [PROBLEM]):
        problem = json.loads(after or "{}")
        out.append((entry_id, _kind(problem),
                    describe(db, problem, found_at[:19].replace("T", " "))))
    return out + _live(db)


def _live(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """The file against the database now (a connection that could not record at open)."""
    path = _path(db)
    if path is None:
        return []
    problems, _ = inspect(db, head_file(path), _read(head_file(path)))
    return [(0, _kind(p), describe(db, p, "现在")) for p in problems]


def _kind(problem: dict) -> str:
    return {"truncated": "truncated", "rewritten": "rewritten",
            "schema": "trigger"}.get(problem.get("kind"), "head")


def describe(db: sqlite_utils.Database, problem: dict, found_at: str) -> str:
    kind, at = problem.get("kind"), str(problem.get("at", ""))[:19].replace("T", " ")
    if kind == "truncated":
        return _truncated(db, problem, at, found_at)
    if kind == "rewritten":
        return (f"审计日志被改写：第 {problem['entry']:,} 条与 {at} 记下的链头不同（最新的记录"
                f"被删除后又写入了新记录，或日志被改动后重算了哈希）；{found_at} 发现")
    if kind == "checkpoints":
        return (f"签名检查点被删除：{at} 时已有第 {problem['recorded']:,} 个检查点，"
                f"{found_at} 只到第 {problem['found']:,} 个")
    if kind == "sent_deleted":
        sent = problem.get("sent") or {}
        return (f"上报链头记录被删除：{at} 时记有 {str(sent.get('at', ''))[:19]} 的"
                f" {sent.get('filename', '')}（链头第 {sent.get('entry_id', 0):,} 条），"
                f"{found_at} 已不在数据库中")
    if kind == "schema":
        return (f"数据库结构在本软件之外被改动：{at} 记下的结构版本是 {problem['recorded']}，"
                f"{found_at} 是 {problem['found']}，其间没有任何审计记录（例如审计触发器被删除、"
                f"改动了数据后又照原样重建）；期间的修改未留下记录；{found_at} 发现")
    if kind == "missing":
        return (f"链头文件 {problem.get('file')} 不见了（{found_at} 发现）：被删除，或数据库"
                f"文件被替换；此前日志末尾是否被截断已无法在本机核对，请以上级保存的链头为准")
    why = FORGED.get(problem.get("why", ""), "被改动")
    return f"链头文件 {problem.get('file')} {why}（{found_at} 发现）：该文件被人改动或替换"


def _truncated(db: sqlite_utils.Database, problem: dict, at: str, found_at: str) -> str:
    recorded, found = int(problem["recorded"]), int(problem["found"])
    last = db.execute("SELECT at, action, table_name FROM audit_log WHERE id = ?",
                      [found]).fetchone()
    tail = (f"最后一条仍在的记录是第 {found:,} 条（{last[0][:19].replace('T', ' ')}）"
            if last else "日志已无任何记录")
    return (f"日志末尾被截断：{at} 记下的链头到第 {recorded:,} 条，{found_at} 检查时只到"
            f"第 {found:,} 条，最新的 {recorded - found:,} 条被删除；{tail}")
