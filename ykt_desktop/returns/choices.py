"""What the return editor offers to pick: units (own unit and the regions under it). The default
period is ``ykt_desktop.periods.default_year``."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.regions import regions_at
from ykt_desktop.unit import require_unit


def unit_choices(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(code, label) of this unit, then its townships and villages."""
    unit = require_unit(db)
    choices = [(unit.code, f"{unit.name}（本单位）")]
    villages = regions_at(db, "village", under=unit.code) if unit.level != "village" else []
    if unit.level == "county":
        for town in regions_at(db, "township", under=unit.code):
            choices.append((town.code, town.name))
            choices += [(v.code, f"　{v.name}") for v in villages if v.parent_code == town.code]
    else:
        choices += [(v.code, f"　{v.name}") for v in villages]
    return choices
