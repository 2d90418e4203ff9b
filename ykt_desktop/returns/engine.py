"""Fill a return from the database: one value per (row, column), a 合计 row, hand cells.

Computed values are kept beside any hand edit, so an edited cell can be shown as changed and
drilled into. A money cell holds its printed figure: a ``Decimal`` in the template's unit with two
decimals, rounded 四舍五入 per village and added up from there (figures.py); a sum column and
the 合计 row add printed figures, so every printed form adds up.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import sqlite_utils

from ykt_desktop.progress import Job, Progress, run
from ykt_desktop.regions import code_prefix, get_region
from ykt_desktop.returns.drafts import apply_draft
from ykt_desktop.returns.facts import build_facts, drop_facts, needs_facts
from ykt_desktop.returns.figures import MONEY_FORMATS, fen_to_unit, to_money
from ykt_desktop.returns.filled import (  # noqa: F401 - the filled return, re-exported here
    TOTAL_KEY,
    Cell,
    FilledReturn,
    ReturnInputError,
    ReturnRow,
    _add,
    compute_total,
    parse_cell,
    refresh_total,
    set_cell,
)
from ykt_desktop.returns.measures import MeasureSql, Scope, build, grouped, grouped_by_village
from ykt_desktop.returns.negatives import negative_amounts
from ykt_desktop.returns.rows import RowSet, SourceRow, add_missing_rows, load_rows
from ykt_desktop.returns.template import Column, Template
from ykt_desktop.security.read_scope import scoped_under


def scope_for(template: Template, unit_code: str, period: str) -> Scope:
    return Scope(code_prefix(unit_code), period, template.issue_scope)


def _named_categories(col: Column) -> set[str]:
    params = col.params
    return {*params.get("categories", []),
            *(c for alt in params.get("match", []) for c in alt.get("categories", []))}


def column_params(db: sqlite_utils.Database, template: Template, col: Column) -> dict:
    params = dict(col.params)
    if "@rest" in params.get("categories", []):
        named = {c for other in template.columns
                 if other.key != col.key and other.kind == "measure"
                 and other.measure.startswith("issue") for c in _named_categories(other)}
        every = [r[0] for r in db.execute("SELECT code FROM issue_categories").fetchall()]
        params["categories"] = sorted(set(every) - named) or ["@none"]
    return params


def money_unit(template: Template, col: Column) -> str:
    return template.amount_unit if col.fmt == "amount" else "元"


def field_value(template: Template, col: Column, value: Any) -> Any:
    """A record's own value (元 as stored) in the column's format, exact."""
    if value is None or value == "" or not col.numeric:
        return value
    if col.fmt == "amount":
        return fen_to_unit(int(to_money(value) * 100), money_unit(template, col))
    if col.fmt == "int":
        return int(value)
    return to_money(value)


def zero(col: Column) -> Any:
    if not col.numeric:
        return ""
    return Decimal("0.00") if col.fmt in MONEY_FORMATS else 0


def _combine(template: Template, col: Column, msql: MeasureSql,
             per_village: dict[Any, dict[str, Any]]) -> dict[Any, Any]:
    """Each village's figure printed on its own, then added: the row's printed figure."""
    out: dict[Any, Any] = {}
    for key, villages in per_village.items():
        if msql.money:
            out[key] = sum((fen_to_unit(v or 0, money_unit(template, col))
                            for v in villages.values()), Decimal("0.00"))
        else:
            out[key] = sum(int(v or 0) for v in villages.values())
    return out


def _own_part(template: Template, col: Column, msql: MeasureSql,
              per_village: dict[Any, dict[str, Any]], own_code: str) -> Any:
    """The printed figure of the records at the unit's own code (本级), summed over the rows."""
    values = [v.get(own_code) or 0 for v in per_village.values()]
    if msql.money:
        return sum((fen_to_unit(v, money_unit(template, col)) for v in values), Decimal("0.00"))
    return sum(int(v) for v in values)


def _measure_values(db: sqlite_utils.Database, template: Template, rowset: RowSet,
                    scope: Scope, own: dict[str, Any] | None = None,
                    own_code: str = "") -> Job[dict[str, dict[Any, Any]]]:
    """Each measure column's value by row key; ``own`` receives the 本级 part of 合计."""
    values: dict[str, dict[Any, Any]] = {}
    measures = [c for c in template.columns if c.kind == "measure"]
    for n, col in enumerate(measures, start=1):
        yield Progress(n, len(measures) + 1, f"计算{col.label}（{col.title[-1]}）")
        msql = build(col.measure, scope, column_params(db, template, col))
        if msql.text or not col.numeric:
            values[col.key] = grouped(db, msql, rowset.dimension, rowset.width)
        else:
            per_village = grouped_by_village(db, msql, rowset.dimension, rowset.width)
            values[col.key] = _combine(template, col, msql, per_village)
            if own is not None and col.total:
                own[col.key] = _own_part(template, col, msql, per_village, own_code)
    return values


def _row_cells(template: Template, row: SourceRow, number: int,
               values: dict[str, dict[Any, Any]]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for col in template.columns:
        if col.kind == "seq":
            value: Any = number
        elif col.kind in ("row", "field"):
            value = field_value(template, col, row.attrs.get(col.field))
        elif col.kind == "measure":
            raw = values[col.key].get(row.group_key)
            value = raw if raw is not None else zero(col)
        elif col.kind == "sum_of":
            value = _add([cells[k].value for k in col.params["columns"]])
        else:
            value = None
        cells[col.key] = Cell(value, value)
    return cells


def fill(db: sqlite_utils.Database, template: Template, unit_code: str, period: str, *,
         use_draft: bool = True) -> FilledReturn:
    """Compute every cell from the database; apply the saved draft's hand cells and footer."""
    return run(fill_job(db, template, unit_code, period, use_draft=use_draft))


def fill_job(db: sqlite_utils.Database, template: Template, unit_code: str, period: str, *,
             use_draft: bool = True) -> Job[FilledReturn]:
    """:func:`fill` as a long job (county scale: the payment facts are gathered once).

    A session confined to a region gets that region's return: a 村级录入员 asking for the
    township's gets its village's (issue 14: it saw every village's row); another region's is
    refused."""
    unit_code = scoped_under(db, unit_code) or unit_code
    region = get_region(db, unit_code)
    if region is None:
        raise ReturnInputError(f"区划代码 {unit_code} 不存在")
    scope = scope_for(template, unit_code, period)
    yield Progress(0, 1, "读取报表行")
    rowset = load_rows(db, template.rows, unit_code, period, template.issue_scope)
    if needs_facts(template):
        yield Progress(0, 1, "汇总发放记录（数据量大时需要一些时间）")
        scope = replace(scope, facts=build_facts(db, scope))
    own: dict[str, Any] | None = {} if rowset.dimension == "item" and \
        region.level != "village" else None
    try:
        values = yield from _measure_values(db, template, rowset, scope, own, region.code)
    finally:
        if scope.facts:
            drop_facts(db, scope.facts)
    add_missing_rows(db, rowset, template.rows, unit_code,       # regions describe the tree
                     {k: v for k, v in values.items()
                      if template.column(k).measure != "regions_count"})
    rows = [ReturnRow(r.key, r.label, _row_cells(template, r, n, values), source=r)
            for n, r in enumerate(rowset.rows, start=1)]
    filled = FilledReturn(template, unit_code, region.name, period, rows, rowset,
                          negative_amounts=negative_amounts(db, scope.prefix),
                          own_figures={k: v for k, v in (own or {}).items() if v})
    refresh_total(filled)
    if use_draft:
        apply_draft(db, filled)
    return filled
