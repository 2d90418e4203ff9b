"""Write a notice to xlsx (XlsxWriter, ``ykt_desktop.xlsx_out``): title, introduction, the table
with group headings and subtotals, the closing wording and the masking policy. The text columns
are written as text whatever they hold (the formula guard is the column's kind, not a check of
each cell); 序号, 笔数 and the amount are numbers."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from ykt_desktop.progress import Progress
from ykt_desktop.publicity.model import COLUMNS, Line, Notice, cn_date
from ykt_desktop.publicity.notice import POLICY_BASIS, SUPERVISION_TEXT
from ykt_desktop.xlsx_out import Book, footer_text, put_number, put_text, set_widths, xlsx_book

WIDTHS = (6, 9, 21, 7, 26, 14, 6, 13, 12, 22)
NUMERIC = {0: "0", 6: "0", 7: "#,##0.00"}
LAST = len(COLUMNS) - 1
BORDER = {"border": 1, "border_color": "#808080"}
SHADE = {"bg_color": "#EEEEEE", "pattern": 1}
CENTER = {"align": "center", "valign": "vcenter", "text_wrap": True}
WRAP = {"valign": "top", "text_wrap": True}


def _row_formats(book: Book) -> list:
    """One format per column of a list row: numbers formatted, text columns as text."""
    return [book.fmt(**BORDER, num_format=NUMERIC.get(col, "@")) for col in range(len(COLUMNS))]


def _table_line(ws: Worksheet, book: Book, row: int, line: Line, formats: list) -> None:
    cells = line.cells
    if line.kind == "row":
        for col, value in enumerate(cells):
            if col in NUMERIC:
                continue
            ws.write_string(row, col, value, formats[col])
        ws.write_number(row, 0, int(cells[0]), formats[0])
        ws.write_number(row, 6, line.count, formats[6])
        ws.write_number(row, 7, line.amount, formats[7])
        return
    shade = book.fmt(**BORDER, **SHADE)
    if line.kind == "group":
        ws.merge_range(row, 0, row, LAST, "", shade)
        put_text(ws, row, 0, cells[0], shade)
        return
    ws.merge_range(row, 0, row, 6, "", shade)
    right = book.fmt(**BORDER, **SHADE, align="right")
    put_text(ws, row, 0, f"{cells[0]}（{line.count}条）", right)
    put_number(ws, row, 7, line.amount, book.fmt(**BORDER, **SHADE, num_format=NUMERIC[7]))
    for col in (8, 9):
        ws.write_blank(row, col, None, shade)


def _merged_text(ws: Worksheet, book: Book, row: int, text: str, *, height: float | None = None,
                 **style) -> None:
    fmt = book.fmt(**(style or WRAP))
    ws.merge_range(row, 0, row, LAST, "", fmt)
    put_text(ws, row, 0, text, fmt)
    if height:
        ws.set_row(row, height)


def _closing(ws: Worksheet, book: Book, row: int, notice: Notice) -> int:
    texts = [SUPERVISION_TEXT, *notice.hotline_lines(), POLICY_BASIS + notice.policy_text + "。"]
    for text in texts:
        _merged_text(ws, book, row, text, height=32 if len(text) > 60 else None)
        row += 1
    row += 1
    center = book.fmt(align="center")
    for text in (notice.issuer, "（盖章）", "", cn_date(notice.start)):
        ws.merge_range(row, 7, row, 9, "", center)
        put_text(ws, row, 7, text, center)
        row += 1
    return row


def _setup(ws: Worksheet, notice: Notice, header_row: int) -> None:
    """``header_row`` 0-based."""
    set_widths(ws, WIDTHS)
    ws.set_paper(9)
    if notice.orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(f"&L&7{footer_text(notice.policy_text)}&R第 &P 页  共 &N 页")
    ws.freeze_panes(header_row + 1, 0)


def write_xlsx_job(notice: Notice, target: Path) -> Generator[Progress, None, Path]:
    total = len(notice.lines)
    with xlsx_book(target, rows_in_order=True) as book:    # no half file; rows not held
        ws = book.sheet("公示")
        _merged_text(ws, book, 0, notice.title, height=30, **CENTER, size=16, bold=True)
        _merged_text(ws, book, 1, "\u3000\u3000" + notice.intro, height=48)
        header = 3
        head = book.fmt(**BORDER, **SHADE, **CENTER, bold=True)
        for col, title in enumerate(COLUMNS):
            ws.write_string(header, col, title, head)
        formats = _row_formats(book)
        row = header + 1
        for i, line in enumerate(notice.lines, 1):
            _table_line(ws, book, row, line, formats)
            row += 1
            if i % 5000 == 0:
                yield Progress(i, total, f"正在写入 Excel：{i}/{total}行")
        _closing(ws, book, row + 1, notice)
        _setup(ws, notice, header)
        yield Progress(total, total, "正在保存 Excel 文件")
    return Path(target)
