"""What the official look of a return is made of, shared by the Excel and PDF exports:
header blocks (merged multi-level titles), the column-number row, cell text and the footer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ykt_desktop.returns.engine import FilledReturn
from ykt_desktop.returns.figures import ROUNDING_NOTE, printed_text
from ykt_desktop.returns.template import Column, Template


@dataclass(frozen=True)
class HeaderBlock:
    row: int          # 0-based header level
    col: int          # 0-based column index
    row_end: int
    col_end: int
    text: str


def header_blocks(template: Template) -> list[HeaderBlock]:
    """Equal neighbouring titles merge across; a column with fewer levels spans down."""
    depth = template.header_depth
    cols = template.columns
    blocks: list[HeaderBlock] = []
    for level in range(depth):
        i = 0
        while i < len(cols):
            title = cols[i].title
            if len(title) <= level:
                i += 1
                continue
            j = i
            while (j + 1 < len(cols) and len(cols[j + 1].title) > level
                   and cols[j + 1].title[:level + 1] == title[:level + 1]
                   and len(title) > level + 1 and len(cols[j + 1].title) > level + 1):
                j += 1
            row_end = level if len(title) > level + 1 else depth - 1
            blocks.append(HeaderBlock(level, i, row_end, j, title[level]))
            i = j + 1
    return blocks


def column_numbers(template: Template) -> list[str]:
    return [c.number for c in template.columns]


def cell_text(col: Column, value: Any) -> str:
    """The printed text of a value (screen, PDF, command line): two decimals 四舍五入 for
    money, whole numbers for counts — the one rule of figures.py."""
    return printed_text(col.fmt, value)


def footer_items(filled: FilledReturn) -> list[tuple[str, str]]:
    """(label, value) of the signature footer; 填表单位 defaults to the unit's name."""
    items = []
    for label in filled.template.footer:
        value = filled.footer.get(label, "")
        if label.startswith("填表单位") and not value:
            value = filled.unit_name
        items.append((label, value))
    return items


def footer_line(filled: FilledReturn) -> str:
    return "    ".join(f"{label}：{value or '＿＿＿＿'}" for label, value in footer_items(filled))


def unit_text(filled: FilledReturn) -> str:
    return f"填表单位：{filled.unit_name}"


def override_text(filled: FilledReturn) -> str:
    if not filled.override_reason:
        return ""
    return f"说明：本表存在未通过的勾稽校验，经确认后签署。理由：{filled.override_reason}"


def own_level_note(filled: FilledReturn) -> str:
    """The 本级 part of 合计 on a form with item rows: records registered at the unit's own code
    belong to no township (village), so 合计 = the lower levels' printed 合计 + these figures."""
    if not filled.own_figures:
        return ""
    cols = {c.key: c for c in filled.template.columns}
    parts = "，".join(f"第{cols[k].number or k}栏 {cell_text(cols[k], v)}"
                     for k, v in filled.own_figures.items())
    return (f"注：合计含{filled.unit_name}本级（登记在本级、不属于任何下级单位）的数：{parts}；"
            "本表合计 = 下级各单位报表合计 + 本级。")


def printed_notes(filled: FilledReturn) -> list[str]:
    """The lines printed under the table: the template's notes, the 本级 part of 合计, the
    rounding rule (forms in 万元) and, if signed over a failing rule, the reason."""
    lines = list(filled.template.notes)
    own = own_level_note(filled)
    if own:
        lines.append(own)
    if filled.template.amount_unit == "万元" and any(
            c.fmt == "amount" for c in filled.template.columns):
        lines.append(ROUNDING_NOTE)
    if filled.override_reason:
        lines.append(override_text(filled))
    return lines
