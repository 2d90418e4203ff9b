"""未足额发放: something was paid, but less than the amount due."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money
from ykt_desktop.progress import Progress


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    tol = float(ctx.params.get("amount_tolerance", 0.01))
    rows = yield from ctx.paysum_rows("paid > 0 AND paid < due - ?", [tol])
    people = ctx.people(r[0] for r in rows)
    for pid, item_id, period, hid, village, paid, _, _, _, due in rows:
        number, name = people[pid]
        short = round(due - paid, 2)
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=short,
            summary=f"{name} {ctx.item_name(item_id)} {period} 应发{money(due)}，"
                    f"实发{money(paid)}，少发{money(short)}",
            evidence={"身份证号": number, "期间": period, "实发合计": paid, "应发": due})


RULE = Rule(name="short_paid", title="未足额发放",
            description="同一人同一项目同一期间已有成功发放，但合计低于应发金额。",
            find=find, order=50)
