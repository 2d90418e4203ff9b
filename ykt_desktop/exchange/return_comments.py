"""上级退回意见 where they concern: the comments of imported return files (退回) against one
household (and its issues) or one issue, with the unit that returned the submission, when, the
text and which submission it was, for the household form and the ledger.

The comments themselves are stored by :func:`ykt_desktop.exchange.correction.import_return`;
this module only reads them. Numbers inside the text are shown whole or masked by the user's
role (:mod:`ykt_desktop.security.display`), as everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.exchange.correction import TARGETS
from ykt_desktop.security.display import number_view


@dataclass(frozen=True)
class ReturnComment:
    id: int
    target_table: str      # households | issues
    target_key: str        # hh_no / issue_no as this unit knows it
    text: str
    from_unit: str         # the upper unit that returned the submission
    author: str            # who wrote the comments there
    created_at: str        # when the return file was made
    period: str
    submission: str        # the package file that was returned
    resolved: bool

    @property
    def target(self) -> str:
        return f"{TARGETS[self.target_table]} {self.target_key}"

    @property
    def state(self) -> str:
        return "已处理" if self.resolved else "未处理"

    def line(self) -> str:
        """One line for a notice: 【城关镇 2026-01-05 10:20，退回上报 X.ykt（2025-12）】意见"""
        who = self.from_unit + (f"（{self.author}）" if self.author and
                                self.author != self.from_unit else "")
        what = f"退回上报 {self.submission}（{self.period}）" if self.submission else self.period
        return f"【{who} {self.created_at[:16].replace('T', ' ')}，{what}】{self.text}"


SELECT = """
SELECT e.id, e.target_table, e.target_key, e.comment, coalesce(s.signer, ''), e.author,
       e.created_at, e.period, coalesce(json_extract(s.manifest, '$.extra.package_file'), ''),
       e.resolved
FROM exchange_comments e
LEFT JOIN submissions s ON s.direction = 'returned_in' AND s.package_sha256 = e.return_sha256
"""


def _read(db: sqlite_utils.Database, where: str, args: list, village: str | None
          ) -> list[ReturnComment]:
    view = number_view(db)
    rows = db.execute(f"{SELECT} WHERE {where} ORDER BY e.resolved, e.created_at DESC, e.id",
                      args).fetchall()
    out = []
    for cid, table, key, text, unit, author, at, period, package, resolved in rows:
        out.append(ReturnComment(cid, table, key, view.text(text, village), unit or author,
                                 author, at or "", period, package or "", bool(resolved)))
    return out


def household_comments(db: sqlite_utils.Database, household_id: int | None
                       ) -> list[ReturnComment]:
    """Comments on the household itself and on the issues registered for it."""
    if household_id is None:
        return []
    row = db.execute("SELECT hh_no, village_code FROM households WHERE id = ?",
                     [household_id]).fetchone()
    if row is None:
        return []
    hh_no, village = row
    return _read(db, "(e.target_table = 'households' AND e.target_key = ?) OR "
                     "(e.target_table = 'issues' AND e.target_key IN "
                     "(SELECT issue_no FROM issues WHERE household_id = ?))",
                 [hh_no, household_id], village)


def issue_comments(db: sqlite_utils.Database, issue_id: int) -> list[ReturnComment]:
    row = db.execute("SELECT issue_no, village_code FROM issues WHERE id = ?",
                     [issue_id]).fetchone()
    if row is None:
        return []
    return _read(db, "e.target_table = 'issues' AND e.target_key = ?", [row[0]], row[1])


def issue_comment_marks(db: sqlite_utils.Database, issue_ids: Sequence[int]) -> dict[int, str]:
    """For a page of ledger rows: '未处理2条' / '已处理1条' for issues that have comments."""
    if not issue_ids:
        return {}
    marks = ",".join("?" * len(issue_ids))
    rows = db.execute(
        "SELECT i.id, total(e.resolved = 0), count(e.id) FROM issues i "
        "JOIN exchange_comments e ON e.target_table = 'issues' AND e.target_key = i.issue_no "
        f"WHERE i.id IN ({marks}) GROUP BY i.id", list(issue_ids)).fetchall()
    return {iid: f"未处理{int(open_)}条" if open_ else f"已处理{n}条"
            for iid, open_, n in rows}
