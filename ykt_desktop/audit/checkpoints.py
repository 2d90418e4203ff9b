"""Signed checkpoints of the audit chain (issue 14).

The chain of :mod:`ykt_desktop.audit.chain` has no secret: whoever edits the file can recompute
every hash after an edit, or cut the newest entries. A checkpoint signs the chain head (entry id
and hash) with the unit's signing key and covers the previous checkpoint's signature, so
``audit verify`` can tell a rewrite (a signed entry now has another hash) and a truncation (the
head no longer reaches the newest checkpoint) from a healthy log. Checkpoints are written every
:data:`EVERY` entries (by :func:`ykt_desktop.audit.chain.record`) and at every package, backup
and return signature (:func:`make_checkpoint` with the reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.audit.signing import sign, signing_key, verify
from ykt_desktop.security.schema_guard import trusted_step

EVERY = 200
TABLE = "audit_checkpoints"
REASONS = {"every": "定期", "package": "上报文件", "backup": "备份", "return": "报表签章",
           "open": "打开数据库"}
COLUMNS = ("id, at, entry_id, entry_hash, reason, unit_code, cert_fingerprint, cert_pem, "
           "prev_signature, signature")


@dataclass(frozen=True)
class Checkpoint:
    id: int
    at: str
    entry_id: int
    entry_hash: str
    reason: str
    unit_code: str
    cert_fingerprint: str
    cert_pem: str
    prev_signature: str
    signature: str

    def message(self) -> bytes:
        return signed_message(self.unit_code, self.entry_id, self.entry_hash, self.at,
                              self.reason, self.prev_signature)

    def signature_ok(self) -> bool:
        found = verify(self.cert_pem, self.signature, self.message())
        return found is not None and found == self.cert_fingerprint

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in COLUMNS.replace(" ", "").split(",")}


def signed_message(unit_code: str, entry_id: int, entry_hash: str, at: str, reason: str,
                   prev_signature: str) -> bytes:
    parts = ("ykt-audit-checkpoint-1", unit_code, str(entry_id), entry_hash, at, reason,
             prev_signature)
    return "|".join(f"{len(p)}:{p}" for p in parts).encode("utf-8")


def from_dict(data: dict) -> Checkpoint:
    return Checkpoint(int(data["id"]), str(data["at"]), int(data["entry_id"]),
                      str(data["entry_hash"]), str(data["reason"]), str(data["unit_code"]),
                      str(data["cert_fingerprint"]), str(data["cert_pem"]),
                      str(data["prev_signature"]), str(data["signature"]))


def _ready(db: sqlite_utils.Database) -> bool:
    return TABLE in db.table_names()


def all_checkpoints(db: sqlite_utils.Database) -> list[Checkpoint]:
    if not _ready(db):
        return []
    return [Checkpoint(*r) for r in db.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY id")]


def newest(db: sqlite_utils.Database) -> Checkpoint | None:
    if not _ready(db):
        return None
    row = db.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    return Checkpoint(*row) if row else None


_signing_key = signing_key      # the name the head file's module uses


def make_checkpoint(db: sqlite_utils.Database, reason: str) -> Checkpoint | None:
    """Sign the current chain head; None when there is no key or no entry. An unchanged head
    already signed is not signed again."""
    if not _ready(db):
        return None
    head = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    key = _signing_key(db) if head else None
    if key is None:
        return None
    last = newest(db)
    if last and (last.entry_id, last.entry_hash) == (head[0], head[1]):
        return last
    at = dt.datetime.now().isoformat(timespec="microseconds")
    prev = last.signature if last else ""
    message = signed_message(key.unit_code, head[0], head[1], at, reason, prev)
    signature = sign(key.private_key(), message)
    with db.atomic(), trusted_step(db):
        db.execute(f"INSERT INTO {TABLE}(at, entry_id, entry_hash, reason, unit_code, "
                   "cert_fingerprint, cert_pem, prev_signature, signature) "
                   "VALUES (?,?,?,?,?,?,?,?,?)",
                   [at, head[0], head[1], reason, key.unit_code, key.fingerprint,
                    key.cert_pem.decode(), prev, signature])
    return newest(db)


def checkpoint_if_due(db: sqlite_utils.Database) -> Checkpoint | None:
    """A checkpoint when :data:`EVERY` entries were added since the newest one."""
    if not _ready(db):
        return None
    last = db.execute(f"SELECT coalesce(max(entry_id), 0) FROM {TABLE}").fetchone()[0]
    top = db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    return make_checkpoint(db, "every") if top - last >= EVERY else None
