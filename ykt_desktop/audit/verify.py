"""``audit verify``: walk the chain and report every entry that was edited, deleted or moved,
then the signed checkpoints, protective triggers and heads sent upward
(:mod:`ykt_desktop.audit.tamper`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.audit.entry import GENESIS, head_is_ancestor  # noqa: F401 - re-exported
from ykt_desktop.audit.tamper import findings
from ykt_desktop.db.functions import entry_hash
from ykt_desktop.progress import Job, Progress

COLUMNS = "id, at, by_user, action, table_name, row_id, before, after, prev_hash, hash"
BATCH = 20_000


@dataclass
class Problem:
    entry_id: int
    kind: str          # edited / missing / relinked / rewritten / truncated / checkpoint /
    #                    trigger / sent (see ykt_desktop.audit.tamper)
    message: str


@dataclass
class VerifyResult:
    entries: int = 0
    head: str = "0:"
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(db: sqlite_utils.Database, *, limit_problems: int = 1000) -> Job[VerifyResult]:
    """Recompute every entry's hash and link; yields progress, returns the findings."""
    total = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = VerifyResult()
    expected_id, prev = 1, GENESIS
    last_id = 0
    while True:
        rows = db.execute(f"SELECT {COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                          [last_id, BATCH]).fetchall()
        if not rows:
            break
        for row in rows:
            _check(row, expected_id, prev, result)
            expected_id, prev, last_id = row[0] + 1, row[9], row[0]
            result.entries += 1
        del result.problems[limit_problems:]
        yield Progress(result.entries, total, f"已核验 {result.entries:,} 条")
    result.head = f"{last_id}:{prev}" if last_id else "0:"
    for entry_id, kind, message in findings(db, last_id):
        result.problems.append(Problem(entry_id, kind, message))
    return result


def _check(row: tuple, expected_id: int, prev: str, result: VerifyResult) -> None:
    entry_id, stored_prev, stored_hash = row[0], row[8], row[9]
    if entry_id != expected_id:
        result.problems.append(Problem(
            entry_id, "missing", f"第 {expected_id}–{entry_id - 1} 条审计记录已被删除"))
    if stored_prev != prev:
        result.problems.append(Problem(
            entry_id, "relinked", f"第 {entry_id} 条记录的前一条哈希不符：前面的记录被删除、"
                                  f"改动或调换了顺序"))
    if entry_hash(*row[:9]) != stored_hash:
        result.problems.append(Problem(entry_id, "edited", f"第 {entry_id} 条记录的内容已被改动"))
