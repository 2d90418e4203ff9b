"""一人多卡: two or more subsidy cards (not counting the 社保卡 or student cards)."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule


def find(ctx: CheckContext) -> Iterator[Finding]:
    types = list(ctx.params.get("subsidy_card_types", ["passbook", "bank"]))
    least = int(ctx.params.get("min_subsidy_cards", 2))
    marks = ",".join("?" * len(types))
    rows = ctx.db.execute(f"""
        WITH multi AS (SELECT person_id, count(*) AS n, group_concat(bank || ' 尾号' ||
                           substr(card_number, -4), '、') AS cards, min(id) AS card_id
                       FROM cards WHERE card_type IN ({marks})
                       GROUP BY person_id HAVING count(*) >= ?)
        SELECT p.id, p.id_number, p.name, multi.n, multi.cards, multi.card_id
        FROM multi JOIN persons p ON p.id = multi.person_id""", [*types, least]).fetchall()
    homes = ctx.homes(r[0] for r in rows)
    for pid, number, name, n, cards, card_id in rows:
        hid, village = homes.get(pid, (None, None))
        yield Finding(subject_key=number, person_id=pid, household_id=hid, village_code=village,
                      card_id=card_id, summary=f"{name}持有{n}张补贴卡折：{cards}",
                      evidence={"身份证号": number, "卡折数": n, "卡折": cards})


RULE = Rule(name="multi_subsidy_cards", title="一人多卡",
            description="同一人持有两张及以上补贴卡折（社保卡、学生补贴卡不计）。",
            find=find, order=110)
