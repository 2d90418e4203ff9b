"""Excel export with the official look (XlsxWriter, ``ykt_desktop.xlsx_out``): title, unit and
amount-unit line, merged multi-level headers, column-number row, 合计, 0.00 for money, IDs as
text, widths, frozen header, A4 landscape with repeated header rows and the signature footer.
Text columns are written as text whatever they hold: never a formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ykt_desktop.returns.engine import FilledReturn
from ykt_desktop.returns.figures import printed_text
from ykt_desktop.returns.layout import (
    column_numbers,
    footer_line,
    header_blocks,
    printed_notes,
    unit_text,
)
from ykt_desktop.returns.template import Column
from ykt_desktop.xlsx_out import Book, footer_text, put_text, xlsx_book

BORDER = {"border": 1}
CENTER = {"align": "center", "valign": "vcenter", "text_wrap": True}
LEFT = {"align": "left", "valign": "vcenter", "text_wrap": True}
RIGHT = {"align": "right", "valign": "vcenter"}
HEADER_FILL = {"bg_color": "#F2F2F2", "pattern": 1}
NUMBER_FORMATS = {"amount": "0.00", "money": "0.00", "standard": "0.00", "int": "0"}
FIRST_HEADER_ROW = 2               # 0-based: the third row, under the title and the unit line


def _cell_format(book: Book, col: Column, *, bold: bool):
    if col.numeric:
        return book.fmt(**BORDER, **RIGHT, num_format=NUMBER_FORMATS[col.fmt], bold=bold)
    return book.fmt(**BORDER, **(CENTER if col.kind == "seq" else LEFT), num_format="@",
                    bold=bold)


def _put_value(ws: Worksheet, row: int, idx: int, col: Column, value: Any, fmt) -> None:
    if col.numeric and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        # the printed figure itself (figures.py), so Excel shows what the screen and PDF show
        number = Decimal(printed_text(col.fmt, value))
        ws.write_number(row, idx, int(number) if col.fmt == "int" else float(number), fmt)
    else:
        put_text(ws, row, idx, value, fmt)


def _merged(ws: Worksheet, row: int, first: int, last: int, text: Any, fmt) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    put_text(ws, row, first, text, fmt)


def _title_rows(ws: Worksheet, book: Book, filled: FilledReturn, width: int) -> None:
    _merged(ws, 0, 0, width - 1, filled.title, book.fmt(**CENTER, size=16, bold=True))
    ws.set_row(0, 32)
    half = max(1, width // 2)
    _merged(ws, 1, 0, half - 1, unit_text(filled), book.fmt(**LEFT))
    _merged(ws, 1, half, max(half, width - 1), filled.template.unit_line,
            book.fmt(align="right", valign="vcenter"))


def _header_rows(ws: Worksheet, book: Book, filled: FilledReturn) -> int:
    template = filled.template
    depth = template.header_depth
    formats = [book.fmt(**BORDER, **CENTER, **HEADER_FILL, bold=r < depth)
               for r in range(depth + 1)]
    for r in range(depth + 1):
        for c in range(len(template.columns)):
            ws.write_blank(FIRST_HEADER_ROW + r, c, None, formats[r])
    for block in header_blocks(template):
        top, left = FIRST_HEADER_ROW + block.row, block.col
        bottom, right = FIRST_HEADER_ROW + block.row_end, block.col_end
        fmt = formats[block.row]
        if (bottom, right) != (top, left):
            ws.merge_range(top, left, bottom, right, "", fmt)
        put_text(ws, top, left, block.text, fmt)
    number_row = FIRST_HEADER_ROW + depth
    for idx, number in enumerate(column_numbers(template)):
        put_text(ws, number_row, idx, number, formats[depth])
    for r in range(depth):
        ws.set_row(FIRST_HEADER_ROW + r, 36)
    return number_row


def _page_setup(ws: Worksheet, filled: FilledReturn, number_row: int) -> None:
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, bottom=0.8)
    ws.repeat_rows(FIRST_HEADER_ROW, number_row)
    labels = "  ".join(f"{label}：" + "＿" * 4 for label in filled.template.footer)
    ws.set_footer(f"&L&9{footer_text(labels)}&R&9第 &P 页 共 &N 页")


def _footer_rows(ws: Worksheet, book: Book, filled: FilledReturn, row: int, width: int) -> None:
    for text in [*printed_notes(filled), footer_line(filled)]:
        row += 1
        _merged(ws, row, 0, width - 1, text, book.fmt(**LEFT))
        ws.set_row(row, 18 if len(text) < width * 6 else 30)


def _text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (a CJK character is
    two characters wide)."""
    size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-size // max(1, int(width * 1.25))))


def _row_height(template: Any, data_row: Any) -> float | None:
    """A data row's height when a text cell wraps (收费项目和标准 “办卡工本费 20.00元”):
    LibreOffice and Excel keep the default height of a row written without one."""
    lines = max((_text_lines(str(data_row.cells[c.key].value), c.width)
                 for c in template.columns if not c.numeric and data_row.cells[c.key].value),
                default=1)
    return 15.0 * lines + 4 if lines > 1 else None


def _data_rows(ws: Worksheet, book: Book, filled: FilledReturn, row: int) -> int:
    columns = list(enumerate(filled.template.columns))
    plain = [_cell_format(book, col, bold=False) for _, col in columns]
    bold = [_cell_format(book, col, bold=True) for _, col in columns]
    for data_row in filled.rows:
        row += 1
        formats = bold if data_row.is_total else plain
        for idx, col in columns:
            _put_value(ws, row, idx, col, data_row.cells[col.key].value, formats[idx])
        height = _row_height(filled.template, data_row)
        if height:
            ws.set_row(row, height)
    return row


def write_xlsx(filled: FilledReturn, path: Path | str) -> Path:
    """Write the return to ``path`` (.xlsx); returns the path."""
    template = filled.template
    width = len(template.columns)
    with xlsx_book(path) as book:          # a pulled stick leaves no half file
        ws = book.sheet(template.name.replace("/", "-"))
        _title_rows(ws, book, filled, width)
        number_row = _header_rows(ws, book, filled)
        row = _data_rows(ws, book, filled, number_row)
        for idx, col in enumerate(template.columns):
            ws.set_column(idx, idx, col.width * 1.25 + 1)
        ws.freeze_panes(number_row + 1, 0)
        _footer_rows(ws, book, filled, row, width)
        _page_setup(ws, filled, number_row)
    return Path(path)
