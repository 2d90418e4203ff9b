"""Amounts stored below 0 (typed before entries were checked): each one fails the returns'
勾稽 check, since it would silently offset other records in a sum (issue 17 review)."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.money import FIELD_LABELS
from ykt_desktop.returns.measure_base import region_span

LIMIT = 20


def negative_amounts(db: sqlite_utils.Database, prefix: str) -> tuple[str, ...]:
    """A line for each negative amount under the region-code ``prefix`` (at most 20)."""
    span = region_span(prefix)     # a range the village-code index answers (not LIKE)
    out: list[str] = []
    for field, label in FIELD_LABELS.items():
        out += [f"问题{no}的{label}为负数（{value:.2f}元）" for no, value in db.execute(
            f"SELECT issue_no, {field} FROM issues WHERE {field} < 0 "
            f"AND {_in_span(prefix)} ORDER BY id LIMIT ?", [*span, LIMIT])]
    for pid, period, due, paid in db.execute(
            "SELECT id, period, amount_due, amount_paid FROM payments "
            "WHERE (amount_due < 0 OR amount_paid < 0) AND village_code BETWEEN ? AND ? "
            "ORDER BY id LIMIT ?", [*span, LIMIT]):
        out += [f"{period}发放记录（编号{pid}）的{label}为负数（{value:.2f}元）"
                for value, label in ((due, "应发金额"), (paid, "实发金额")) if value < 0]
    return tuple(out[:LIMIT])


def _in_span(prefix: str) -> str:
    """An issue of the whole tree (prefix "") may carry no village code."""
    clause = "village_code BETWEEN ? AND ?"
    return f"({clause} OR village_code IS NULL)" if prefix == "" else clause
