"""Who may receive an item: the catalogue's eligibility conditions, judged for one payment.

The conditions (keys of ``subsidy_items.eligibility``, columns of ``subsidy_items.csv``):

- ``min_age`` / ``max_age``: whole years at the end of the period, from the birth date;
- ``disability_grades``: the person's disability grade must be one of these (一级|二级 ...);
- ``requires_items``: the person must also be paid one of these items in the same period
  (the 低保 / 特困 status as the payments show it); with ``requires_household`` any member of
  the person's household counts (低保 is a household's status: 低保家庭中的残疾人). Judged
  only where the data covers the required items in that period and village
  (:mod:`ykt_desktop.checks.scope`): with no 低保 roster imported nothing is known;
- ``resident``: a member of a household of this unit, and not 迁出 or 服刑 before the period;
- ``alive``: not dead (own record or the imported death list) before the period began.
"""

from __future__ import annotations

import datetime as dt

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext
from ykt_desktop.checks.scope import Scope

CONDITIONS = ("min_age", "max_age", "disability_grades", "requires_items", "requires_household",
              "resident", "alive")
STATUS_WORDS = {"moved": "迁出", "prison": "服刑", "missing": "失踪", "dead": "死亡"}


def failed_conditions(ctx: CheckContext, rules: dict, fact: dict, person_id: int,
                      period: str, end: dt.date, *, village: str | None = None) -> list[str]:
    """The conditions this payment fails, each as a Chinese phrase with its evidence."""
    failed = _age(rules, fact, end)
    grades = rules.get("disability_grades")
    if grades and fact["grade"] not in grades:
        held = fact["grade"] or "无残疾等级"
        failed.append(f"残疾等级应为{'、'.join(grades)}，登记为{held}")
    if rules.get("requires_items"):
        failed.extend(_required(ctx, rules, fact, person_id, period, village))
    start = period[:4] + "-01-01" if len(period) == 4 else period[:7] + "-01"
    if rules.get("resident"):
        failed.extend(_residency(fact, start))
    if rules.get("alive") and fact["death_date"] and fact["death_date"] < start:
        failed.append(f"已于{fact['death_date']}死亡")
    return failed


def _age(rules: dict, fact: dict, end: dt.date) -> list[str]:
    low, high = rules.get("min_age"), rules.get("max_age")
    if low is None and high is None:
        return []
    if not fact["birth_date"]:
        return ["身份证号无法确定出生日期，无法核对年龄条件"]
    age = idcard.age_on(dt.date.fromisoformat(fact["birth_date"]), end)
    if low is not None and age < low:
        return [f"期间末{age}周岁，未满{low}周岁（出生日期{fact['birth_date']}）"]
    if high is not None and age > high:
        return [f"期间末{age}周岁，超过{high}周岁（出生日期{fact['birth_date']}）"]
    return []


def _residency(fact: dict, start: str) -> list[str]:
    out = []
    if not fact["member"]:
        out.append("不是本单位任何一户的家庭成员")
    status = fact["status"]
    if status in ("moved", "prison"):
        since = fact["status_date"] or ""
        if not since or since < start:
            out.append(f"人员状态为{STATUS_WORDS[status]}" + (f"（{since}起）" if since else ""))
    return out


def _required(ctx: CheckContext, rules: dict, fact: dict, person_id: int, period: str,
              village: str | None) -> list[str]:
    """The 须同期享受 condition: [] when met or when the data does not cover it."""
    codes = tuple(rules["requires_items"])
    ids = [ctx.item_by_code[c].id for c in codes if c in ctx.item_by_code]
    scope = _scope(ctx, tuple(ids))
    if not scope.covers_any(ids, period, village):
        return []                    # no data of the required items there: not judged
    household = bool(rules.get("requires_household"))
    paid = _receiving(ctx, codes, household)
    subjects = fact.get("households", ()) if household else (person_id,)
    if any((subject, period) in paid for subject in subjects):
        return []
    names = "或".join(_name(ctx, code) for code in codes)
    where = scope.text(names, period, village)
    who = "本户同期无人享受" if household else "同期未享受"
    return [f"{who}{names}（不具备该身份；按{where}比对）"]


def _scope(ctx: CheckContext, ids: tuple[int, ...]) -> Scope:
    cache: dict = ctx.__dict__.setdefault("_eligibility_scopes", {})
    if ids not in cache:
        cache[ids] = Scope(ctx.db, ids)
    return cache[ids]


def _receiving(ctx: CheckContext, codes: tuple[str, ...],
               household: bool = False) -> set[tuple[int, str]]:
    """(person_id, period) pairs paid one of ``codes`` (with ``household``: (household_id,
    period) pairs of the households one of whose members was paid); a year also matches its
    months."""
    cache: dict = ctx.__dict__.setdefault("_eligibility_cache", {})
    if (codes, household) not in cache:
        ids = [ctx.item_by_code[c].id for c in codes if c in ctx.item_by_code]
        pairs: set[tuple[int, str]] = set()
        subject = "m.household_id" if household else "pay.person_id"
        join = "JOIN members m ON m.person_id = pay.person_id" if household else ""
        if ids:
            marks = ",".join("?" * len(ids))
            for who, period in ctx.db.execute(
                    f"SELECT DISTINCT {subject}, pay.period FROM payments pay {join} "
                    f"WHERE pay.status = 'paid' AND pay.person_id IS NOT NULL "
                    f"AND pay.item_id IN ({marks})", ids).fetchall():
                pairs.add((who, period))
                pairs.add((who, period[:4]))
        cache[(codes, household)] = pairs
    return cache[(codes, household)]


def _name(ctx: CheckContext, code: str) -> str:
    item = ctx.item_by_code.get(code)
    return item.name if item else code


def conditions_text(ctx: CheckContext, rules: dict) -> str:
    """The item's conditions in one Chinese line (shown with each finding)."""
    parts = []
    low, high = rules.get("min_age"), rules.get("max_age")
    if low is not None or high is not None:
        parts.append(f"{low or 0}–{high}周岁" if high is not None else f"{low}周岁以上")
    if rules.get("disability_grades"):
        parts.append("残疾等级" + "、".join(rules["disability_grades"]))
    if rules.get("requires_items"):
        parts.append(("本户同期有人享受" if rules.get("requires_household") else "同期享受")
                     + "或".join(_name(ctx, c) for c in rules["requires_items"]))
    if rules.get("resident"):
        parts.append("本地家庭成员且未迁出、未服刑")
    if rules.get("alive"):
        parts.append("在世")
    return "；".join(parts)
