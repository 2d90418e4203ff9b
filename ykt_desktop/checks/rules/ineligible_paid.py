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

PAID = """
SELECT pay.person_id, pay.period, total(pay.amount_paid), min(pay.household_id),
       min(pay.village_code)
FROM payments pay
WHERE pay.item_id = ? AND pay.status = 'paid' AND pay.person_id IS NOT NULL
GROUP BY pay.person_id, pay.period
"""


def find(ctx: CheckContext) -> Iterator[Finding]:
    for item in ctx.items.values():
        rules = {k: v for k, v in item.eligibility.items() if k in CONDITIONS}
        if rules:
            yield from _item_findings(ctx, item, rules)


def _item_findings(ctx: CheckContext, item, rules: dict) -> Iterator[Finding]:
    rows = ctx.db.execute(PAID, [item.id]).fetchall()
    if not rows:
        return
    facts = _person_facts(ctx, {r[0] for r in rows})
    for pid, period, paid, hid, village in rows:
        try:
            end = period_end(period)
        except ValueError:
            continue
        fact = facts.get(pid)
        if fact is None:
            continue
        failed = failed_conditions(ctx, rules, fact, pid, period, end, village=village)
        if not failed:
            continue
        number, name, birth = fact["id_number"], fact["name"], fact["birth_date"]
        age = idcard.age_on(dt.date.fromisoformat(birth), end) if birth else None
        yield Finding(
            subject_key=f"{number}|{item.code}|{period}", person_id=pid, household_id=hid,
            village_code=village, item_id=item.id, amount=round(paid, 2),
            summary=f"{name} {item.name} {period} 发放{money(paid)}，不符合享受条件："
                    f"{'；'.join(failed)}",
            evidence={"身份证号": number, "出生日期": birth or "", "期间": period,
                      "期间末年龄": age if age is not None else "", "实发合计": round(paid, 2),
                      "享受条件": conditions_text(ctx, rules), "不符合的条件": failed})


def _person_facts(ctx: CheckContext, person_ids: set[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    ids = sorted(person_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for row in ctx.db.execute(f"""
                SELECT p.id, p.id_number, p.name, p.birth_date, p.status, p.death_date,
                       p.status_date, p.disability_grade, p.disability_cert,
                       (SELECT min(d.death_date) FROM death_list d
                        WHERE d.id_number = p.id_number),
                       EXISTS (SELECT 1 FROM members m WHERE m.person_id = p.id),
                       (SELECT group_concat(m.household_id) FROM members m
                        WHERE m.person_id = p.id)
                FROM persons p WHERE p.id IN ({marks})""", chunk).fetchall():
            out[row[0]] = {"id_number": row[1], "name": row[2], "birth_date": row[3],
                           "status": row[4], "death_date": row[5] or row[9],
                           "status_date": row[6], "grade": row[7], "cert": row[8],
                           "member": bool(row[10]),
                           "households": [int(h) for h in (row[11] or "").split(",") if h]}
    return out


RULE = Rule(name="ineligible_paid", title="超范围发放",
            description="按补贴项目清单中的享受条件（年龄段按期间末的周岁、残疾等级、须同时享受的"
                        "低保或特困等身份、本地户籍且未迁出或服刑、在世），逐人逐项目逐期间查找"
                        "不符合条件却领取了补贴的记录，列明出生日期、期间末年龄和不符合的条件。",
            find=find, order=45)
