"""What ``audit verify`` checks beyond the hash links (issue 14).

A log rewritten with recomputed hashes, or cut at its newest end, still links up. These checks
catch it: every signed checkpoint still matches its entry and its signature, the checkpoints
form an unbroken chain, the head reaches the newest checkpoint, every chain head sent upward in
a package is still in the log, and no protective trigger was dropped (re-creating one is
recorded, see :func:`ykt_desktop.audit.triggers.ensure`).
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.audit import checkpoints, head_report, sent
from ykt_desktop.audit.entry import head_is_ancestor
from ykt_desktop.audit.triggers import PROTECT_SQL, RESTORED_ACTION
from ykt_desktop.backup import list_backups
from ykt_desktop.backup_manifest import read_manifest
from ykt_desktop.campaign import sampling
from ykt_desktop.db.connection import db_path
from ykt_desktop.security.users import users_erased


def findings(db: sqlite_utils.Database, head_id: int) -> list[tuple[int, str, str]]:
    """(entry id, kind, Chinese message) for every problem found."""
    out = _checkpoint_findings(db, head_id)
    out += _trigger_findings(db)
    out += _sent_head_findings(db)
    out += _sample_findings(db)
    out += _users_findings(db)
    out += _missing_checkpoint_findings(db)

    out += sent.findings(db, head_id)
    out += head_report.findings(db)
    return out


def _missing_checkpoint_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """Checkpoints deleted by hand (review of issue 14): none at all although an entry that
    makes one was written with the key in place, or fewer than the newest backup's manifest
    recorded (the manifest keeps the newest checkpoint outside the table)."""
    if not checkpoints.all_checkpoints(db) and "unit_keys" in db.table_names():
        key = db.execute("SELECT max(id) FROM audit_log WHERE table_name = 'unit_keys' "
                         "AND action = 'insert'").fetchone()[0]
        due = db.execute("SELECT max(id) FROM audit_log WHERE action NOT IN ('insert', "
                         "'update', 'delete') AND id >= ? AND id > ?",
                         [checkpoints.EVERY, key or 0]).fetchone()[0]
        if key and due:
            return [(0, "checkpoint", f"日志已有 {due:,} 条以上记录，却没有任何签名检查点："
                                      f"检查点被删除")]
    return _manifest_findings(db)


def _manifest_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    path = db_path(db)
    newest = checkpoints.newest(db)
    have = newest.entry_id if newest else 0
    restored = db.execute("SELECT coalesce(max(at), '') FROM audit_log "
                          "WHERE action = 'restore'").fetchone()[0][:19]
    for backup in list_backups(path) if path else []:      # newest first
        info = read_manifest(backup)
        if info is None or not info.checkpoint:
            continue
        if info.created[:19] <= restored.replace(" ", "T"):
            return []           # a copy made before the last restore: an older history
        recorded = int(info.checkpoint.partition(":")[0] or 0)
        if recorded > have:
            return [(have, "checkpoint", f"{info.created.replace('T', ' ')} 的备份记下签名检查点"
                                         f"已到第 {recorded:,} 条，现在最新的检查点只到第 "
                                         f"{have:,} 条：检查点或最新的日志记录被删除")]
        return []
    return []


def _users_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    if not users_erased(db):
        return []
    return [(0, "users", "用户已全部被删除或停用，但审计日志显示曾有用户登录：登录被人为关闭，"
                         "疑似在本软件之外改动了数据库")]


def _sample_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """Every 重点抽查 row compared with its ``sample_draw`` entry (re-seeded, frame doctored)."""
    if not db["samples"].exists():
        return []

    out = []
    for (sample_id,) in db.execute("SELECT id FROM samples ORDER BY id").fetchall():
        sample, params = sampling.load_sample(db, sample_id)
        out += [(0, "sample", m) for m in sampling.audit_problems(db, sample, params)]
    return out


def _entry_hash(db: sqlite_utils.Database, entry_id: int) -> str | None:
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [entry_id]).fetchone()
    return row[0] if row else None


def _checkpoint_findings(db: sqlite_utils.Database, head_id: int) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    prev = ""
    for n, cp in enumerate(checkpoints.all_checkpoints(db), start=1):
        why = checkpoints.REASONS.get(cp.reason, cp.reason)
        label = f"第 {n} 个签名检查点（{cp.at[:19]}，{why}）"
        if not cp.signature_ok():
            out.append((cp.entry_id, "checkpoint", f"{label}的签名无效：检查点被伪造或改动"))
        if cp.prev_signature != prev:
            out.append((cp.entry_id, "checkpoint",
                        f"{label}与前一个检查点接不上：有检查点被删除或改动"))
        prev = cp.signature
        stored = _entry_hash(db, cp.entry_id)
        if stored is None and cp.entry_id > head_id:
            continue                      # reported once below, as truncation
        if stored is None:
            out.append((cp.entry_id, "rewritten",
                        f"{label}签过的第 {cp.entry_id} 条审计记录已不存在：日志被删改"))
        elif stored != cp.entry_hash:
            out.append((cp.entry_id, "rewritten",
                        f"审计日志被改写或截断：第 {cp.entry_id} 条记录与{label}签名时不同"
                        f"（记录被改动并重算了后面的哈希，或最新的记录被删除后又写入了新记录）"))
    last = checkpoints.newest(db)
    if last and head_id < last.entry_id:
        out.append((head_id, "truncated",
                    f"审计日志被截断：{last.at[:19]} 签名的检查点记到第 {last.entry_id:,} 条，"
                    f"现在只到第 {head_id:,} 条，最新的 {last.entry_id - head_id:,} 条被删除"))
    return out


def _trigger_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    out = []
    rows = db.execute("SELECT id, at, after FROM audit_log WHERE action = ? ORDER BY id",
                      [RESTORED_ACTION]).fetchall()
    for entry_id, at, after in rows:
        names = "、".join(json.loads(after or "{}").get("triggers", []))
        out.append((entry_id, "trigger", f"审计触发器 {names} 曾被删除，"
                                         f"{at[:19]} 打开数据库时重建（第 {entry_id} 条记录）："
                                         f"删除期间的修改未留下记录，日志也可能被改动"))
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    tables = set(db.table_names())
    for sql in PROTECT_SQL:
        name, table = sql.split()[5], sql.split()[9]
        if table in tables and name not in present:
            out.append((0, "trigger", f"审计日志的保护触发器 {name} 已被删除"))
    return out


def _sent_head_findings(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    if "submissions" not in db.table_names():
        return []
    out = []
    for filename, created, head in db.execute(
            "SELECT filename, created_at, audit_head FROM submissions WHERE direction = 'out' "
            "AND audit_head != '' ORDER BY id"):
        if not head_is_ancestor(db, head):
            entry = head.partition(":")[0]
            out.append((int(entry) if entry.isdigit() else 0, "sent",
                        f"{created[:19]} 上报文件 {filename} 所载链头（第 {entry} 条）与现在的"
                        f"日志不符：上报后日志被改写或截断"))
    return out
