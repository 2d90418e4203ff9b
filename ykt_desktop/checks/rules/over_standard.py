"""超标准发放: the sum paid successfully for one person, item and period exceeds the standard."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money
from ykt_desktop.progress import Progress


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    tol = float(ctx.params.get("amount_tolerance", 0.01))
    rows = yield from ctx.paysum_rows("n_paid > 0 AND paid > standard + ?", [tol])
    people = ctx.people(r[0] for r in rows)
    for pid, item_id, period, hid, village, paid, _, _, std, _ in rows:
        number, name = people[pid]
        excess = round(paid - std, 2)
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=excess,
            summary=f"{name} {ctx.item_name(item_id)} {period} 实发{money(paid)}，"
                    f"标准{money(std)}，多发{money(excess)}",
            evidence={"身份证号": number, "期间": period, "实发合计": paid, "标准": std})


RULE = Rule(name="over_standard", title="超标准发放",
            description="同一人同一项目同一期间成功发放的金额合计高于补贴标准。",
            find=find, order=40)
