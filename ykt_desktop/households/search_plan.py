"""Which side a filtered household search reads first (review of the region limit: a village
clerk's every search is narrowed to the village, and reading the text's matches first walked
every person of the county whose ID ends in 5 to keep the 270 of the village).

Reading the matches first costs about one step per matching person; reading the region first,
about one step per person living there (each household's members, :data:`MEMBERS` on average).
Both counts are taken with a cap, so the choice costs at most what the cheaper side costs.
"""

from __future__ import annotations

import sqlite_utils

REGION_CAP = 20_000     # households read one by one at most (a large township's)
MEMBERS = 3             # persons per household, about (947,803 in 300,000 in the county demo)


def region_first(db: sqlite_utils.Database, where: list[str], args: list,
                 person: tuple[str, list] | None) -> bool:
    """True when the households of ``where`` (a region, a status, open problems) are fewer to
    read than the persons matching ``person`` (a condition on ``persons``)."""
    if not where or person is None:
        return False
    region = db.conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM households h WHERE {' AND '.join(where)} "
        "LIMIT ?)", [*args, REGION_CAP]).fetchone()[0]
    if region >= REGION_CAP:
        return False
    cond, extra = person
    matches = db.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM persons WHERE {cond} "
                              "LIMIT ?)", [*extra, region * MEMBERS]).fetchone()[0]
    return matches >= region * MEMBERS
