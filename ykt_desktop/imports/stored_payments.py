"""A roster's rows against the payments already in the database (issue 19 review).

A paying department often sends a roster again, corrected (bad rows fixed or removed). Its
rows that are already stored exactly (same person, item, period, amount, status, date and
card) are reported as already imported and not written again. A paid row for a person, item
and period that already has a different paid record (amount, date or card) is a problem row:
it is either a correction or a second payment, and the officer decides. Choosing to replace
that batch (``replace_batch``: CLI ``--replace-batch N``) leaves the batch's stored rows out
of the comparison; they are deleted in the import's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from ykt_desktop.imports.errors import ImportFileError

# RosterBuilder output tuple: person 0, item 3, period 4, paid 7, date 8, card 10, status 12
Stored = tuple[float, str, str, str, int]     # amount, date, card, status, batch (0: none)
ProblemFn = Callable[[int, str, str, str, str], None]   # row, key, value, reason, level


def stored_payments(db: sqlite_utils.Database, rows: list[tuple[int, tuple]], *,
                    replace_batch: int | None) -> dict[tuple, list[Stored]]:
    """{(person, item, period): stored records} for the items and periods of ``rows``,
    without the rows of the batch being replaced."""
    items = sorted({r[3] for _, r in rows})
    periods = sorted({r[4] for _, r in rows})
    if not items:
        return {}
    sql = (f"SELECT person_id, item_id, period, amount_paid, coalesce(paid_date, ''), "
           f"card_number, status, coalesce(batch_id, 0) FROM payments "
           f"WHERE item_id IN ({','.join('?' * len(items))}) "
           f"AND period IN ({','.join('?' * len(periods))})")
    out: dict[tuple, list[Stored]] = {}
    for person, item, period, amount, day, card, status, batch in db.execute(
            sql, [*items, *periods]):
        if replace_batch is not None and batch == replace_batch:
            continue
        out.setdefault((person, item, period), []).append(
            (round(amount, 2), day, card or "", status, batch))
    return out


def compare_with_stored(db: sqlite_utils.Database, rows: list[tuple[int, tuple]],
                        problem: ProblemFn, *, replace_batch: int | None = None
                        ) -> tuple[list[tuple], int, set[int]]:
    """The rows to write, how many were already stored and the stored roster batches some
    row disagrees with; problems go to ``problem``."""
    stored = stored_payments(db, rows, replace_batch=replace_batch)
    out: list[tuple] = []
    already, conflicts = 0, set()
    for number, row in rows:
        records = stored.get((row[0], row[3], row[4]))
        if not records:
            out.append(row)
            continue
        mine = (round(row[7], 2), row[8] or "", row[10] or "", row[12])
        same = next((r for r in records if r[:4] == mine), None)
        if same is not None:
            records.remove(same)      # one stored record answers one row
            already += 1
            problem(number, "", "", f"已在数据库中（{_batch_text(same[4])}，各项相同），"
                    "本行不再导入", "warning")
            continue
        paid = [r for r in records if r[3] == "paid"]
        if row[12] == "paid" and paid:
            problem(number, "amount", f"{row[7]:.2f}", _conflict_text(paid[0], mine), "error")
            conflicts.update(r[4] for r in paid if r[4])
            continue
        out.append(row)
    return out, already, conflicts


def _batch_text(batch: int) -> str:
    return f"批次{batch}" if batch else "非名册导入的记录"


def _conflict_text(old: Stored, new: tuple) -> str:
    what = [f"{label}{a or '空'}（本行{b or '空'}）"
            for label, a, b in (("金额", f"{old[0]:.2f}元", f"{new[0]:.2f}元"),
                                ("发放日期", old[1], new[1]), ("卡号", old[2], new[2]))
            if a != b]
    replace = (f"；如本文件是更正后的名册，可替换批次{old[4]}（命令行 --replace-batch {old[4]}，"
               "导入对话框中选“替换该批次”）" if old[4] else "")
    return (f"该人该项目该期间已有发放记录（{_batch_text(old[4])}），与本行不一致："
            f"{'，'.join(what)}；是更正还是重复发放，请与发放部门核实{replace}")


def check_replace_batch(db: sqlite_utils.Database, batch: int | None) -> None:
    """A batch to replace must be a stored roster import."""
    if batch is None:
        return
    row = db.execute("SELECT kind FROM import_batches WHERE id = ?", [batch]).fetchone()
    if row is None or row[0] != "roster":
        raise ImportFileError(f"没有发放名册的导入批次{batch}，无法替换（批次号见导入结果或"
                              "“比对与导入”页的导入记录）")


def delete_batch(db: sqlite_utils.Database, batch: int) -> int:
    """Remove a replaced batch's payments and coverage (inside the import's transaction)."""
    count = db.execute("DELETE FROM payments WHERE batch_id = ?", [batch]).rowcount
    db.execute("DELETE FROM import_coverage WHERE batch_id = ?", [batch])
    return count
