"""应享受未享受: in an age band (e.g. 80+ for 高龄津贴) in the last paid month, not receiving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop import idcard
from ykt_desktop.checks.base import CheckContext, Finding, Rule, period_end


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


def _last_months(ctx: CheckContext, bands: list) -> dict[int, str]:
    """Each band item's last paid month, so that a newer roster of another item does not make
    everyone in the band look unpaid; an item never paid here is compared with the last
    month of any payment (nobody receiving it at all is itself a finding)."""
    marks = ",".join(str(b[2]) for b in bands)
    months = dict(ctx.db.execute(
        f"SELECT item_id, max(period) FROM payments WHERE item_id IN ({marks}) "
        "AND length(period) = 7 GROUP BY item_id").fetchall())
    latest = ctx.db.execute("SELECT max(period) FROM payments WHERE length(period) = 7")
    latest = latest.fetchone()[0]
    return {b[2]: months.get(b[2], latest) for b in bands if months.get(b[2], latest)}


def find(ctx: CheckContext) -> Iterator[Finding]:
    bands = _bands(ctx)
    months = _last_months(ctx, bands) if bands else {}
    bands = [b for b in bands if b[2] in months]   # no monthly payment at all: no month
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
    for pid, number, name, birth in candidates:
        found = _band_for(dt.date.fromisoformat(birth), bands, ends)
        if found and (pid, found[0][2]) not in paid:
            hits.append((pid, number, name, found[1], found[0]))
    homes = ctx.homes(h[0] for h in hits)
    for pid, number, name, age, band in hits:
        hid, village = homes.get(pid, (None, None))
        std, month = ctx.items[band[2]].standard, months[band[2]]
        yield Finding(
            subject_key=f"{number}|{band[3]}", person_id=pid, household_id=hid,
            village_code=village, item_id=band[2], amount=std,
            summary=f"{name}在{month}已满{age}周岁，应享受{band[4]}，当月未发放",
            evidence={"身份证号": number, "出生日期": birth, "年龄": age, "月份": month,
                      "应享受项目": band[4], "月标准": std})


RULE = Rule(name="eligible_not_receiving", title="应享受未享受",
            description="按身份证出生日期，在该项目最后一个发放月份已进入年龄段（如高龄津贴80、90、"
                        "100周岁），本人状态正常、不在死亡名单，当月却没有该项目的发放记录。"
                        "各项目按其自己的最后发放月份比对，导入其他项目较新月份的名册不会误报。",
            find=find, order=100)
