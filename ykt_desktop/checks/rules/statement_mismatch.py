"""疑似克扣截留: the household's stated amount differs from what the platform paid.

A statement with no payment record at all is judged only where the payment data covers the
item, period and village (:mod:`ykt_desktop.checks.scope`): with no roster of that item
imported, "平台发放0元" would only mean the roster is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule, money
from ykt_desktop.checks.scope import Scope


def find(ctx: CheckContext) -> Iterator[Finding]:
    tol = float(ctx.params.get("statement_tolerance", 0.01))
    rows = ctx.db.execute("""
        WITH latest AS (SELECT max(id) AS id FROM statements
                        WHERE person_id IS NOT NULL AND (received IS NOT NULL OR amount IS NOT NULL)
                        GROUP BY person_id, item_id, period)
        SELECT s.person_id, p.id_number, p.name, s.item_id, s.period,
               CASE WHEN s.received = 0 THEN 0 ELSE coalesce(s.amount, 0) END AS stated,
               (SELECT total(CASE WHEN pp.status = 'paid' THEN pp.amount_paid END)
                FROM payments pp WHERE pp.person_id = s.person_id AND pp.item_id = s.item_id
                AND pp.period = s.period),
               (SELECT count(*) FROM payments pp WHERE pp.person_id = s.person_id
                AND pp.item_id = s.item_id AND pp.period = s.period),
               s.household_id, h.village_code
        FROM latest JOIN statements s ON s.id = latest.id
        JOIN persons p ON p.id = s.person_id JOIN households h ON h.id = s.household_id
        """).fetchall()
    scope = Scope(ctx.db, {r[3] for r in rows if not r[7]})
    for pid, number, name, item_id, period, stated, paid, records, hid, village in rows:
        if abs(stated - paid) <= tol:
            continue
        if not records and not scope.covers(item_id, period, village):
            continue                   # no record, and no data of that item there: not judged
        where = ("" if records else
                 f"（无发放记录；只在{scope.text(ctx.item_name(item_id), period, village)}内比对）")
        gap = round(paid - stated, 2)
        yield Finding(
            subject_key=f"{number}|{ctx.code(item_id)}|{period}", person_id=pid,
            household_id=hid, village_code=village, item_id=item_id, amount=abs(gap),
            summary=f"{name} {ctx.item_name(item_id)} {period} 平台发放{money(paid)}，"
                    f"群众自述收到{money(stated)}，相差{money(abs(gap))}{where}",
            evidence={"身份证号": number, "期间": period, "平台发放": paid, "自述收到": stated,
                      "比对范围": where.strip("（）") or "该人该项目该期间的发放记录"})


RULE = Rule(name="statement_mismatch", title="发放与群众自述不符",
            description="平台发放金额与入户核查时群众自述收到的金额不一致（疑似克扣、截留）。"
                        "没有发放记录的，只在已导入数据覆盖的项目、期间和村内比对。",
            find=find, order=140)
