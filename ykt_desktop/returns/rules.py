"""Check a filled return's 勾稽 rules row by row, reporting the failing row and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from ykt_desktop.returns.engine import FilledReturn, ReturnRow
from ykt_desktop.returns.expr import CMP_LABELS, compare, evaluate, parse_rule, render
from ykt_desktop.returns.template import Rule

TOLERANCE = 0.005


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    row_key: str
    row_label: str
    left: float
    right: float
    ok: bool
    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        cmp = CMP_LABELS[self.rule.comparison.op]
        if self.ok:
            return f"{self.row_label}：{self.rule.message} 通过"
        if not self.cells:                 # a stored record, not a cell (see _negative_money)
            return f"{self.row_label}：{self.rule.message}，请在问题台账或发放记录中更正"
        return (f"{self.row_label}：{self.rule.message} 不成立（左边 {_fmt(self.left)}，"
                f"右边 {_fmt(self.right)}，应为 左{cmp}右，差 {_fmt(self.left - self.right)}）")

    def detail(self, filled: FilledReturn) -> str:
        if not self.cells:
            return self.rule.message
        labels = {c.key: c.label for c in filled.template.columns}
        comp = self.rule.comparison
        row = filled.row(self.row_key)
        values = "，".join(f"{labels[k]}={_fmt(_number(row, k))}" for k in self.cells)
        return (f"{render(comp.left, labels)} {CMP_LABELS[comp.op]} "
                f"{render(comp.right, labels)}；{values}")


def _fmt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _number(row: ReturnRow, key: str) -> float:
    value = row.cells[key].value
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def _applies(rule: Rule, row: ReturnRow) -> bool:
    if rule.rows == "data":
        return not row.is_total
    if rule.rows == "total":
        return row.is_total
    return True


def check_rules(filled: FilledReturn) -> list[RuleResult]:
    """Every rule on every row it applies to (passing and failing)."""
    results = []
    for rule in filled.template.rules:
        comp = rule.comparison
        for row in filled.rows:
            if not _applies(rule, row):
                continue
            left = evaluate(comp.left, lambda k, r=row: _number(r, k))
            right = evaluate(comp.right, lambda k, r=row: _number(r, k))
            ok = compare(comp.op, left, right, TOLERANCE)
            label = f"第{_row_no(filled, row)}行（{row.label}）" if not row.is_total else row.label
            results.append(RuleResult(rule, row.key, label, left, right, ok,
                                      tuple(comp.names())))
    return results + _negative_money(filled)


def _negative_money(filled: FilledReturn) -> list[RuleResult]:
    """An amount stored below 0 under the unit (typed before entries were checked) fails a rule
    of its own on the last row: it would offset other records in every sum."""
    last = filled.rows[-1] if filled.rows else None
    if last is None:
        return []
    comparison = parse_rule("c0 >= 0")
    return [RuleResult(Rule("stored >= 0", line, comparison), last.key, last.label, -1.0, 0.0,
                       False, ()) for line in filled.negative_amounts]


def _row_no(filled: FilledReturn, row: ReturnRow) -> int:
    return filled.rows.index(row) + 1


def failures(filled: FilledReturn) -> list[RuleResult]:
    return [r for r in check_rules(filled) if not r.ok]


def failing_cells(filled: FilledReturn) -> set[tuple[str, str]]:
    """(row key, column key) of every cell taking part in a failing rule."""
    return {(r.row_key, k) for r in failures(filled) for k in r.cells}
