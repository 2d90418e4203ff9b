"""身份证号无效: check digit wrong, impossible birth date, wrong length or a number's remains."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.imports.values import IdChecker
from ykt_desktop.progress import Progress

STEP = 50_000     # persons between two progress steps


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    checker = IdChecker()
    bad: list[tuple[int, str, str, str]] = []
    last = ctx.db.execute("SELECT max(id) FROM persons").fetchone()[0] or 0
    for n, (pid, number, name) in enumerate(
            ctx.db.execute("SELECT id, id_number, name FROM persons ORDER BY id")):
        if n % STEP == STEP - 1:
            yield Progress(pid, last, "核对身份证号")
        if checker.ok(number):
            continue
        try:
            idcard.parse(number, allow_legacy15=False)
            continue
        except idcard.IdNumberError as exc:
            bad.append((pid, number, name, str(exc)))
    homes = ctx.homes(p[0] for p in bad)
    for pid, number, name, reason in bad:
        hid, village = homes.get(pid, (None, None))
        yield Finding(subject_key=number, summary=f"{name}的身份证号无效：{reason}",
                      person_id=pid, household_id=hid, village_code=village,
                      evidence={"身份证号": number, "原因": reason})


RULE = Rule(name="invalid_id", title="身份证号无效",
            description="身份证号校验位错误、出生日期不存在、位数不对，或曾被存成数字而丢失末位。",
            find=find, order=10)
