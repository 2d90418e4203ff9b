"""发放失败未处理: a payment failed on the platform and nothing was paid for that period."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money
from ykt_desktop.progress import Progress


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    rows = yield from ctx.paysum_rows("n_failed > 0 AND n_paid = 0")
    people = ctx.people(r[0] for r in rows)
    last = _last_periods(ctx, {r[1] for r in rows})
    for pid, item_id, period, hid, village, _, _, n_failed, _, due in rows:
        number, name = people[pid]
        scope = f"已导入的{ctx.item_name(item_id)}发放记录（至{last.get(item_id, period)}）"
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=due,
            summary=f"{name} {ctx.item_name(item_id)} {period} 发放失败{n_failed}次，"
                    f"未重新发放（应发{money(due)}；按{scope}判断）",
            evidence={"身份证号": number, "期间": period, "失败笔数": n_failed, "应发": due,
                      "比对范围": scope})


def _last_periods(ctx: CheckContext, item_ids: set[int]) -> dict[int, str]:
    """The latest period of each item's payment records: a re-payment recorded later (in a
    roster not imported yet) is outside what the data covers, and the finding says so."""
    if not item_ids:
        return {}
    marks = ",".join(str(int(i)) for i in item_ids)
    return dict(ctx.db.execute(f"SELECT item_id, max(period) FROM payments "
                               f"WHERE item_id IN ({marks}) GROUP BY item_id").fetchall())


RULE = Rule(name="failed_not_resent", title="发放失败未重发",
            description="平台发放失败后，同一人同一项目同一期间没有任何成功发放。",
            find=find, order=80)
