"""Declared measures: the named ways a template cell is computed from the database.

A template column says ``"measure": "issue_sum", "params": {...}``. Each measure builds one SQL
query (FROM ... WHERE ... scoped by a region code prefix and the period) with an aggregate value
and the ids behind it, so the engine can compute a whole column grouped by subsidy item or by
region in one statement, and drill down to the rows behind any single cell.
Money comes back in 元; the column's format scales it to the template's amount unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

IMPROPER_CUSTODY = "(c.custodian IN ('cadre','other','lost') OR c.consent = 0)"


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
    extra: dict[str, Any] = field(default_factory=dict)


def _in(column: str, values: list[str], args: list[Any]) -> str:
    if not values:
        return ""
    args.extend(values)
    return f" AND {column} IN ({', '.join('?' * len(values))})"


def _issue_where(scope: Scope, params: dict, args: list[Any]) -> str:
    args.append(scope.prefix + "%")
    where = "FROM issues i WHERE i.village_code LIKE ?"
    where += _in("i.category", list(params.get("categories", [])), args)
    where += _in("i.status", list(params.get("statuses", [])), args)
    if scope.issue_scope == "created_in_period":
        where += " AND substr(i.created_at, 1, ?) = ?"
        args.extend([len(scope.period), scope.period])
    return where


ISSUE_FIELDS = ("amount", "recovered_amount", "returned_amount", "self_reported_persons",
                "self_returned_amount", "referred", "party_sanctions", "gov_sanctions", "exposed",
                "exposed_persons")


def issue_sum(scope: Scope, params: dict) -> MeasureSql:
    fields = params.get("fields") or [params.get("field", "amount")]
    bad = [f for f in fields if f not in ISSUE_FIELDS]
    if bad:
        raise ValueError(f"issue_sum 不支持字段 {bad}")
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    value = "COALESCE(SUM(" + " + ".join(f"i.{f}" for f in fields) + "), 0)"
    return MeasureSql(body, args, value, "issues", "i.id", "i.item_id", "i.village_code")


def issue_count(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    distinct = params.get("distinct", "")
    target = {"person": "i.person_id", "household": "i.household_id"}.get(distinct, "i.id")
    return MeasureSql(body, args, f"COUNT(DISTINCT {target})", "issues", "i.id", "i.item_id",
                      "i.village_code")


def issue_flag(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    text = str(params.get("text", "是")).replace("'", "")
    return MeasureSql(body, args, f"CASE WHEN COUNT(*) > 0 THEN '{text}' ELSE '' END", "issues",
                      "i.id", "i.item_id", "i.village_code", text=True)


def issue_summary(scope: Scope, params: dict) -> MeasureSql:
    """Text "N项，X元" (e.g. fees charged: items and amounts)."""
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    value = ("CASE WHEN COUNT(*) > 0 THEN COUNT(*) || '项，' || "
             "printf('%.2f', COALESCE(SUM(i.amount), 0)) || '元' ELSE '' END")
    return MeasureSql(body, args, value, "issues", "i.id", "i.item_id", "i.village_code",
                      text=True)


PAYMENT_VALUES = {
    "amount_due": "p.amount_due",
    "amount_paid": "p.amount_paid",
    "shortfall": "MAX(p.amount_due - p.amount_paid, 0)",
    "excess": "MAX(p.amount_paid - p.amount_due, 0)",
}


def _payment_body(scope: Scope, params: dict, args: list[Any]) -> str:
    args.extend([scope.prefix + "%", scope.period + "%"])
    body = ("FROM payments p JOIN subsidy_items s ON s.id = p.item_id "
            "LEFT JOIN households h ON h.id = p.household_id "
            "WHERE p.village_code LIKE ? AND p.period LIKE ?")
    body += _in("p.status", list(params.get("statuses", [])), args)
    body += _in("s.channel", list(params.get("channels", [])), args)
    body += _in("COALESCE(h.verify_status, 'pending')", list(params.get("verify_statuses", [])),
                args)
    return body


def _facts_body(scope: Scope, params: dict, args: list[Any]) -> str:
    args.append(scope.prefix + "%")
    body = f"FROM {scope.facts} f WHERE f.village_code LIKE ?"
    body += _in("f.status", list(params.get("statuses", [])), args)
    body += _in("f.channel", list(params.get("channels", [])), args)
    body += _in("f.verify_status", list(params.get("verify_statuses", [])), args)
    body += _in("f.person_status", list(params.get("person_statuses", [])), args)
    if params.get("exclude_person_statuses"):
        values = list(params["exclude_person_statuses"])
        args.extend(values)
        body += f" AND f.person_status NOT IN ({', '.join('?' * len(values))})"
    if params.get("with_issue") is not None:
        body += f" AND f.has_issue = {1 if params['with_issue'] else 0}"
    return body


def payment_sum(scope: Scope, params: dict) -> MeasureSql:
    value = params.get("value", "amount_paid")
    expr = PAYMENT_VALUES[value]
    args: list[Any] = []
    if scope.facts:
        body = _facts_body(scope, params, args)
        return MeasureSql(body, args, f"COALESCE(SUM(f.{value}), 0)", "payments", "NULL",
                          "f.item_id", "f.village_code")
    body = _payment_body(scope, params, args)
    return MeasureSql(body, args, f"COALESCE(SUM({expr}), 0)", "payments", "p.id", "p.item_id",
                      "p.village_code")


SUBJECT = "(CASE WHEN s.basis = 'household' THEN 'h' || p.household_id ELSE 'p' || p.person_id END)"
HAS_ISSUE = ("EXISTS (SELECT 1 FROM issues x WHERE x.item_id = p.item_id AND "
             "(x.person_id = p.person_id OR x.household_id = p.household_id))")


def beneficiaries(scope: Scope, params: dict) -> MeasureSql:
    """Distinct beneficiaries (户 for household items, 人 for person items) paid in the period."""
    args: list[Any] = []
    if scope.facts:
        body = _facts_body(scope, params, args)
        return MeasureSql(body, args, "COUNT(DISTINCT f.subject)", "households", "NULL",
                          "f.item_id", "f.village_code")
    body = _payment_body(scope, params, args)
    body = body.replace("WHERE", "LEFT JOIN persons ps ON ps.id = (CASE WHEN s.basis = "
                        "'household' THEN h.head_person_id ELSE p.person_id END) WHERE", 1)
    body += _in("ps.status", list(params.get("person_statuses", [])), args)
    if params.get("exclude_person_statuses"):
        values = list(params["exclude_person_statuses"])
        args.extend(values)
        body += f" AND COALESCE(ps.status, '') NOT IN ({', '.join('?' * len(values))})"
    if params.get("with_issue") is True:
        body += f" AND {HAS_ISSUE}"
    elif params.get("with_issue") is False:
        body += f" AND NOT {HAS_ISSUE}"
    return MeasureSql(body, args, f"COUNT(DISTINCT {SUBJECT})", "households", "p.household_id",
                      "p.item_id", "p.village_code")


def _household_body(scope: Scope, params: dict, args: list[Any]) -> str:
    args.append(scope.prefix + "%")
    body = "FROM households h WHERE h.village_code LIKE ?"
    return body + _in("h.verify_status", list(params.get("verify_statuses", [])), args)


def households(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _household_body(scope, params, args)
    return MeasureSql(body, args, "COUNT(*)", "households", "h.id", None, "h.village_code")


def persons(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _household_body(scope, params, args).replace(
        "FROM households h", "FROM members m JOIN households h ON h.id = m.household_id")
    return MeasureSql(body, args, "COUNT(DISTINCT m.person_id)", "persons", "m.person_id", None,
                      "h.village_code")


def cards(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _household_body(scope, params, args).replace(
        "FROM households h", "FROM cards c JOIN members m ON m.person_id = c.person_id "
        "JOIN households h ON h.id = m.household_id")
    body += _in("c.card_type", list(params.get("card_types", [])), args)
    if params.get("improper_custody"):
        body += f" AND {IMPROPER_CUSTODY}"
    return MeasureSql(body, args, "COUNT(DISTINCT c.id)", "cards", "c.id", None, "h.village_code")


def regions_count(scope: Scope, params: dict) -> MeasureSql:
    level = params.get("level", "village")
    args: list[Any] = [scope.prefix + "%", level]
    body = "FROM regions r WHERE r.code LIKE ? AND r.level = ?"
    return MeasureSql(body, args, "COUNT(*)", "regions", "r.code", None, "r.code")


MEASURES: dict[str, Callable[[Scope, dict], MeasureSql]] = {
    "issue_sum": issue_sum, "issue_count": issue_count, "issue_flag": issue_flag,
    "issue_summary": issue_summary, "payment_sum": payment_sum, "beneficiaries": beneficiaries,
    "households": households, "persons": persons, "cards": cards, "regions_count": regions_count,
}


def build(name: str, scope: Scope, params: dict) -> MeasureSql:
    return MEASURES[name](scope, params)


def grouped(db: sqlite_utils.Database, msql: MeasureSql, dimension: str,
            width: int = 12) -> dict[Any, Any]:
    """The measure's value for every row key: by ``item`` id, by ``region`` prefix of
    ``width`` digits, or the single key ``""`` for ``unit``."""
    if dimension == "item":
        if msql.item_col is None:
            raise ValueError("该指标不能按补贴项目分行")
        key = msql.item_col
    elif dimension == "region":
        key = f"substr({msql.village_col}, 1, {int(width)})"
    else:
        key = "''"
    sql = f"SELECT {key}, {msql.value} {msql.body} GROUP BY 1"
    return {row[0]: row[1] for row in db.execute(sql, msql.args).fetchall()}


def drill_ids(db: sqlite_utils.Database, msql: MeasureSql, dimension: str, row_keys: list[Any],
              width: int = 12, *, limit: int = 100000) -> list[Any]:
    """The ids of the database rows behind the cells of ``row_keys`` (all rows if empty)."""
    sql = f"SELECT DISTINCT {msql.id_expr} {msql.body}"
    args = list(msql.args)
    if row_keys and dimension == "item":
        sql += f" AND {msql.item_col} IN ({', '.join('?' * len(row_keys))})"
        args.extend(row_keys)
    elif row_keys and dimension == "region":
        sql += f" AND substr({msql.village_col}, 1, {int(width)}) IN "
        sql += f"({', '.join('?' * len(row_keys))})"
        args.extend(row_keys)
    sql += f" AND {msql.id_expr} IS NOT NULL ORDER BY 1 LIMIT {int(limit)}"
    return [row[0] for row in db.execute(sql, args).fetchall()]
