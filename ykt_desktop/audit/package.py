"""The audit chain in a package, and the level above's check of it (issue 14).

Every outgoing package carries, inside its signed manifest: the chain head, the newest signed
checkpoint (made at export), for each chain head this unit sent upward before the hash its log
holds for that entry now, and the result of its own ``audit verify``. The receiving unit checks
that the sender's chain continues the head of the sender's previous package (not rewritten, not
cut), that the checkpoint is signed by the package's signer and names the head, and that the
sender's own check passed; what fails is recorded in ``audit_chain_findings`` and shown.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.audit import checkpoints
from ykt_desktop.audit.chain import chain_head, record
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.progress import run
from ykt_desktop.security.schema_guard import trusted_step

SENT_HEADS = 200


def package_audit(db: sqlite_utils.Database) -> dict:
    """The ``audit_head`` section of an outgoing manifest (signs a checkpoint first)."""
    cp = checkpoints.make_checkpoint(db, "package")
    result = run(verify_chain(db))
    return {"head": chain_head(db), "checkpoint": cp.to_dict() if cp else None,
            "sent_heads": _sent_heads(db),
            "verify": {"ok": result.ok, "problems": [p.message for p in result.problems[:20]]}}


def _sent_heads(db: sqlite_utils.Database) -> list[dict]:
    if "submissions" not in db.table_names():
        return []
    rows = db.execute("SELECT DISTINCT audit_head FROM submissions WHERE direction = 'out' "
                      "AND audit_head != '' ORDER BY id DESC LIMIT ?", [SENT_HEADS]).fetchall()
    out = []
    for (head,) in rows:
        entry = head.partition(":")[0]
        now = db.execute("SELECT hash FROM audit_log WHERE id = ?",
                         [int(entry) if entry.isdigit() else -1]).fetchone()
        out.append({"head": head, "now": now[0] if now else ""})
    return out


def _count(head: str) -> int | None:
    number = head.split(":", 1)[0]
    return int(number) if number.isdigit() else None


def continuity_problems(section: dict, previous: str) -> list[str]:
    """Does the sender's chain continue ``previous`` (the head its last package carried)?"""
    head = str(section.get("head", ""))
    if not previous or previous == head or previous.startswith("0:"):
        return []
    old_id, _, old_hash = previous.partition(":")
    count = _count(head)
    if count is not None and old_id.isdigit() and count < int(old_id):
        return [f"审计日志条数少于上次上报（上次 {old_id} 条，本次 {count} 条）：日志被截断，"
                "或该单位恢复过备份，请核实"]
    for sent in section.get("sent_heads") or []:
        if sent.get("head") != previous:
            continue
        if not sent.get("now"):
            return [f"上次上报时的第 {old_id} 条审计记录已不在该单位的日志中：日志被删改"]
        if sent["now"] != old_hash:
            return [f"该单位审计日志第 {old_id} 条与上次上报时不同：日志被改写"
                    "（即使重算了后面的哈希）"]
        return []
    return [f"本次上报文件未能证明审计日志延续上次上报的链头（第 {old_id} 条）："
            "日志可能被改写或截断，请核实"]


def checkpoint_problems(section: dict, signer_fingerprint: str) -> list[str]:
    data = section.get("checkpoint")
    head = str(section.get("head", ""))
    if not data:
        return [] if head.startswith("0:") or not head else ["上报文件缺少签名的审计检查点"]
    try:
        cp = checkpoints.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return ["上报文件中的审计检查点格式不正确"]
    if not cp.signature_ok() or cp.cert_fingerprint != signer_fingerprint:
        return ["上报文件中的审计检查点签名无效，或不是该文件的签名单位所签"]
    if f"{cp.entry_id}:{cp.entry_hash}" != head:
        return [f"审计检查点（第 {cp.entry_id} 条）与上报的链头（{head.partition(':')[0]} 条）不符"]
    return []


def sender_problems(section: dict, previous: str, signer_fingerprint: str) -> list[str]:
    """Every problem with the sender's audit chain, in Chinese (empty = continues soundly)."""
    out = continuity_problems(section, previous)
    out += checkpoint_problems(section, signer_fingerprint)
    check = section.get("verify")
    if isinstance(check, dict) and not check.get("ok", True):
        details = "；".join(str(p) for p in (check.get("problems") or [])[:5])
        out.append(f"该单位导出时审计日志自检未通过：{details}")
    return out


def record_findings(db: sqlite_utils.Database, problems: list[str], *, unit_code: str,
                    unit_name: str, filename: str, sha256: str) -> None:
    """Keep the problems found in a received package (inside the import's transaction)."""
    for message in problems:
        with trusted_step(db):
            db.execute("INSERT INTO audit_chain_findings(unit_code, unit_name, filename, "
                       "package_sha256, kind, message) VALUES (?,?,?,?,?,?)",
                       [unit_code, unit_name, filename, sha256, "package_chain", message])
    if problems:
        record(db, "audit_chain_finding", table_name="audit_chain_findings",
               after={"unit": unit_code, "file": filename, "problems": problems})
