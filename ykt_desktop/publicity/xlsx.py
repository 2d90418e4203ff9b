"""Write a notice to xlsx (openpyxl): title, introduction, the table with group headings and
subtotals, the closing wording and the masking policy; every text cell is stored as text."""

from __future__ import annotations

from collections.abc import Generator
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ykt_desktop.atomic_files import atomic_output
from ykt_desktop.progress import Progress
from ykt_desktop.publicity.model import COLUMNS, Line, Notice, cn_date
from ykt_desktop.publicity.notice import POLICY_BASIS, SUPERVISION_TEXT

WIDTHS = (6, 9, 21, 7, 26, 14, 6, 13, 12, 22)
NUMERIC = {0: "0", 6: "0", 7: "#,##0.00"}
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="EEEEEE")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def put(ws: Worksheet, row: int, col: int, value: object) -> object:
    """Write a value; strings are always text (never formulas), numbers stay numbers."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _merged_text(ws: Worksheet, row: int, text: str, *, height: float | None = None,
                 font: Font | None = None, align: Alignment = WRAP) -> None:
    cell = put(ws, row, 1, text)
    cell.alignment = align
    if font:
        cell.font = font
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
    if height:
        ws.row_dimensions[row].height = height


def _row_values(line: Line) -> list[object]:
    if line.kind == "row":
        values: list[object] = list(line.cells)
        values[0], values[6], values[7] = int(line.cells[0]), line.count, line.amount
        return values
    if line.kind == "group":
        return [line.cells[0]] + [""] * (len(COLUMNS) - 1)
    return [f"{line.cells[0]}（{line.count}条）", "", "", "", "", "", "", line.amount, "", ""]


def _style_cell(cell: object, kind: str, col: int, is_number: bool) -> None:
    cell.border = BORDER
    if col in NUMERIC and is_number:
        cell.number_format = NUMERIC[col]
    if kind != "row":
        cell.fill = SHADE
    if kind in ("subtotal", "total") and col == 0:
        cell.alignment = Alignment(horizontal="right")


def _table_line(ws: Worksheet, row: int, line: Line, styles: dict) -> None:
    """One table line; each distinct cell style is built once and then copied (openpyxl's
    style setters hash whole style objects, which dominated the time of long lists)."""
    for col, value in enumerate(_row_values(line)):
        cell = put(ws, row, col + 1, value)
        key = (line.kind, col, isinstance(value, str))
        if key in styles:
            cell._style = copy(styles[key])
        else:
            _style_cell(cell, line.kind, col, not isinstance(value, str))
            styles[key] = copy(cell._style)
    if line.kind == "group":
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
    elif line.kind != "row":
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)


def _closing(ws: Worksheet, row: int, notice: Notice) -> int:
    texts = [SUPERVISION_TEXT, *notice.hotline_lines(), POLICY_BASIS + notice.policy_text + "。"]
    for text in texts:
        _merged_text(ws, row, text, height=32 if len(text) > 60 else None)
        row += 1
    row += 1
    for text in (notice.issuer, "（盖章）", "", cn_date(notice.start)):
        put(ws, row, 8, text).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=8, end_row=row, end_column=10)
        row += 1
    return row


def _setup(ws: Worksheet, notice: Notice, header_row: int) -> None:
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = notice.orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.left.text = notice.policy_text
    ws.oddFooter.left.size = 7
    ws.oddFooter.right.text = "第 &P 页  共 &N 页"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def write_xlsx_job(notice: Notice, target: Path) -> Generator[Progress, None, Path]:
    wb = Workbook()
    ws = wb.active
    ws.title = "公示"
    _merged_text(ws, 1, notice.title, height=30, font=Font(size=16, bold=True), align=CENTER)
    _merged_text(ws, 2, "\u3000\u3000" + notice.intro, height=48)
    header = 4
    for col, title in enumerate(COLUMNS, 1):
        cell = put(ws, header, col, title)
        cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), CENTER, BORDER, SHADE
    row = header + 1
    total = len(notice.lines)
    styles: dict = {}
    for i, line in enumerate(notice.lines, 1):
        _table_line(ws, row, line, styles)
        row += 1
        if i % 2000 == 0:
            yield Progress(i, total, f"正在写入 Excel：{i}/{total}行")
    _closing(ws, row + 1, notice)
    _setup(ws, notice, header)
    yield Progress(total, total, "正在保存 Excel 文件")
    with atomic_output(target) as temp:    # a pulled stick leaves no half file
        wb.save(temp)
    return Path(target)
