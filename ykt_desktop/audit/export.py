"""审计日志 › 导出: the filtered entries as the page shows them (in words, masked as the user's
role requires) plus the field-by-field changes, to an Excel file that prints on A4 landscape."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.query import EXPORT_HEADERS, fetch
from ykt_desktop.security.session import authorize
from ykt_desktop.xlsx_out import put_any, put_text, xlsx_book
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
    """Write the entries ``ids`` (in that order) to ``path``; returns how many rows. Every
    text cell is text (a logged value starting with = stays text)."""
    authorize(db, "export", None)
    with xlsx_book(path, rows_in_order=True) as book:      # rows are not held in memory
        sheet = book.sheet("审计日志")
        for col, width in enumerate(WIDTHS):
            sheet.set_column(col, col, width)
        put_text(sheet, 0, 0, title, book.fmt(bold=True, size=14))
        bold, wrap = book.fmt(bold=True), book.fmt(text_wrap=True, valign="top")
        for col, header in enumerate(EXPORT_HEADERS):
            put_text(sheet, 1, col, header, bold)
        row = 2
        for start in range(0, len(ids), CHUNK):
            part = ids[start:start + CHUNK]
            rows = fetch(db, part, with_diff=True)
            for i in part:
                sheet.set_row(row, _height(rows[i]))
                for col, value in enumerate(rows[i]):
                    put_any(sheet, row, col, value, wrap)
                row += 1
        sheet.freeze_panes(2, 0)
        fit_width_with_titles(sheet, title_rows="1:2", landscape=True)
    return len(ids)
