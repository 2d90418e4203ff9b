"""未足额发放: something was paid, but less than the amount due."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money


def find(ctx: CheckContext) -> Iterator[Finding]:
    table = ctx.paysum()
    tol = float(ctx.params.get("amount_tolerance", 0.01))
    rows = ctx.db.execute(
        f"SELECT s.person_id, p.id_number, p.name, s.item_id, s.period, s.paid, s.due, "
        f"s.household_id, s.village_code FROM {table} s JOIN persons p ON p.id = s.person_id "
        f"WHERE s.paid > 0 AND s.paid < s.due - ?", [tol]).fetchall()
    for pid, number, name, item_id, period, paid, due, hid, village in rows:
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
