"""A filled return as data: its rows and cells, the 合计 row, and hand-typed values.

Below :mod:`ykt_desktop.returns.engine` (which computes it from the database) and
:mod:`ykt_desktop.returns.drafts` (which saves and re-applies hand cells), so both use it
without importing each other's callers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ykt_desktop.errors import UserError
from ykt_desktop.returns.figures import MONEY_FORMATS, to_money
from ykt_desktop.returns.rows import RowSet, SourceRow
from ykt_desktop.returns.template import Column, Template

TOTAL_KEY = "total"


class ReturnInputError(ValueError, UserError):
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
    draft_version: str = ""     # token of the saved draft it was filled with (returns.drafts)
    negative_amounts: tuple[str, ...] = ()   # stored amounts below 0 (fail the 勾稽 check)
    own_figures: dict[str, Any] = field(default_factory=dict)  # 本级 part of 合计 (item rows)

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


def _add(values: list[Any]) -> Any:
    numbers = [v for v in values if v not in (None, "")]
    if any(isinstance(v, Decimal) for v in numbers):
        return sum((to_money(v) for v in numbers), Decimal("0.00"))
    return sum(int(v) for v in numbers)


def compute_total(template: Template, rows: list[ReturnRow]) -> ReturnRow:
    """合计: the sum of the printed rows (hand edits included)."""
    cells: dict[str, Cell] = {}
    for col in template.columns:
        value: Any = None
        if col.total and col.numeric:
            value = _add([r.cells[col.key].value for r in rows if not r.is_total])
            if col.fmt in MONEY_FORMATS:
                value = to_money(value)
        elif col.measure == "issue_flag":      # a 是/否 column: 是 when any row shows 是
            value = next((r.cells[col.key].value for r in rows
                          if not r.is_total and r.cells[col.key].value), "")
        cells[col.key] = Cell(value, value)
    label_col = next((c for c in template.columns if c.kind in ("row", "field")), None)
    if label_col is not None:
        cells[label_col.key] = Cell(template.total_label, template.total_label)
    return ReturnRow(TOTAL_KEY, template.total_label or "", cells, is_total=True)


def refresh_total(filled: FilledReturn) -> None:
    filled.rows = [r for r in filled.rows if not r.is_total]
    if filled.template.total_label:
        filled.rows.append(compute_total(filled.template, filled.rows))


def parse_cell(col: Column, text: Any) -> Any:
    """A typed-in value for ``col``: two-decimal Decimal for money (四舍五入), whole numbers for
    counts (blank -> None)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not col.numeric:
        return str(text)
    try:
        if col.fmt in MONEY_FORMATS:
            return to_money(text)
        number = Decimal(str(text).replace(",", "").strip())
    except (ValueError, ArithmeticError) as exc:
        raise ReturnInputError(f"{col.label}应填数字，不能是“{text}”") from exc
    if number != number.to_integral_value():
        raise ReturnInputError(f"{col.label}应填整数，不能是“{text}”")
    return int(number)


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
