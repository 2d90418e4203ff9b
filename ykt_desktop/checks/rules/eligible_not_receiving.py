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


def _band_for(age: int, bands: list) -> tuple | None:
    for band in bands:
        if age >= band[0] and (band[1] is None or age <= band[1]):
            return band
    return None


def find(ctx: CheckContext) -> Iterator[Finding]:
    bands = _bands(ctx)
    row = ctx.db.execute("SELECT max(period) FROM payments WHERE length(period) = 7").fetchone()
    if not bands or not row or not row[0]:
        return
    month = row[0]
    end = period_end(month)
    youngest = min(b[0] for b in bands)
    marks = ",".join(str(b[2]) for b in bands)
    per_item: dict[int, set[int]] = {}
    for pid, item_id in ctx.db.execute(
            f"SELECT person_id, item_id FROM payments WHERE item_id IN ({marks}) AND period = ?",
            [month]).fetchall():
        per_item.setdefault(item_id, set()).add(pid)
    candidates = ctx.db.execute("""
        SELECT p.id, p.id_number, p.name, p.birth_date FROM persons p
        WHERE p.status = 'normal' AND p.birth_date IS NOT NULL AND p.birth_date <= ?
          AND NOT EXISTS (SELECT 1 FROM death_list d WHERE d.id_number = p.id_number)""",
                                [f"{end.year - youngest}-12-31"]).fetchall()
    hits = []
    for pid, number, name, birth in candidates:
        age = idcard.age_on(dt.date.fromisoformat(birth), end)
        band = _band_for(age, bands)
        if band and pid not in per_item.get(band[2], ()):
            hits.append((pid, number, name, age, band))
    homes = ctx.homes(h[0] for h in hits)
    for pid, number, name, age, band in hits:
        hid, village = homes.get(pid, (None, None))
        std = ctx.items[band[2]].standard
        yield Finding(
            subject_key=f"{number}|{band[3]}", person_id=pid, household_id=hid,
            village_code=village, item_id=band[2], amount=std,
            summary=f"{name}在{month}已满{age}周岁，应享受{band[4]}，当月未发放",
            evidence={"身份证号": number, "出生日期": birth, "年龄": age, "月份": month,
                      "应享受项目": band[4], "月标准": std})


RULE = Rule(name="eligible_not_receiving", title="应享受未享受",
            description="按身份证出生日期，在最后一个发放月份已进入年龄段（如高龄津贴80、90、100周岁），"
                        "本人状态正常、不在死亡名单，当月却没有该项目的发放记录。",
            find=find, order=100)
