"""The ``audit_heads`` table: the heads sent upward, as read back (below the head file).

Written by :func:`ykt_desktop.audit.sent.remember`; read by the head file
(:mod:`ykt_desktop.audit.head_data`) and by ``audit verify`` (:mod:`ykt_desktop.audit.sent`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlite_utils

TABLE = "audit_heads"
KINDS = {"package": "上报文件", "return": "签章报表"}
COLUMNS = "id, at, kind, filename, entry_id, entry_hash, checkpoint_id, checkpoint_entry"


@dataclass(frozen=True)
class SentHead:
    id: int
    at: str
    kind: str
    filename: str
    entry_id: int
    entry_hash: str
    checkpoint_id: int
    checkpoint_entry: int

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        when = self.at[:19].replace("T", " ")
        return f"{when} 的{KINDS.get(self.kind, self.kind)} {self.filename}"


def from_dict(data: dict) -> SentHead:
    return SentHead(int(data["id"]), str(data["at"]), str(data["kind"]), str(data["filename"]),
                    int(data["entry_id"]), str(data["entry_hash"]), int(data["checkpoint_id"]),
                    int(data["checkpoint_entry"]))


def _ready(db: sqlite_utils.Database) -> bool:
    return TABLE in db.table_names()


def newest(db: sqlite_utils.Database) -> SentHead | None:
    """The head sent last."""
    if not _ready(db):
        return None
    row = db.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    return SentHead(*row) if row else None
