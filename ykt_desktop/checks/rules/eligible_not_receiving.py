"""应享受未享受: in an age band (e.g. 80+ for 高龄津贴) in the last paid month, not receiving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext, Finding, Rule, period_end
from ykt_desktop.imports.coverage import covered
from ykt_desktop.progress import Progress


def _bands(ctx: CheckContext) -> list[tuple[int, int | None, int, str, str]]:
    """(min_age, max_age, item_id, code, name), oldest band first."""
    bands = []
    for code in ctx.params.get("age_band_items", []):
        item = ctx.item_by_code.get(code)
        if item and item.min_age is not None:
            bands.append((item.min_age, item.max_age, item.id, item.code, item.name))
    return sorted(bands, reverse=True)


def _band_for(birth: dt.date, bands: list,
              ends: dict[int, dt.date]) -> tuple[tuple, int] | None:
    """The oldest band the person is in, by their age at the end of that band's month."""
    for band in bands:
        age = idcard.age_on(birth, ends[band[2]])
        if age >= band[0] and (band[1] is None or age <= band[1]):
            return band, age
    return None


def _months(ctx: CheckContext, bands: list) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Each band item's month to judge and the villages the data covers in it.

    Only what the data covers is judged (:mod:`ykt_desktop.imports.coverage`). A roster import
    covers exactly its items, months and villages. Payments that came another way (packages
    from below, the demo, typed in) are a unit's whole records: there the band items count as
    one program, so an item nobody receives is judged too (that is itself a finding). Each
    item is judged in its own last covered month, so that a newer roster of another item does
    not make everyone look unpaid; an item never covered, in the last month of the records.
    """
    ids = [b[2] for b in bands]
    imported = covered(ctx.db, ids, source="import")
    data = covered(ctx.db, ids, source="data")
    family: dict[str, set[str]] = {}
    for (_, period), villages in data.items():
        if len(period) == 7:
            family.setdefault(period, set()).update(v for v in villages if v)
    months: dict[int, str] = {}
    for item_id, period in [*imported, *data]:
        if len(period) == 7:
            months[item_id] = max(months.get(item_id, period), period)
    for item_id in ids:
        if item_id not in months and family:
            months[item_id] = max(family)
    villages = {item_id: {v for v in imported.get((item_id, month), ()) if v}
                | family.get(month, set()) for item_id, month in months.items()}
    return months, villages


STEP = 50_000     # persons between two progress steps


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    bands = _bands(ctx)
    months, villages = _months(ctx, bands) if bands else ({}, {})
    bands = [b for b in bands if b[2] in months]   # nothing covered: nothing to judge
    if not bands:
        return
    ends = {item_id: period_end(month) for item_id, month in months.items()}
    paid: set[tuple[int, int]] = set()
    for item_id, month in months.items():
        paid.update(ctx.db.execute(
            "SELECT person_id, item_id FROM payments WHERE item_id = ? AND period = ?",
            [item_id, month]).fetchall())
    latest = max(ends.values())
    youngest = min(b[0] for b in bands)
    candidates = ctx.db.execute("""
        SELECT p.id, p.id_number, p.name, p.birth_date FROM persons p
        WHERE p.status = 'normal' AND p.birth_date IS NOT NULL AND p.birth_date <= ?
          AND NOT EXISTS (SELECT 1 FROM death_list d WHERE d.id_number = p.id_number)""",
                                [f"{latest.year - youngest}-12-31"]).fetchall()
    hits = []
    for n, (pid, number, name, birth) in enumerate(candidates):
        if n % STEP == STEP - 1:
            yield Progress(n, len(candidates), "按年龄段核对")
        found = _band_for(dt.date.fromisoformat(birth), bands, ends)
        if found and (pid, found[0][2]) not in paid:
            hits.append((pid, number, name, found[1], found[0], birth))
    homes = ctx.homes(h[0] for h in hits)
    names = dict(ctx.db.execute("SELECT code, name FROM regions WHERE level = 'village'"))
    for pid, number, name, age, band, birth in hits:
        hid, village = homes.get(pid, (None, None))
        if village not in villages[band[2]]:
            continue                        # outside what the data covers: not judged
        std, month = ctx.items[band[2]].standard, months[band[2]]
        scope = f"{month}{band[4].split('（')[0]}名册覆盖的{names.get(village, village)}"
        yield Finding(
            subject_key=f"{number}|{band[3]}", person_id=pid, household_id=hid,
            village_code=village, item_id=band[2], amount=std,
            summary=f"{name}在{month}已满{age}周岁，应享受{band[4]}，当月未发放"
                    f"（只在{scope}内比对）",
            evidence={"身份证号": number, "出生日期": birth, "年龄": age,
                      "月份": month, "应享受项目": band[4], "月标准": std, "比对范围": scope})


RULE = Rule(name="eligible_not_receiving", title="应享受未享受",
            description="按身份证出生日期，在该项目最后一个发放月份已进入年龄段（如高龄津贴80、90、"
                        "100周岁），本人状态正常、不在死亡名单，当月却没有该项目的发放记录。"
                        "各项目按其自己的最后发放月份比对，导入其他项目较新月份的名册不会误报。"
                        "只比对已导入数据覆盖的月份和村（部分名册不会使名册以外的人被误报）。",
            find=find, order=100)
