"""人卡分离: paid to a card that is not the beneficiary's (per-household items: not the head's)."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money

# The payments to another's card first, the persons' rows only for those (issue 15: were read
# for every successful payment, a third of the rule's CPU)
SQL = """
SELECT x.person_id, per.id_number, per.name, x.item_id, x.period, x.card_id, x.card_number,
       x.amount_paid, x.household_id, x.village_code, owner.name, x.owner_id
FROM (SELECT p.person_id, p.item_id, p.period, p.card_id, p.card_number, p.amount_paid,
             p.household_id, p.village_code, c.person_id AS owner_id
      FROM payments p
      LEFT JOIN cards c ON c.id = p.card_id
      LEFT JOIN households h ON h.id = p.household_id
      JOIN subsidy_items it ON it.id = p.item_id
      WHERE p.status = 'paid' AND (p.card_id IS NOT NULL OR p.card_number != '')
        AND (c.id IS NULL OR (c.person_id != p.person_id
             AND NOT (it.basis = 'household' AND c.person_id = h.head_person_id)))) x
JOIN persons per ON per.id = x.person_id
LEFT JOIN persons owner ON owner.id = x.owner_id
ORDER BY x.person_id, x.item_id, x.period
"""


def find(ctx: CheckContext) -> Iterator[Finding]:
    grouped: dict[tuple, list[tuple]] = {}
    for row in ctx.db.execute(SQL).fetchall():
        grouped.setdefault((row[0], row[3], row[4]), []).append(row)
    for (pid, item_id, period), lines in grouped.items():
        _, number, name, *_ = lines[0]
        card_id, card_no, hid, village, owner = (lines[0][5], lines[0][6], lines[0][8],
                                                 lines[0][9], lines[0][10])
        total = round(sum(line[7] for line in lines), 2)
        holder = f"{owner}名下" if owner else "未登记"
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, card_id=card_id,
            amount=total,
            summary=f"{name} {ctx.item_name(item_id)} {period} 的{money(total)}发放到"
                    f"{holder}的卡（尾号{card_no[-4:]}）",
            evidence={"身份证号": number, "期间": period, "卡号": card_no,
                      "卡主": owner or "（卡号未登记）", "金额": total})


RULE = Rule(name="wrong_card", title="发放到他人卡",
            description="成功发放的卡折不在受益人本人名下（按户项目：不在户主名下），"
                        "或卡号未在本单位登记。",
            find=find, order=70)
