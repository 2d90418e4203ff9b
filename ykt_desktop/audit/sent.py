"""The audit heads sent upward, remembered (review of issue 14).

When a package is exported or a return signed, the chain head it carries (newest entry id and
hash) and the newest signed checkpoint are kept in ``audit_heads`` (append-only, migration
m170_audit_head) and in the head file beside the database (:mod:`ykt_desktop.audit.head`).
``audit verify`` reports a log that now holds fewer entries, or fewer checkpoints, than what was
sent: the level above holds that head, so the cut cannot be hidden from it either.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.audit.head import flush
from ykt_desktop.audit.sent_log import (  # noqa: F401 - re-exported
    KINDS,
    TABLE,
    SentHead,
    _ready,
    from_dict,
    newest,
)
from ykt_desktop.security.schema_guard import trusted_step


def remember(db: sqlite_utils.Database, kind: str, filename: str, *,
             head: str | None = None) -> SentHead | None:
    """Keep the head sent in ``filename`` (``"<id>:<hash>"``, default the current one) and the
    newest checkpoint; then the head file beside the database is rewritten."""
    if not _ready(db):
        return None
    entry, _, digest = (head or "").partition(":")
    top = (int(entry), digest) if entry.isdigit() and int(entry) > 0 else db.execute(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if top is None:
        return None
    cp = db.execute("SELECT coalesce(max(id), 0), coalesce(max(entry_id), 0) "
                    "FROM audit_checkpoints").fetchone()
    with db.atomic(), trusted_step(db):
        db.execute(f"INSERT INTO {TABLE}(kind, filename, entry_id, entry_hash, checkpoint_id, "
                   "checkpoint_entry) VALUES (?,?,?,?,?,?)",
                   [kind, filename, top[0], top[1], cp[0], cp[1]])
    flush(db)
    return newest(db)


def problems(db: sqlite_utils.Database, sent: SentHead, head_id: int) -> list[str]:
    """What the log lacks now compared with ``sent`` (Chinese)."""
    out = []
    if head_id < sent.entry_id:
        out.append(f"日志末尾被截断：{sent.label} 所载链头到第 {sent.entry_id:,} 条，"
                   f"现在日志只到第 {head_id:,} 条，少了 {sent.entry_id - head_id:,} 条"
                   f"（上级保存着该链头）")
    else:
        row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [sent.entry_id]).fetchone()
        if row is None or row[0] != sent.entry_hash:
            out.append(f"审计日志被改写：第 {sent.entry_id:,} 条与 {sent.label} 所载链头不同")
    have = db.execute("SELECT count(*), coalesce(max(id), 0) FROM audit_checkpoints").fetchone()
    if sent.checkpoint_id and have[1] < sent.checkpoint_id:
        out.append(f"签名检查点被删除：{sent.label} 时已有第 {sent.checkpoint_id:,} 个检查点"
                   f"（记到第 {sent.checkpoint_entry:,} 条），现在最新的只是第 {have[1]:,} 个")
    return out


def findings(db: sqlite_utils.Database, head_id: int) -> list[tuple[int, str, str]]:
    """``audit verify``: the newest head sent upward against the log now. (After a restore the
    table is the backup's own, so it never names a head the restored log cannot have.)"""
    sent = newest(db)
    if sent is None:
        return []
    return [(min(head_id, sent.entry_id), "sent", m) for m in problems(db, sent, head_id)]
