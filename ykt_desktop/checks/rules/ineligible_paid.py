"""超范围发放: paid to a person outside the item's eligibility (the catalogue's conditions).

The conditions are data in the catalogue (``subsidy_items.csv``): an age range by the birth
date at the end of the period, disability grades, items the person must also receive in the
same period (the 低保 / 特困 status), residency (a member of a household here, not 迁出 or 服刑)
and being alive. One finding per person, item and period, with the evidence. Kept apart from
超标准发放 (``over_standard``): returns read this rule by its name ``ineligible_paid``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext, Finding, Rule, money, period_end
from ykt_desktop.checks.eligibility import CONDITIONS, conditions_text, failed_conditions
from ykt_desktop.progress import Progress

PAID = """
SELECT pay.person_id, pay.period, total(pay.amount_paid), min(pay.household_id),
       min(pay.village_code)
FROM payments pay
WHERE pay.item_id = ? AND pay.status = 'paid' AND pay.person_id IN ({marks})
GROUP BY pay.person_id, pay.period ORDER BY pay.person_id, pay.period
"""
PAID_PERSONS = "SELECT DISTINCT item_id, person_id FROM payments WHERE status = 'paid'"
PERIODS = "SELECT DISTINCT period FROM payments WHERE item_id = ?"   # the index alone
# Conditions judged on the person alone, monotonic in the period: a person who meets them at the
# item's earliest period end, latest period end and latest period start meets them throughout.
PERSON_CONDITIONS = ("min_age", "max_age", "disability_grades", "resident", "alive")
FACTS_STEP = 18_000   # persons read between two progress steps


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    items = [(item, {k: v for k, v in item.eligibility.items() if k in CONDITIONS})
             for item in ctx.items.values()]
    items = [(item, rules) for item, rules in items if rules]
    if not items:
        return
    yield Progress(0, len(items) + 1, "读取领取人员")
    wanted, paid = {item.id for item, _ in items}, {}
    for item_id, pid in ctx.db.execute(PAID_PERSONS).fetchall():   # one pass for every item
        if item_id in wanted and pid is not None:
            paid.setdefault(item_id, []).append(pid)
    facts: dict[int, dict] = {}
    for n, (item, rules) in enumerate(items):
        yield Progress(n + 1, len(items) + 1, item.name)
        persons = paid.get(item.id, [])
        unknown = sorted(set(persons) - facts.keys())
        for start in range(0, len(unknown), FACTS_STEP):
            facts.update(_person_facts(ctx, unknown[start:start + FACTS_STEP]))
            yield Progress(n + 1, len(items) + 1, f"{item.name}（读取人员信息）")
        mine = {p: facts[p] for p in persons if p in facts}
        ends = _period_ends(ctx, item.id)
        suspects: list[int] = []
        for start in range(0, len(persons), FACTS_STEP):
            suspects += _suspects(ctx, rules, mine, persons[start:start + FACTS_STEP], ends)
            yield Progress(n + 1, len(items) + 1, f"{item.name}（核对条件）")
        yield from _item_findings(ctx, item, rules, mine, ends, sorted(suspects))


def _item_findings(ctx: CheckContext, item, rules: dict, facts: dict[int, dict],
                   ends: dict[str, dt.date], suspects: list[int]) -> Iterator[Finding]:
    """Every paid (person, period) of ``item`` failing ``rules``: only the ``suspects``, who
    could fail in some period, are looked at period by period (see :func:`_suspects`)."""
    for start in range(0, len(suspects), 900):
        chunk = suspects[start:start + 900]
        sql = PAID.format(marks=",".join("?" * len(chunk)))
        for pid, period, paid, hid, village in ctx.db.execute(sql, [item.id, *chunk]).fetchall():
            end = ends.get(period)
            if end is None:
                continue
            fact = facts[pid]
            failed = failed_conditions(ctx, rules, fact, pid, period, end, village=village)
            if failed:
                yield _finding(ctx, item, rules, fact, pid, period, end, paid, hid, village,
                               failed)


def _period_ends(ctx: CheckContext, item_id: int) -> dict[str, dt.date]:
    """{period: its last day} for the item's paid periods that are valid periods."""
    ends = {}
    for (period,) in ctx.db.execute(PERIODS, [item_id]).fetchall():
        try:
            ends[period] = period_end(period)
        except (ValueError, TypeError):
            continue
    return ends


def _suspects(ctx: CheckContext, rules: dict, facts: dict[int, dict], persons: list[int],
              ends: dict[str, dt.date]) -> list[int]:
    """Those of ``persons`` who fail a condition in at least one period; with a condition that
    depends on other payments (须同期享受), all of them."""
    if not ends:
        return []
    if any(k not in PERSON_CONDITIONS for k in rules):
        return [pid for pid in persons if pid in facts]
    starts = {p: p[:4] + "-01-01" if len(p) == 4 else p[:7] + "-01" for p in ends}
    probes = {min(ends, key=ends.__getitem__), max(ends, key=ends.__getitem__),
              max(starts, key=starts.__getitem__)}
    return [pid for pid in persons if pid in facts and any(
        failed_conditions(ctx, rules, facts[pid], pid, p, ends[p]) for p in probes)]


def _finding(ctx: CheckContext, item, rules: dict, fact: dict, pid: int, period: str,
             end: dt.date, paid: float, hid: int, village: str, failed: list[str]) -> Finding:
    number, name, birth = fact["id_number"], fact["name"], fact["birth_date"]
    age = idcard.age_on(dt.date.fromisoformat(birth), end) if birth else None
    return Finding(
        subject_key=f"{number}|{item.code}|{period}", person_id=pid, household_id=hid,
        village_code=village, item_id=item.id, amount=round(paid, 2),
        summary=f"{name} {item.name} {period} 发放{money(paid)}，不符合享受条件："
                f"{'；'.join(failed)}",
        evidence={"身份证号": number, "出生日期": birth or "", "期间": period,
                  "期间末年龄": age if age is not None else "", "实发合计": round(paid, 2),
                  "享受条件": conditions_text(ctx, rules), "不符合的条件": failed})


def _person_facts(ctx: CheckContext, ids: list[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for row in ctx.db.execute(f"""
                SELECT p.id, p.id_number, p.name, p.birth_date, p.status, p.death_date,
                       p.status_date, p.disability_grade, p.disability_cert,
                       (SELECT min(d.death_date) FROM death_list d
                        WHERE d.id_number = p.id_number),
                       (SELECT group_concat(m.household_id) FROM members m
                        WHERE m.person_id = p.id)
                FROM persons p WHERE p.id IN ({marks})""", chunk).fetchall():
            homes = [int(h) for h in (row[10] or "").split(",") if h]
            out[row[0]] = {"id_number": row[1], "name": row[2], "birth_date": row[3],
                           "status": row[4], "death_date": row[5] or row[9],
                           "status_date": row[6], "grade": row[7], "cert": row[8],
                           "member": bool(homes), "households": homes}
    return out


RULE = Rule(name="ineligible_paid", title="超范围发放",
            description="按补贴项目清单中的享受条件（年龄段按期间末的周岁、残疾等级、须同时享受的"
                        "低保或特困等身份、本地户籍且未迁出或服刑、在世），逐人逐项目逐期间查找"
                        "不符合条件却领取了补贴的记录，列明出生日期、期间末年龄和不符合的条件。",
            find=find, order=45)
