"""Measures over the problem ledger (issues) and the 主动说清 register."""

from __future__ import annotations

from typing import Any

from ykt_desktop.returns.figures import fen_sql
from ykt_desktop.returns.measure_base import MeasureSql, Scope, in_region, region_span
from ykt_desktop.returns.measure_base import in_clause as _in

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
    where = f"FROM issues i WHERE {in_region('i.village_code', scope.prefix, args)}"
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
) s WHERE s.village_code BETWEEN ? AND ?"""


def self_reports(scope: Scope, params: dict) -> MeasureSql:
    """主动说清 (天门 附件2): ``field`` persons or amount, from the 主动说清 register
    (self_reports, dated by reported_on) and, for an issue with no register entry, the figures
    typed on the issue itself (dated by its registration)."""
    field = params.get("field", "persons")
    if field not in ("persons", "amount"):
        raise ValueError(f"self_reports 不支持字段 {field}")
    args: list[Any] = region_span(scope.prefix)
    body = SELF_REPORTS
    if scope.issue_scope == "created_in_period":
        body += " AND substr(s.day, 1, ?) = ?"
        args.extend([len(scope.period), scope.period])
    value = f"COALESCE(SUM({fen_sql('s.amount')}), 0)" if field == "amount" else \
        "COALESCE(SUM(s.persons), 0)"
    return MeasureSql(body, args, value, "issues", "s.issue_id", "s.item_id", "s.village_code",
                      money=field == "amount")
