"""优亲厚友 review: a person on the cadre-and-relatives list paid a non-universal item."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money


def find(ctx: CheckContext) -> Iterator[Finding]:
    selective = [i for i, it in ctx.items.items() if not it.eligibility.get("universal")]
    if not selective:
        return
    marks = ",".join(str(i) for i in selective)
    rows = ctx.db.execute(f"""
        WITH listed AS (SELECT id_number, min(position) AS position, group_concat(DISTINCT
                            CASE WHEN relation != '' THEN relation END) AS relations,
                            min(cadre_id_number) AS cadre
                        FROM cadre_list GROUP BY id_number)
        SELECT p.id, p.id_number, p.name, l.relations, l.cadre, pay.item_id,
               sum(pay.amount_paid), min(pay.household_id), min(pay.village_code), count(*)
        FROM listed l JOIN persons p ON p.id_number = l.id_number
        JOIN payments pay ON pay.person_id = p.id
        WHERE pay.status = 'paid' AND pay.item_id IN ({marks})
        GROUP BY p.id, pay.item_id ORDER BY p.id""").fetchall()
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    cadre_names = _cadre_names(ctx, {r[4] for r in rows})
    for pid, lines in grouped.items():
        _, number, name, relations, cadre, *_ = lines[0]
        total = round(sum(line[6] for line in lines), 2)
        items = [f"{ctx.item_name(line[5])}（{line[9]}笔）" for line in lines]
        link = f"{cadre_names.get(cadre, cadre)}的{relations}" if relations else "名单人员"
        yield Finding(
            subject_key=number, person_id=pid, household_id=lines[0][7],
            village_code=lines[0][8], item_id=lines[0][5], amount=total,
            summary=f"{name}（{link}）享受{'、'.join(items)}，共{money(total)}，请复核是否优亲厚友",
            evidence={"身份证号": number, "关系": relations or "", "干部身份证号": cadre or "",
                      "项目": items, "金额": total})


def _cadre_names(ctx: CheckContext, numbers: set[str]) -> dict[str, str]:
    names = {}
    for number in numbers:
        row = ctx.db.execute("SELECT name FROM cadre_list WHERE id_number = ? LIMIT 1",
                             [number]).fetchone()
        if row:
            names[number] = row[0]
    return names


RULE = Rule(name="cadre_beneficiary", title="干部及亲属享受补贴",
            description="村干部及其近亲属名单上的人员领取了非普惠性补贴，供优亲厚友复核"
                        "（不等于认定违规）。",
            find=find, order=130)
