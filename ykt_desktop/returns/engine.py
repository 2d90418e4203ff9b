"""Fill a return from the database: one value per (row, column), a 合计 row, hand cells.

Computed values are kept beside any hand edit, so an edited cell can be shown as changed and
drilled into. Money cells hold the template's amount unit (万元 -> 元 / 10000) unrounded;
display and export round to two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from ykt_desktop.errors import register_user_error
from ykt_desktop.progress import Job, Progress, run
from ykt_desktop.regions import code_prefix, get_region
from ykt_desktop.returns.facts import build_facts, drop_facts, needs_facts
from ykt_desktop.returns.measures import Scope, build, grouped
from ykt_desktop.returns.rows import RowSet, SourceRow, load_rows
from ykt_desktop.returns.template import Column, Template

TOTAL_KEY = "total"


@register_user_error
class ReturnInputError(ValueError):
    """A unit, row, column or typed value a return cannot take; the message is Chinese."""


@dataclass
class Cell:
    value: Any = None
    computed: Any = None
    edited: bool = False


@dataclass
class ReturnRow:
    key: str
    label: str
    cells: dict[str, Cell]
    is_total: bool = False
    source: SourceRow | None = None


@dataclass
class FilledReturn:
    template: Template
    unit_code: str
    unit_name: str
    period: str
    rows: list[ReturnRow]
    rowset: RowSet
    footer: dict[str, str] = field(default_factory=dict)
    override_reason: str = ""
    status: str = "draft"

    @property
    def title(self) -> str:
        return self.template.display_title(self.period)

    def row(self, key: str) -> ReturnRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise ReturnInputError(f"报表中没有行“{key}”")

    def data_rows(self) -> list[ReturnRow]:
        return [r for r in self.rows if not r.is_total]

    def hand_cells(self) -> dict[str, Any]:
        return {f"{r.key}|{k}": c.value for r in self.rows if not r.is_total
                for k, c in r.cells.items() if c.edited}


def scope_for(template: Template, unit_code: str, period: str) -> Scope:
    return Scope(code_prefix(unit_code), period, template.issue_scope)


def column_params(db: sqlite_utils.Database, template: Template, col: Column) -> dict:
    params = dict(col.params)
    if "@rest" in params.get("categories", []):
        named = {c for other in template.columns
                 if other.key != col.key and other.kind == "measure"
                 and other.measure.startswith("issue")
                 for c in other.params.get("categories", [])}
        every = [r[0] for r in db.execute("SELECT code FROM issue_categories").fetchall()]
        params["categories"] = sorted(set(every) - named) or ["@none"]
    return params


def _scaled(col: Column, value: Any, scale: float) -> Any:
    if value is None or not col.numeric:
        return value
    if col.fmt == "amount":
        return round(float(value) / scale, 6)
    if col.fmt == "int":
        return int(value)
    return round(float(value), 2)


def _measure_values(db: sqlite_utils.Database, template: Template, rowset: RowSet,
                    scope: Scope) -> Job[dict[str, dict[Any, Any]]]:
    values: dict[str, dict[Any, Any]] = {}
    measures = [c for c in template.columns if c.kind == "measure"]
    for n, col in enumerate(measures, start=1):
        yield Progress(n, len(measures) + 1, f"计算{col.label}（{col.title[-1]}）")
        msql = build(col.measure, scope, column_params(db, template, col))
        values[col.key] = grouped(db, msql, rowset.dimension, rowset.width)
    return values


def _row_cells(template: Template, row: SourceRow, number: int,
               values: dict[str, dict[Any, Any]]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for col in template.columns:
        if col.kind == "seq":
            value: Any = number
        elif col.kind in ("row", "field"):
            value = _scaled(col, row.attrs.get(col.field), template.scale)
        elif col.kind == "measure":
            raw = values[col.key].get(row.group_key)
            default = "" if not col.numeric else 0
            value = _scaled(col, raw if raw is not None else default, template.scale)
        elif col.kind == "sum_of":
            value = round(sum(float(cells[k].value or 0) for k in col.params["columns"]), 6)
        else:
            value = None
        cells[col.key] = Cell(value, value)
    return cells


def compute_total(template: Template, rows: list[ReturnRow]) -> ReturnRow:
    cells: dict[str, Cell] = {}
    for col in template.columns:
        value: Any = None
        if col.total and col.numeric:
            value = sum(float(r.cells[col.key].value or 0) for r in rows if not r.is_total)
            value = int(value) if col.fmt == "int" else round(value, 6)
        cells[col.key] = Cell(value, value)
    label_col = next((c for c in template.columns if c.kind in ("row", "field")), None)
    if label_col is not None:
        cells[label_col.key] = Cell(template.total_label, template.total_label)
    return ReturnRow(TOTAL_KEY, template.total_label or "", cells, is_total=True)


def fill(db: sqlite_utils.Database, template: Template, unit_code: str, period: str, *,
         use_draft: bool = True) -> FilledReturn:
    """Compute every cell from the database; apply the saved draft's hand cells and footer."""
    return run(fill_job(db, template, unit_code, period, use_draft=use_draft))


def fill_job(db: sqlite_utils.Database, template: Template, unit_code: str, period: str, *,
             use_draft: bool = True) -> Job[FilledReturn]:
    """:func:`fill` as a long job (county scale: the payment facts are gathered once)."""
    region = get_region(db, unit_code)
    if region is None:
        raise ReturnInputError(f"区划代码 {unit_code} 不存在")
    scope = scope_for(template, unit_code, period)
    yield Progress(0, 1, "读取报表行")
    rowset = load_rows(db, template.rows, unit_code, period, template.issue_scope)
    if needs_facts(template):
        yield Progress(0, 1, "汇总发放记录（数据量大时需要一些时间）")
        scope = replace(scope, facts=build_facts(db, scope))
    try:
        values = yield from _measure_values(db, template, rowset, scope)
    finally:
        if scope.facts:
            drop_facts(db, scope.facts)
    rows = [ReturnRow(r.key, r.label, _row_cells(template, r, n, values), source=r)
            for n, r in enumerate(rowset.rows, start=1)]
    filled = FilledReturn(template, unit_code, region.name, period, rows, rowset)
    refresh_total(filled)
    if use_draft:
        from ykt_desktop.returns.drafts import apply_draft

        apply_draft(db, filled)
    return filled


def refresh_total(filled: FilledReturn) -> None:
    filled.rows = [r for r in filled.rows if not r.is_total]
    if filled.template.total_label:
        filled.rows.append(compute_total(filled.template, filled.rows))


def parse_cell(col: Column, text: Any) -> Any:
    """A typed-in value for ``col``: numbers for numeric columns (blank -> None)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not col.numeric:
        return str(text)
    try:
        number = float(str(text).replace(",", "").strip())
    except ValueError as exc:
        raise ReturnInputError(f"{col.label}应填数字，不能是“{text}”") from exc
    return int(number) if col.fmt == "int" and number.is_integer() else number


def set_cell(filled: FilledReturn, row_key: str, col_key: str, text: Any) -> None:
    """Edit one cell by hand (the 合计 row is always computed)."""
    if row_key == TOTAL_KEY:
        raise ReturnInputError("合计行由各行相加得出，不能手工修改")
    col = filled.template.column(col_key)
    if not col.editable:
        raise ReturnInputError(f"{col.label}不能手工填写")
    cell = filled.row(row_key).cells[col_key]
    cell.value = parse_cell(col, text)
    cell.edited = cell.value != cell.computed
    filled.status = "draft"            # a signed return edited again is a draft until signed
    refresh_total(filled)
