"""Who was paid what: paid payments of the chosen item(s), period and scope, one line per
person (or household), household and item, with the count and sum of payments.

Period rules: a month 'YYYY-MM' takes the payments for that month plus the yearly or one-off
payments (period 'YYYY') paid in that month; a year 'YYYY' takes every payment of that year.
"""

from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from ykt_desktop.publicity.model import PublicityError, check_period
from ykt_desktop.regions import Region, code_prefix, get_region

NO_GROUP = "未分组"


class Beneficiary(NamedTuple):
    village_code: str
    village_name: str
    group_code: str
    group_name: str
    name: str
    id_number: str          # whole: masked by the notice, never shown
    item_code: str
    item_name: str
    standard: float         # per 亩 items: the catalogue rate (a payment's is the whole sum)
    standard_unit: str
    count: int
    amount: float
    paid_date: str
    card_number: str        # whole: masked by the notice, never shown


SELECT = """
SELECT COALESCE(p.village_code, h.village_code) AS vcode, v.name, g.code, g.name,
       pe.name, pe.id_number, i.code, i.name,
       CASE WHEN i.standard_unit = 'mu' THEN i.standard ELSE MAX(p.standard) END,
       i.standard_unit,
       COUNT(*), ROUND(SUM(p.amount_paid), 2),
       MAX(COALESCE(p.paid_date, '') || '|' || COALESCE(NULLIF(p.card_number, ''),
                                                      c.card_number, ''))
FROM payments p
JOIN subsidy_items i ON i.id = p.item_id
LEFT JOIN households h ON h.id = p.household_id
LEFT JOIN persons pe ON pe.id = COALESCE(p.person_id, h.head_person_id)
LEFT JOIN members m ON m.household_id = p.household_id AND m.person_id = pe.id
LEFT JOIN cards c ON c.id = p.card_id
LEFT JOIN regions v ON v.code = COALESCE(p.village_code, h.village_code)
LEFT JOIN regions g ON g.code = h.group_code
WHERE p.status = 'paid' AND +p.item_id IN ({items}) AND {period} AND {scope}
GROUP BY pe.id, p.household_id, p.item_id
ORDER BY v.sort, vcode, g.sort, g.code, h.hh_no, m.sort, pe.id, i.sort, i.id
"""


def period_condition(period: str) -> tuple[str, list[str]]:
    """SQL on ``payments p`` for the period (written so that it does not pick the index)."""
    year, month = check_period(period)
    if month is None:
        return "+p.period BETWEEN ? AND ?", [f"{year}", f"{year}-99"]
    return ("(+p.period = ? OR (+p.period = ? AND p.paid_date LIKE ?))",
            [period, f"{year}", f"{period}-%"])


def scope_region(db: sqlite_utils.Database, scope_code: str) -> Region:
    region = get_region(db, (scope_code or "").strip())
    if region is None:
        raise PublicityError(f"找不到区划代码“{scope_code}”，请填写乡镇、村或组的代码")
    if region.level == "county":
        raise PublicityError("公示范围应为乡镇、村或组，不能是整个县")
    return region


def code_range(code: str) -> tuple[str, str]:
    """[low, high) bounds of every code inside a region: an index range, unlike LIKE."""
    prefix = code_prefix(code)
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def scope_condition(region: Region) -> tuple[str, list[str]]:
    """Payments in the region by their village code (index range), or, lacking one, by their
    household's village; a group scope also requires the household's group."""
    low, high = code_range(region.code[:12] if region.level == "group" else region.code)
    sql = ("((p.village_code >= ? AND p.village_code < ?) OR (p.village_code IS NULL AND "
           "p.household_id IN (SELECT id FROM households WHERE village_code >= ? "
           "AND village_code < ?)))")
    args = [low, high, low, high]
    if region.level == "group":
        return sql + " AND h.group_code = ?", [*args, region.code]
    return sql, args


def check_items(db: sqlite_utils.Database, items: tuple[str, ...] | list[str]) -> list[tuple]:
    """(code, name, id) of the chosen items in catalogue order; unknown codes are refused."""
    codes = list(dict.fromkeys(c.strip() for c in items if c and c.strip()))
    if not codes:
        raise PublicityError("请至少选择一个补贴项目")
    marks = ",".join("?" * len(codes))
    rows = db.execute(f"SELECT code, name, id FROM subsidy_items WHERE code IN ({marks}) "
                      "ORDER BY sort, id", codes).fetchall()
    missing = sorted(set(codes) - {r[0] for r in rows})
    if missing:
        raise PublicityError(f"补贴项目代码不存在：{'、'.join(missing)}")
    return rows


def beneficiaries(db: sqlite_utils.Database, items: tuple[str, ...] | list[str], period: str,
                  scope_code: str) -> list[Beneficiary]:
    ids = [row[2] for row in check_items(db, items)]
    region = scope_region(db, scope_code)
    period_sql, period_args = period_condition(period)
    scope_sql, scope_args = scope_condition(region)
    sql = SELECT.format(items=",".join("?" * len(ids)), period=period_sql, scope=scope_sql)
    out = []
    for row in db.execute(sql, [*ids, *period_args, *scope_args]):
        paid_date, _, card = row[12].partition("|")
        out.append(Beneficiary(
            row[0] or "", row[1] or row[0] or "", row[2] or "", row[3] or NO_GROUP,
            row[4] or "", row[5] or "", row[6], row[7], row[8] or 0.0, row[9], row[10],
            row[11] or 0.0, paid_date, card))
    return out
