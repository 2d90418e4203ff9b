"""入户日期不合常理: a visit dated before its household's pre-filled 一户一表 was first printed,
or after the 上报文件 that first carried the visit was made."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from ykt_desktop.campaign.paradata import first_prints
from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.regions import code_prefix


def _visits(ctx: CheckContext) -> list[tuple]:
    return list(ctx.rows("SELECT v.id, v.household_id, h.hh_no, h.village_code, v.visit_date, "
                         "v.verifiers, replace(v.created_at, 'T', ' ') FROM verifications v "
                         "JOIN households h ON h.id = v.household_id WHERE v.result = 'verified'"))


def _before_print(ctx: CheckContext, visits: list[tuple]) -> Iterator[Finding]:
    printed = first_prints(ctx.db)
    for vid, hid, hh_no, village, day, who, entered in visits:
        first = printed.get(hid)
        # entered after the form was printed (so on that form), dated before it was printed;
        # a visit entered before any print was made on a blank form (or an earlier round)
        if first and day < first[:10] and (entered or "") >= first.replace("T", " ")[:19]:
            yield Finding(subject_key=f"desk_before_print:{vid}", household_id=hid,
                          village_code=village,
                          summary=f"户{hh_no}的入户日期{day}早于其一户一表首次打印时间"
                                  f"{first[:16].replace('T', ' ')}",
                          evidence={"户编号": hh_no, "入户日期": day, "首次打印": first,
                                    "核查人": who})


def _packages(ctx: CheckContext) -> dict[str, list[str]]:
    """{region-code prefix of the sending unit: sorted creation times of its packages}."""
    out: dict[str, list[str]] = {}
    for unit, made in ctx.rows("SELECT unit_code, created_at FROM submissions WHERE direction "
                               "IN ('out', 'in') AND created_at IS NOT NULL"):
        out.setdefault(code_prefix(unit), []).append(made.replace("T", " "))
    return {prefix: sorted(times) for prefix, times in out.items()}


def _first_carrier(packages: dict[str, list[str]], village: str, entered: str) -> str | None:
    """The earliest package of a unit above (or at) ``village`` made after the entry."""
    found = []
    for width in (6, 9, 12):
        times = packages.get(village[:width], [])
        at = bisect_left(times, entered)
        if at < len(times):
            found.append(times[at])
    return min(found) if found else None


def _after_package(ctx: CheckContext, visits: list[tuple]) -> Iterator[Finding]:
    packages = _packages(ctx)
    if not packages:
        return
    for vid, hid, hh_no, village, day, who, entered in visits:
        carrier = _first_carrier(packages, village, entered or "")
        if carrier and day > carrier[:10]:
            yield Finding(subject_key=f"desk_after_package:{vid}", household_id=hid,
                          village_code=village,
                          summary=f"户{hh_no}的入户日期{day}晚于载有这条记录的上报文件生成时间"
                                  f"{carrier[:16]}",
                          evidence={"户编号": hh_no, "入户日期": day, "上报文件生成": carrier,
                                    "核查人": who})


def find(ctx: CheckContext) -> Iterator[Finding]:
    visits = _visits(ctx)
    yield from _before_print(ctx, visits)
    yield from _after_package(ctx, visits)


RULE = Rule(name="desk_visit_timing", title="入户日期不合常理",
            description="入户记录是在该户一户一表（预填表）首次打印之后录入的，入户日期却早于"
                        "打印日期；或入户日期晚于载有这条入户记录的上报文件的生成时间。打印之前"
                        "录入的入户记录（用空白表或上一轮核查）不受影响。",
            find=find, order=310)
