"""身份证号无效: check digit wrong, impossible birth date, wrong length or a number's remains."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext, Finding, Rule

_WEIGHTS = idcard.WEIGHTS
_DIGITS = frozenset("0123456789")


def _valid_dates() -> frozenset[str]:
    day, last, out = dt.date(1880, 1, 1), dt.date.today(), set()
    while day <= last:
        out.add(day.strftime("%Y%m%d"))
        day += dt.timedelta(days=1)
    return frozenset(out)


def _quick_ok(text: str, dates: frozenset[str]) -> bool:
    """The common case, fast: 18 characters, digits, a real date, the right check char."""
    if len(text) != 18 or not _DIGITS.issuperset(text[:17]) or text[6:14] not in dates:
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    return idcard.CHECK_CHARS[total % 11] == text[17]


def find(ctx: CheckContext) -> Iterator[Finding]:
    dates = _valid_dates()
    bad: list[tuple[int, str, str, str]] = []
    for pid, number, name in ctx.db.execute("SELECT id, id_number, name FROM persons"):
        if _quick_ok(number, dates):
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
