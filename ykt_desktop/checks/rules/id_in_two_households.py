"""一人多户: one ID registered in two or more households (or villages)."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule


def find(ctx: CheckContext) -> Iterator[Finding]:
    rows = ctx.db.execute("""
        WITH multi AS (SELECT person_id FROM members GROUP BY person_id HAVING count(*) > 1)
        SELECT p.id, p.id_number, p.name, m.household_id, h.hh_no, h.village_code, r.name
        FROM multi JOIN persons p ON p.id = multi.person_id
        JOIN members m ON m.person_id = p.id JOIN households h ON h.id = m.household_id
        LEFT JOIN regions r ON r.code = h.village_code
        ORDER BY p.id, m.sort, m.id""").fetchall()
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    for pid, lines in grouped.items():
        _, number, name, hid, _, village, _ = lines[0]
        households = [f"{line[4]}（{line[6] or line[5]}）" for line in lines]
        villages = sorted({line[5] for line in lines})
        where = "不同村" if len(villages) > 1 else "同村"
        yield Finding(subject_key=number, person_id=pid, household_id=hid, village_code=village,
                      summary=f"{name}同时登记在{len(lines)}户（{where}）：{'、'.join(households)}",
                      evidence={"身份证号": number, "户": households, "村": villages})


RULE = Rule(name="id_in_two_households", title="一人多户",
            description="同一身份证号登记在两户及以上（含跨村），可能重复享受补贴。",
            find=find, order=20)
