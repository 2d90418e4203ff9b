"""Amounts stored below 0 (typed before entries were checked): each one fails the returns'
勾稽 check, since it would silently offset other records in a sum (issue 17 review)."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.money import FIELD_LABELS

LIMIT = 20


def negative_amounts(db: sqlite_utils.Database, prefix: str) -> tuple[str, ...]:
    """A line for each negative amount under the region-code ``prefix`` (at most 20)."""
    like = [prefix + "%"]
    out: list[str] = []
    for field, label in FIELD_LABELS.items():
        out += [f"问题{no}的{label}为负数（{value:.2f}元）" for no, value in db.execute(
            f"SELECT issue_no, {field} FROM issues WHERE {field} < 0 "
            "AND coalesce(village_code, '') LIKE ? ORDER BY id LIMIT ?", [*like, LIMIT])]
    for field, label in (("amount_due", "应发金额"), ("amount_paid", "实发金额")):
        out += [f"{period}发放记录（编号{pid}）的{label}为负数（{value:.2f}元）"
                for pid, period, value in db.execute(
                    f"SELECT id, period, {field} FROM payments WHERE {field} < 0 "
                    "AND village_code LIKE ? ORDER BY id LIMIT ?", [*like, LIMIT])]
    return tuple(out[:LIMIT])
