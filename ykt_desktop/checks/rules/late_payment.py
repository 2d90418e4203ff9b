"""发放不及时: paid after the period's end plus the item's deadline (days). The finding's amount
is the money paid late (the returns' 发放不及时 columns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money, period_end


def _deadlines(ctx: CheckContext) -> str:
    grace = int(ctx.params.get("late_grace_days", 0))
    combos = ctx.db.execute("SELECT DISTINCT item_id, period FROM payments").fetchall()
    rows = []
    for item_id, period in combos:
        item = ctx.items.get(item_id)
        try:
            end = period_end(period)
        except ValueError:
            continue
        days = (item.deadline_days if item else 30) + grace
        rows.append((item_id, period, (end + dt.timedelta(days=days)).isoformat()))
    return ctx.temp_rows("ck_deadline", "item_id INTEGER, period TEXT, last_day TEXT, "
                         "PRIMARY KEY (item_id, period)", rows)


def find(ctx: CheckContext) -> Iterator[Finding]:
    table = _deadlines(ctx)
    # the table read in its own order and only the late rows grouped (issue 15: walking the
    # person index for the GROUP BY read every payment row out of order, a quarter more CPU)
    rows = ctx.db.execute(f"""
        SELECT x.person_id, per.id_number, per.name, x.item_id, x.period, max(x.paid_date),
               x.last_day, min(x.household_id), min(x.village_code), SUM(x.amount_paid)
        FROM (SELECT p.person_id, p.item_id, p.period, p.paid_date, d.last_day,
                     p.household_id, p.village_code, p.amount_paid
              FROM payments p NOT INDEXED JOIN {table} d
                ON d.item_id = p.item_id AND d.period = p.period
              WHERE p.status = 'paid' AND p.paid_date > d.last_day) x
        JOIN persons per ON per.id = x.person_id
        GROUP BY x.person_id, x.item_id, x.period""").fetchall()
    for pid, number, name, item_id, period, paid_on, last_day, hid, village, late_sum in rows:
        late = (dt.date.fromisoformat(paid_on[:10]) - dt.date.fromisoformat(last_day)).days
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=round(late_sum, 2),
            summary=f"{name} {ctx.item_name(item_id)} {period} 于{paid_on}发放"
                    f"{money(late_sum)}，超过时限（{last_day}）{late}天",
            evidence={"身份证号": number, "期间": period, "发放日期": paid_on,
                      "最迟发放日期": last_day, "逾期天数": late, "逾期发放金额": late_sum})


RULE = Rule(name="late_payment", title="发放不及时",
            description="发放日期晚于发放期结束后该项目规定的天数（补贴项目清单中的发放时限）。",
            find=find, order=60)
