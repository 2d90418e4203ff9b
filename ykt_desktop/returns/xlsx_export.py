"""Excel export with the official look (openpyxl): title, unit and amount-unit line, merged
multi-level headers, column-number row, 合计, 0.00 for money, IDs as text, widths, frozen header,
A4 landscape with repeated header rows and the signature footer. Text is never a formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ykt_desktop.atomic_files import atomic_output
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

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
NUMBER_FORMATS = {"amount": "0.00", "money": "0.00", "standard": "0.00", "int": "0"}
FIRST_HEADER_ROW = 3


def put_text(ws: Worksheet, row: int, col: int, text: Any) -> Any:
    """A cell holding ``text`` as a string, even when it starts with = + - @."""
    cell = ws.cell(row=row, column=col)
    cell.value = "" if text is None else str(text)
    cell.data_type = "s"
    return cell


def _put_value(ws: Worksheet, row: int, idx: int, col: Column, value: Any) -> None:
    if col.numeric and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        # the printed figure itself (figures.py), so Excel shows what the screen and PDF show
        number = Decimal(printed_text(col.fmt, value))
        cell = ws.cell(row=row, column=idx, value=int(number) if col.fmt == "int" else number)
        cell.number_format = NUMBER_FORMATS[col.fmt]
        cell.alignment = RIGHT
    else:
        cell = put_text(ws, row, idx, "" if value is None else value)
        cell.number_format = "@"
        cell.alignment = CENTER if col.kind == "seq" else LEFT
    cell.border = BORDER


def _title_rows(ws: Worksheet, filled: FilledReturn, width: int) -> None:
    put_text(ws, 1, 1, filled.title).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 32
    half = max(1, width // 2)
    put_text(ws, 2, 1, unit_text(filled)).alignment = LEFT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    right = put_text(ws, 2, half + 1, filled.template.unit_line)
    right.alignment = Alignment(horizontal="right", vertical="center")
    if half + 1 < width:
        ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=width)


def _header_rows(ws: Worksheet, filled: FilledReturn) -> int:
    template = filled.template
    depth = template.header_depth
    for r in range(depth + 1):
        for c in range(1, len(template.columns) + 1):
            cell = ws.cell(FIRST_HEADER_ROW + r, c)
            cell.border, cell.alignment, cell.fill = BORDER, CENTER, HEADER_FILL
            cell.font = Font(bold=r < depth)
    for block in header_blocks(template):
        top, left = FIRST_HEADER_ROW + block.row, block.col + 1
        put_text(ws, top, left, block.text)
        bottom, right = FIRST_HEADER_ROW + block.row_end, block.col_end + 1
        if (bottom, right) != (top, left):
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    number_row = FIRST_HEADER_ROW + depth
    for idx, number in enumerate(column_numbers(template), start=1):
        put_text(ws, number_row, idx, number)
    for r in range(depth):
        ws.row_dimensions[FIRST_HEADER_ROW + r].height = 36
    return number_row


def _page_setup(ws: Worksheet, filled: FilledReturn, number_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.bottom = 0.8
    ws.print_title_rows = f"{FIRST_HEADER_ROW}:{number_row}"
    labels = "  ".join(f"{label}：" + "＿" * 4 for label in filled.template.footer)
    ws.oddFooter.left.text = labels
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    ws.oddFooter.right.size = 9


def _footer_rows(ws: Worksheet, filled: FilledReturn, row: int, width: int) -> None:
    lines = [*printed_notes(filled), footer_line(filled)]
    for text in lines:
        row += 1
        put_text(ws, row, 1, text).alignment = LEFT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 18 if len(text) < width * 6 else 30


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


def write_xlsx(filled: FilledReturn, path: Path | str) -> Path:
    """Write the return to ``path`` (.xlsx); returns the path."""
    template = filled.template
    wb = Workbook()
    ws = wb.active
    ws.title = template.name[:31].replace("/", "-")
    width = len(template.columns)
    _title_rows(ws, filled, width)
    number_row = _header_rows(ws, filled)
    row = number_row
    for data_row in filled.rows:
        row += 1
        for idx, col in enumerate(template.columns, start=1):
            _put_value(ws, row, idx, col, data_row.cells[col.key].value)
            if data_row.is_total:
                ws.cell(row, idx).font = Font(bold=True)
        height = _row_height(template, data_row)
        if height:
            ws.row_dimensions[row].height = height
    for idx, col in enumerate(template.columns, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = col.width * 1.25 + 1
    ws.freeze_panes = ws.cell(number_row + 1, 1)
    _footer_rows(ws, filled, row, width)
    _page_setup(ws, filled, number_row)
    path = Path(path)
    with atomic_output(path) as temp:      # a pulled stick leaves no half file
        wb.save(temp)
    return path
