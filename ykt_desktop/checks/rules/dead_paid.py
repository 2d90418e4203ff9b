"""死亡仍领取: dead (own record or an imported death list) and paid for a later period."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money

SQL = """
WITH dead AS (
    SELECT id AS person_id, death_date, '人员档案' AS source FROM persons
    WHERE status = 'dead' AND death_date IS NOT NULL AND death_date != ''
    UNION ALL
    SELECT p.id, d.death_date, '死亡名单（' || d.source || '）'
    FROM death_list d JOIN persons p ON p.id_number = d.id_number
), first_death AS (
    SELECT person_id, min(death_date) AS death_date, group_concat(DISTINCT source) AS sources
    FROM dead GROUP BY person_id
)
SELECT f.person_id, p.id_number, p.name, f.death_date, f.sources,
       pay.item_id, pay.period, pay.amount_paid, pay.household_id, pay.village_code
FROM first_death f JOIN persons p ON p.id = f.person_id
JOIN payments pay ON pay.person_id = f.person_id
WHERE pay.status = 'paid' AND pay.amount_paid > 0 AND (
    (length(pay.period) = 7 AND pay.period > substr(f.death_date, 1, 7)) OR
    (length(pay.period) = 4 AND pay.period > substr(f.death_date, 1, 4)))
ORDER BY f.person_id, pay.period
"""


def find(ctx: CheckContext) -> Iterator[Finding]:
    grouped: dict[int, list[tuple]] = {}
    for row in ctx.db.execute(SQL).fetchall():
        grouped.setdefault(row[0], []).append(row)
    for pid, lines in grouped.items():
        _, number, name, death, sources, *_ = lines[0]
        total = round(sum(line[7] for line in lines), 2)
        paid = [f"{ctx.item_name(line[5])} {line[6]} {line[7]:.2f}元" for line in lines]
        yield Finding(
            subject_key=number, person_id=pid, household_id=lines[0][8],
            village_code=lines[0][9], amount=total,
            summary=f"{name}已于{death}死亡（{sources}），其后仍发放{len(lines)}笔，共{money(total)}",
            evidence={"身份证号": number, "死亡日期": death, "来源": sources, "死亡后发放": paid})


RULE = Rule(name="dead_paid", title="死亡人员仍在领取",
            description="人员档案记为死亡或在民政、殡葬、公安死亡名单中，死亡当月以后仍有成功发放"
                        "（按年发放的项目看年度）。",
            find=find, order=30)
