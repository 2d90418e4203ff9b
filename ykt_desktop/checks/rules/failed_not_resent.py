"""发放失败未处理: a payment failed on the platform and nothing was paid for that period."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money


def find(ctx: CheckContext) -> Iterator[Finding]:
    rows = ctx.paysum_rows("n_failed > 0 AND n_paid = 0")
    people = ctx.people(r[0] for r in rows)
    for pid, item_id, period, hid, village, _, _, n_failed, _, due in rows:
        number, name = people[pid]
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=due,
            summary=f"{name} {ctx.item_name(item_id)} {period} 发放失败{n_failed}次，"
                    f"未重新发放（应发{money(due)}）",
            evidence={"身份证号": number, "期间": period, "失败笔数": n_failed, "应发": due})


RULE = Rule(name="failed_not_resent", title="发放失败未重发",
            description="平台发放失败后，同一人同一项目同一期间没有任何成功发放。",
            find=find, order=80)
