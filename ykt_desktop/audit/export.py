"""审计日志 › 导出: the filtered entries as the page shows them (in words, masked as the user's
role requires) plus the field-by-field changes, to an Excel file that prints on A4 landscape."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ykt_desktop.atomic_files import atomic_output
from ykt_desktop.audit.query import EXPORT_HEADERS, fetch
from ykt_desktop.security.session import authorize
from ykt_desktop.xlsx_print import fit_width_with_titles

WIDTHS = (8, 19, 14, 8, 12, 26, 40, 40, 50)
CHUNK = 500


def _height(row: tuple) -> float:
    """Row height for the wrapped text (LibreOffice keeps the default height otherwise)."""
    lines = 1
    for value, width in zip(row, WIDTHS, strict=True):
        text = str(value)
        per_line = max(1, int(width / 2))      # Chinese characters take two columns each
        lines = max(lines, sum(len(part) // per_line + 1 for part in text.split("\n")))
    return min(409.0, 14.0 * lines)


def export_entries(db: sqlite_utils.Database, ids: list[int], path: Path | str, *,
                   title: str = "审计日志") -> int:
    """Write the entries ``ids`` (in that order) to ``path``; returns how many rows."""
    authorize(db, "export", None)
    book = Workbook()
    sheet = book.active
    sheet.title = "审计日志"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        rows = fetch(db, part, with_diff=True)
        for i in part:
            sheet.append(list(rows[i]))
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
            sheet.row_dimensions[sheet.max_row].height = _height(rows[i])
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=col).column_letter].width = width
    sheet.freeze_panes = "A3"
    fit_width_with_titles(sheet, title_rows="1:2", landscape=True)
    with atomic_output(path) as temp:
        book.save(temp)
    return len(ids)
