"""Version tokens: an editor never silently overwrites what someone else saved meanwhile.

An editor reads a record's token when it loads the record and hands it back when it saves; the
save function compares it with the token of the rows as they are now, inside its own
transaction, and refuses with :class:`StaleRecordError` when they differ.

The token is a SHA-256 over the rows themselves (every column, in a fixed order), not a counter
kept by triggers: it sees every write whatever its path — another window, a bulk import with
``executemany`` (even one that pauses the audit triggers), the command line, a restored package
— and it needs no extra column, so audit triggers, package exchange and imports are untouched.
A write that leaves every value as it was (only ``updated_at`` moves) is no change and does
not refuse the save.

Reading and comparing happen in the save's transaction: SQLite (WAL) makes a transaction that
read an older snapshot fail to write once another connection has committed, so the check and
the write cannot be separated by another writer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import sqlite_utils

from ykt_desktop.errors import UserError

Query = tuple[str, Sequence | Mapping]
# when a row was last written is no content: a save that changed no value overwrites nothing
BOOKKEEPING = frozenset({"updated_at"})


class StaleRecordError(UserError):
    """The record was changed by someone else since the editor loaded it; nothing was saved."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}在您打开后已被修改（另一个窗口、导入或命令行）。为免覆盖这些修改，本次没有"
            "保存。请“重新载入”查看最新内容后再改（本窗口未保存的修改将放弃）。")
        self.what = what


def rows_token(db: sqlite_utils.Database, queries: Iterable[Query]) -> str:
    """SHA-256 of the rows the queries return, query by query, in their order."""
    digest = hashlib.sha256()
    for sql, params in queries:
        cursor = db.execute(sql, params)
        names = [c[0] for c in cursor.description]
        keep = [i for i, name in enumerate(names) if name not in BOOKKEEPING]
        digest.update(repr([names[i] for i in keep]).encode())
        for row in cursor.fetchall():
            digest.update(repr(tuple(row[i] for i in keep)).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def setting_version(db: sqlite_utils.Database, key: str) -> str:
    """The token of one setting (a JSON value edited as a whole, e.g. the check parameters)."""
    return rows_token(db, [("SELECT value FROM settings WHERE key = ?", [key])])


def check_unchanged(expected: str | None, current: str, what: str) -> None:
    """Raise :class:`StaleRecordError` when a token was given and no longer matches."""
    if expected and expected != current:
        raise StaleRecordError(what)
