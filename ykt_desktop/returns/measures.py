"""Declared measures: the named ways a template cell is computed from the database.

A template column says ``"measure": "issue_sum", "params": {...}``. Each measure builds one SQL
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
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ykt_desktop.returns.figures import fen_sql

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
    money: bool = False            # the value is money in whole 分
    extra: dict[str, Any] = field(default_factory=dict)


def _in(column: str, values: list[str], args: list[Any]) -> str:
    if not values:
        return ""
    args.extend(values)
    return f" AND {column} IN ({', '.join('?' * len(values))})"


FINDING_RULE = "COALESCE((SELECT f.rule FROM findings f WHERE f.id = i.finding_id), '')"


def _issue_clause(params: dict, args: list[Any]) -> str:
    where = _in("i.category", list(params.get("categories", [])), args)
    where += _in(FINDING_RULE, list(params.get("finding_rules", [])), args)
    excluded = list(params.get("exclude_finding_rules", []))
    if excluded:
        args.extend(excluded)
        where += f" AND {FINDING_RULE} NOT IN ({', '.join('?' * len(excluded))})"
    return where


def _issue_where(scope: Scope, params: dict, args: list[Any]) -> str:
    """Issues of the unit (and of the period: registered in it, ``created_in_period``).

    ``match`` is a list of alternatives, each with ``categories`` and optionally
    ``finding_rules`` / ``exclude_finding_rules`` (the check rule the issue came from), e.g.
    the combined category 超范围超标准发放 split by the rule that found it."""
    args.append(scope.prefix + "%")
    where = "FROM issues i WHERE i.village_code LIKE ?"
    where += _issue_clause(params, args)
    alternatives = []
    for alt in params.get("match", []):
        alt_args: list[Any] = []
        clause = _issue_clause(alt, alt_args).removeprefix(" AND ") or "1"
        alternatives.append(f"({clause})")
        args.extend(alt_args)
    if alternatives:
        where += f" AND ({' OR '.join(alternatives)})"
    where += _in("i.status", list(params.get("statuses", [])), args)
    if scope.issue_scope == "created_in_period":
        where += " AND substr(i.created_at, 1, ?) = ?"
        args.extend([len(scope.period), scope.period])
    return where


ISSUE_FIELDS = ("amount", "recovered_amount", "returned_amount", "self_reported_persons",
                "self_returned_amount", "referred", "party_sanctions", "gov_sanctions", "exposed",
                "exposed_persons")
ISSUE_MONEY_FIELDS = ("amount", "recovered_amount", "returned_amount", "self_returned_amount")


def issue_sum(scope: Scope, params: dict) -> MeasureSql:
    fields = params.get("fields") or [params.get("field", "amount")]
    bad = [f for f in fields if f not in ISSUE_FIELDS]
    if bad:
        raise ValueError(f"issue_sum 不支持字段 {bad}")
    money = {f in ISSUE_MONEY_FIELDS for f in fields}
    if len(money) > 1:
        raise ValueError(f"issue_sum 不能把金额和人数相加：{fields}")
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    if money == {True}:
        value = "COALESCE(SUM(" + " + ".join(fen_sql(f"i.{f}") for f in fields) + "), 0)"
    else:
        value = "COALESCE(SUM(" + " + ".join(f"i.{f}" for f in fields) + "), 0)"
    return MeasureSql(body, args, value, "issues", "i.id", "i.item_id", "i.village_code",
                      money=money == {True})


DISTINCT_TARGETS = {  # an issue naming no person (household, card) counts as one of its own
    "person": "COALESCE('p' || i.person_id, 'i' || i.id)",
    "household": "COALESCE('h' || i.household_id, 'i' || i.id)",
    "card": "COALESCE('c' || i.card_id, 'i' || i.id)",
}


def issue_count(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    target = DISTINCT_TARGETS.get(params.get("distinct", ""), "i.id")
    return MeasureSql(body, args, f"COUNT(DISTINCT {target})", "issues", "i.id", "i.item_id",
                      "i.village_code")


def issue_flag(scope: Scope, params: dict) -> MeasureSql:
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    text = str(params.get("text", "是")).replace("'", "")
    return MeasureSql(body, args, f"CASE WHEN COUNT(*) > 0 THEN '{text}' ELSE '' END", "issues",
                      "i.id", "i.item_id", "i.village_code", text=True)


def issue_summary(scope: Scope, params: dict) -> MeasureSql:
    """Text listing each issue's description and amount, e.g. 收费项目和标准
    ("办卡工本费 10.00元；年费 5.00元")."""
    args: list[Any] = []
    body = _issue_where(scope, params, args)
    value = ("COALESCE(group_concat(DISTINCT i.description || ' ' || "
             "printf('%.2f', i.amount) || '元'), '')")
    return MeasureSql(body, args, value, "issues", "i.id", "i.item_id", "i.village_code",
                      text=True)


SELF_REPORTS = """FROM (
    SELECT COALESCE(sr.village_code, i.village_code) AS village_code, i.item_id AS item_id,
           i.id AS issue_id, sr.persons AS persons, sr.amount AS amount, sr.reported_on AS day
    FROM self_reports sr JOIN issues i ON i.id = sr.issue_id
    UNION ALL
    SELECT i.village_code, i.item_id, i.id, i.self_reported_persons, i.self_returned_amount,
           substr(i.created_at, 1, 10)
    FROM issues i WHERE (i.self_reported_persons > 0 OR i.self_returned_amount > 0)
      AND NOT EXISTS (SELECT 1 FROM self_reports x WHERE x.issue_id = i.id)
) s WHERE s.village_code LIKE ?"""


def self_reports(scope: Scope, params: dict) -> MeasureSql:
    """主动说清 (天门 附件2): ``field`` persons or amount, from the 主动说清 register
    (self_reports, dated by reported_on) and, for an issue with no register entry, the figures
    typed on the issue itself (dated by its registration)."""
    field = params.get("field", "persons")
    if field not in ("persons", "amount"):
        raise ValueError(f"self_reports 不支持字段 {field}")
    args: list[Any] = [scope.prefix + "%"]
    body = SELF_REPORTS
    if scope.issue_scope == "created_in_period":
        body += " AND substr(s.day, 1, ?) = ?"
        args.extend([len(scope.period), scope.period])
    value = f"COALESCE(SUM({fen_sql('s.amount')}), 0)" if field == "amount" else \
        "COALESCE(SUM(s.persons), 0)"
    return MeasureSql(body, args, value, "issues", "s.issue_id", "s.item_id", "s.village_code",
                      money=field == "amount")


PAYMENT_VALUES = {  # in whole 分
    "amount_due": fen_sql("p.amount_due"),
    "amount_paid": fen_sql("p.amount_paid"),
    "shortfall": f"MAX({fen_sql('p.amount_due')} - {fen_sql('p.amount_paid')}, 0)",
    "excess": f"MAX({fen_sql('p.amount_paid')} - {fen_sql('p.amount_due')}, 0)",
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
