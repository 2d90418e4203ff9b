"""What every measure is made of: the scope of a fill and the SQL a measure builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scope:
    """Where and when: the unit's region code prefix, the period and how issues are dated."""

    prefix: str
    period: str
    issue_scope: str = "all"
    facts: str = ""        # name of a payment facts table built for this fill (see facts.py)


@dataclass
class MeasureSql:
    body: str                      # "FROM ... WHERE ..." (scope filters included)
    args: list[Any]
    value: str                     # aggregate expression
    id_kind: str                   # issues / payments / households / persons / cards
    id_expr: str
    item_col: str | None
    village_col: str
    text: bool = False
    money: bool = False            # the value is money in whole 分
    extra: dict[str, Any] = field(default_factory=dict)


def in_clause(column: str, values: list[str], args: list[Any]) -> str:
    if not values:
        return ""
    args.extend(values)
    return f" AND {column} IN ({', '.join('?' * len(values))})"


def region_span(prefix: str) -> list[str]:
    """The two bounds of ``column BETWEEN ? AND ?`` for every code under the region-code
    ``prefix``. Unlike ``LIKE 'prefix%'`` (case-insensitive in SQLite, so never an index
    search) the range is answered by the village-code indexes: a township's fill in the
    county's database reads its own twentieth of the payments, not all of them."""
    return [prefix, prefix + "~"]


def in_region(column: str, prefix: str, args: list[Any]) -> str:
    """``column`` inside the region ``prefix`` (see :func:`region_span`); binds two args."""
    args.extend(region_span(prefix))
    return f"{column} BETWEEN ? AND ?"
