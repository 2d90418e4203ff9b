"""Declared measures: the named ways a template cell is computed from the database.

A template column says ``"measure": "issue_sum", "params": {...}`` (ledger measures in
issue_measures.py, the rest here). Each measure builds one SQL
query (FROM ... WHERE ... scoped by a region code prefix and the period) with an aggregate value
and the ids behind it, so the engine can compute a whole column grouped by subsidy item or by
region in one statement, and drill down to the rows behind any single cell.
Money comes back in whole 分 (``money=True``); the engine turns it into the template's unit
with the one rounding rule of :mod:`ykt_desktop.returns.figures`. Numeric measures are grouped
by row and by the village code of the records, so each village's figure is rounded on its own
and higher levels add printed figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils

from ykt_desktop.returns.figures import fen_sql
from ykt_desktop.returns.issue_measures import (
    issue_count,
    issue_flag,
    issue_sum,
    issue_summary,
    self_reports,
)
from ykt_desktop.returns.measure_base import MeasureSql, Scope, in_region
from ykt_desktop.returns.measure_base import in_clause as _in

__all__ = ["MEASURES", "MeasureSql", "Scope", "build", "drill_ids", "grouped",
           "grouped_by_village"]

IMPROPER_CUSTODY = "(c.custodian IN ('cadre','other','lost') OR c.consent = 0)"


PAYMENT_VALUES = {  # in whole 分
    "amount_due": fen_sql("p.amount_due"),
    "amount_paid": fen_sql("p.amount_paid"),
    "shortfall": f"MAX({fen_sql('p.amount_due')} - {fen_sql('p.amount_paid')}, 0)",
    "excess": f"MAX({fen_sql('p.amount_paid')} - {fen_sql('p.amount_due')}, 0)",
}


def _payment_body(scope: Scope, params: dict, args: list[Any]) -> str:
    where = in_region("p.village_code", scope.prefix, args)
    args.append(scope.period + "%")
    body = ("FROM payments p JOIN subsidy_items s ON s.id = p.item_id "
            f"LEFT JOIN households h ON h.id = p.household_id WHERE {where} AND p.period LIKE ?")
    body += _in("p.status", list(params.get("statuses", [])), args)
    body += _in("s.channel", list(params.get("channels", [])), args)
    body += _in("COALESCE(h.verify_status, 'pending')", list(params.get("verify_statuses", [])),
                args)
    return body


def _facts_body(scope: Scope, params: dict, args: list[Any]) -> str:
    body = f"FROM {scope.facts} f WHERE {in_region('f.village_code', scope.prefix, args)}"
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
                          "f.item_id", "f.village_code", money=True)
    body = _payment_body(scope, params, args)
    return MeasureSql(body, args, f"COALESCE(SUM({expr}), 0)", "payments", "p.id", "p.item_id",
                      "p.village_code", money=True)


SUBJECT = "(CASE WHEN s.basis = 'household' THEN 'h' || p.household_id ELSE 'p' || p.person_id END)"
HAS_ISSUE = ("EXISTS (SELECT 1 FROM issues x WHERE x.item_id = p.item_id AND "
             "(x.person_id = p.person_id OR x.household_id = p.household_id){})")


def _has_issue(scope: Scope, args: list[Any]) -> str:
    if scope.issue_scope != "created_in_period":
        return HAS_ISSUE.format("")
    args.extend([len(scope.period), scope.period])
    return HAS_ISSUE.format(" AND substr(x.created_at, 1, ?) = ?")


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
        body += f" AND {_has_issue(scope, args)}"
    elif params.get("with_issue") is False:
        body += f" AND NOT {_has_issue(scope, args)}"
    return MeasureSql(body, args, f"COUNT(DISTINCT {SUBJECT})", "households", "p.household_id",
                      "p.item_id", "p.village_code")


def _household_body(scope: Scope, params: dict, args: list[Any]) -> str:
    body = f"FROM households h WHERE {in_region('h.village_code', scope.prefix, args)}"
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
    args: list[Any] = []
    body = f"FROM regions r WHERE {in_region('r.code', scope.prefix, args)} AND r.level = ?"
    args.append(level)
    return MeasureSql(body, args, "COUNT(*)", "regions", "r.code", None, "r.code")


MEASURES: dict[str, Callable[[Scope, dict], MeasureSql]] = {
    "issue_sum": issue_sum, "issue_count": issue_count, "issue_flag": issue_flag,
    "issue_summary": issue_summary, "payment_sum": payment_sum, "beneficiaries": beneficiaries,
    "households": households, "persons": persons, "cards": cards, "regions_count": regions_count,
    "self_reports": self_reports,
}


def build(name: str, scope: Scope, params: dict) -> MeasureSql:
    return MEASURES[name](scope, params)


def _row_key(msql: MeasureSql, dimension: str, width: int) -> str:
    if dimension == "item":
        if msql.item_col is None:
            raise ValueError("该指标不能按补贴项目分行")
        return msql.item_col
    if dimension == "region":
        return f"substr({msql.village_col}, 1, {int(width)})"
    return "''"


def grouped(db: sqlite_utils.Database, msql: MeasureSql, dimension: str,
            width: int = 12) -> dict[Any, Any]:
    """The measure's value for every row key: by ``item`` id (``None``: records naming no
    item), by ``region`` prefix of ``width`` digits, or the single key ``""`` for ``unit``."""
    sql = f"SELECT {_row_key(msql, dimension, width)}, {msql.value} {msql.body} GROUP BY 1"
    return {row[0]: row[1] for row in db.execute(sql, msql.args).fetchall()}


def grouped_by_village(db: sqlite_utils.Database, msql: MeasureSql, dimension: str,
                       width: int = 12) -> dict[Any, dict[str, Any]]:
    """Like :func:`grouped`, one value per row key and village code of the records (each
    village's figure is rounded on its own before a row adds them)."""
    sql = (f"SELECT {_row_key(msql, dimension, width)}, {msql.village_col}, {msql.value} "
           f"{msql.body} GROUP BY 1, 2")
    out: dict[Any, dict[str, Any]] = {}
    for key, village, value in db.execute(sql, msql.args).fetchall():
        out.setdefault(key, {})[village or ""] = value
    return out


def drill_ids(db: sqlite_utils.Database, msql: MeasureSql, dimension: str, row_keys: list[Any],
              width: int = 12, *, limit: int = 100000) -> list[Any]:
    """The ids of the database rows behind the cells of ``row_keys`` (all rows if empty)."""
    sql = f"SELECT DISTINCT {msql.id_expr} {msql.body}"
    args = list(msql.args)
    if row_keys and dimension == "item":
        named = [k for k in row_keys if k is not None]
        alternatives = [f"{msql.item_col} IN ({', '.join('?' * len(named))})"] if named else []
        if len(named) < len(row_keys):
            alternatives.append(f"{msql.item_col} IS NULL")
        sql += f" AND ({' OR '.join(alternatives)})"
        args.extend(named)
    elif row_keys and dimension == "region":
        sql += f" AND substr({msql.village_col}, 1, {int(width)}) IN "
        sql += f"({', '.join('?' * len(row_keys))})"
        args.extend(row_keys)
    sql += f" AND {msql.id_expr} IS NOT NULL ORDER BY 1 LIMIT {int(limit)}"
    return [row[0] for row in db.execute(sql, args).fetchall()]
