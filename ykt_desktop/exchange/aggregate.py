"""Aggregation check: a unit's return equals the sum of the same return for each unit below.

Uses the returns engine's ``fill`` scoped by region code, on the receiving unit's merged data
(after the packages of the units below were imported). Every numeric measure cell of the rows
both sides share (items, categories, the 合计 row) is compared. The engine adds every figure up
from each village's printed figure (docs/RETURNS.md), so money and counts alike equal the sum of
the parts; for counts of distinct persons or cards the check still only asks "not more than the
sum of the parts" (a unit filled with an older version counted an ID once above). Counts of
regions describe the tree itself and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import LEVEL_ORDER, regions_at
from ykt_desktop.returns.engine import FilledReturn, fill
from ykt_desktop.returns.template import Template
from ykt_desktop.unit import require_unit

TOLERANCE = 0.005


@dataclass(frozen=True)
class Mismatch:
    row: str
    column: str
    whole: float
    parts: float

    def describe(self) -> str:
        return f"{self.row} {self.column}：本级 {self.whole:g}，下级合计 {self.parts:g}"


DISTINCT_MEASURES = ("persons", "beneficiaries", "cards")
SKIPPED_MEASURES = ("regions_count",)


def numeric_cells(filled: FilledReturn) -> dict[tuple[str, str], float]:
    """(row label, column label) -> value for the computed numeric cells."""
    cols = [c for c in filled.template.columns if c.numeric and c.kind in ("measure", "sum_of")
            and c.measure not in SKIPPED_MEASURES]
    out: dict[tuple[str, str], float] = {}
    for row in filled.rows:
        label = "合计" if row.is_total else row.key
        for col in cols:
            value = row.cells.get(col.key)
            if value is not None and isinstance(value.value, int | float | Decimal):
                out[(label, col.label)] = float(value.value)
    return out


def add_into(total: dict[tuple[str, str], float], part: dict[tuple[str, str], float]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0.0) + value


def distinct_columns(template: Template) -> set[str]:
    return {c.label for c in template.columns if c.measure in DISTINCT_MEASURES}


def compare(whole: dict[tuple[str, str], float], parts: dict[tuple[str, str], float],
            at_most: set[str] | None = None) -> list[Mismatch]:
    """Cells that differ; for columns in ``at_most`` only a whole above the parts' sum."""
    out = []
    for r, c in sorted(set(whole) | set(parts)):
        a, b = whole.get((r, c), 0.0), parts.get((r, c), 0.0)
        if at_most and c in at_most and a <= b + TOLERANCE:
            continue
        if abs(a - b) > TOLERANCE:
            out.append(Mismatch(r, c, a, b))
    return out


def check_sum_of_children(db: sqlite_utils.Database, template: Template, period: str
                          ) -> Job[list[Mismatch]]:
    """Our return against the sum of the same return for each unit directly below us."""
    unit = require_unit(db)
    below = regions_at(db, LEVEL_ORDER[LEVEL_ORDER.index(unit.level) + 1], under=unit.code)
    total: dict[tuple[str, str], float] = {}
    for n, region in enumerate(below):
        yield Progress(n, len(below) + 1, f"计算 {region.name}")
        add_into(total, numeric_cells(fill(db, template, region.code, period, use_draft=False)))
    yield Progress(len(below), len(below) + 1, f"计算 {unit.name}")
    whole = numeric_cells(fill(db, template, unit.code, period, use_draft=False))
    return compare(*comparable(template, whole, total), distinct_columns(template))


def comparable(template: Template, *cells: dict[tuple[str, str], float]
               ) -> list[dict[tuple[str, str], float]]:
    """Rows by region differ between levels: for such templates only 合计 is compared."""
    if template.rows.get("source") != "regions":
        return list(cells)
    return [{k: v for k, v in c.items() if k[0] == "合计"} for c in cells]
