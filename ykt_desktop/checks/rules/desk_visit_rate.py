"""核查人入户过快: more visits by one 核查人 (each person of
the field, split at spaces, 、，,；) in a day, or in one hour where visit
times are recorded, than anyone can make at the door (parameters desk_max_visits_per_day,
desk_max_visits_per_hour)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.progress import Progress

SQL = """
SELECT v.verifiers, v.visit_date, {hour} AS hour, v.household_id, h.village_code, h.hh_no
FROM verifications v JOIN households h ON h.id = v.household_id
WHERE v.verifiers <> '' AND v.result = 'verified' {where}
ORDER BY v.visit_date, hour, h.hh_no
"""
# 核查人 is free text: "郑躲 王甲", "郑躲、王乙", "郑躲，王丙" are visits by 郑躲 each time.
SEPARATORS = re.compile(r"[\s、，,；;/]+")


def names(verifiers: str) -> list[str]:
    """The individual persons of a 核查人 field, in order, without repeats."""
    return list(dict.fromkeys(n for n in SEPARATORS.split(verifiers) if n))


STEP = 20_000      # visits between two progress steps (取消 within 0.5 s on a busy PC)


def _per_person(rows: list[tuple], groups: dict) -> dict[tuple[str, str, str], dict]:
    for verifiers, day, hour, household, village, number in rows:
        for person in names(verifiers):
            g = groups.setdefault((person, day, hour), {"households": {}, "villages": set()})
            g["households"].setdefault(household, number)
            g["villages"].add(village)
    return groups


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    per_day = int(ctx.params.get("desk_max_visits_per_day", 25))
    per_hour = int(ctx.params.get("desk_max_visits_per_hour", 6))
    for n, (when, limit, sql) in enumerate((
            ("day", per_day, SQL.format(hour="''", where="")),
            ("hour", per_hour, SQL.format(hour="substr(v.visit_time, 1, 2)",
                                          where="AND v.visit_time <> ''")))):
        rows = list(ctx.rows(sql))
        groups: dict[tuple[str, str, str], dict] = {}
        for start in range(0, len(rows), STEP):
            _per_person(rows[start:start + STEP], groups)
            yield Progress(n * len(rows) + start, 2 * max(len(rows), 1), "统计每人入户户数")
        for (who, day, hour), g in groups.items():
            count = len(g["households"])
            if count <= limit:
                continue
            span = f"{day} {hour}时" if when == "hour" else day
            unit = "小时" if when == "hour" else "天"
            yield Finding(
                subject_key=f"desk_rate:{when}:{who}:{day}:{hour}",
                village_code=max(g["villages"]),
                summary=f"核查人{who}在{span}入户{count}户，超过每{unit}{limit}户"
                        f"的上限，表格可能未入户填写",
                evidence={"核查人": who, "日期": day, "小时": hour, "户数": count,
                          "上限": limit, "户编号": sorted(g["households"].values())[:50]})


RULE = Rule(name="desk_visit_rate", title="核查人入户过快",
            description="同一核查人（核查人一栏按空格、顿号、逗号、分号分成各人）"
                        "一天内的入户户数超过参数 "
                        "desk_max_visits_per_day（默认25户），或记录了入户时间时一小时内超过 "
                        "desk_max_visits_per_hour（默认6户）。",
            find=find, order=300)
