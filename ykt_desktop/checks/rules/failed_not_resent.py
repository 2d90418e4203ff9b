"""发放失败未处理: a payment failed on the platform and nothing was paid for that period."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money


def find(ctx: CheckContext) -> Iterator[Finding]:
    table = ctx.paysum()
    rows = ctx.db.execute(
        f"SELECT s.person_id, p.id_number, p.name, s.item_id, s.period, s.due, s.n_failed, "
        f"s.household_id, s.village_code FROM {table} s JOIN persons p ON p.id = s.person_id "
        f"WHERE s.n_failed > 0 AND s.n_paid = 0").fetchall()
    for pid, number, name, item_id, period, due, n_failed, hid, village in rows:
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=due,
            summary=f"{name} {ctx.item_name(item_id)} {period} 发放失败{n_failed}次，"
                    f"未重新发放（应发{money(due)}）",
            evidence={"身份证号": number, "期间": period, "失败笔数": n_failed, "应发": due})


RULE = Rule(name="failed_not_resent", title="发放失败未重发",
            description="平台发放失败（或退票）后，同一人同一项目同一期间没有任何成功发放。",
            find=find, order=80)
