"""Files to send back: the problem rows in the source file's own columns, and the problem list.

The county receives rosters from the paying department and returns the rows it cannot take:
:func:`write_bad_rows` copies those rows (every column as read, plus 问题 and 行号) into an
.xlsx; :func:`write_problem_list` writes every problem found (.xlsx or .csv).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ykt_desktop.imports.errors import ImportFileError, Report
from ykt_desktop.imports.reader import open_rows

PROBLEM_COLUMNS = ("级别", "行号", "列", "内容", "问题")


def write_problem_list(report: Report, out: Path | str) -> int:
    """Every listed problem of ``report`` to ``out`` (.xlsx or .csv); returns the count."""
    out = Path(out)
    rows = [("错误" if p.level == "error" else "提示", p.row or "", p.column, p.value, p.reason)
            for p in report.problems]
    if out.suffix.lower() == ".csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(PROBLEM_COLUMNS)
            writer.writerows(rows)
        return len(rows)
    _check_xlsx_name(out)
    _save_xlsx(out, "问题清单", [PROBLEM_COLUMNS, *rows], text_columns=(3,))
    return len(rows)


def write_bad_rows(report: Report, source: Path | str, out: Path | str, *,
                   header_row: int, sheet: str | None = None) -> int:
    """The rows of ``source`` that have errors, in its own columns plus 问题 and 行号, to the
    .xlsx ``out`` (to return to the sender); returns how many rows."""
    out = Path(out)
    _check_xlsx_name(out)
    bad = report.bad_rows
    rows = open_rows(source, sheet or None)
    header: list = []
    found: list[list] = []
    width = 0
    for number, row in enumerate(rows.rows, start=1):
        if number == header_row:
            header = [_cell(v) for v in row]
        elif number in bad:
            found.append([_cell(v) for v in row] + [number])
            width = max(width, len(row))
    width = max(width, len(header))
    lines = [[*header, *[""] * (width - len(header)), "问题", "行号"]]
    for cells in found:
        number = cells.pop()
        lines.append([*cells, *[""] * (width - len(cells)), "；".join(bad[number]), number])
    _save_xlsx(out, "问题行", lines, text_columns=tuple(range(width)))
    return len(found)


def _cell(value: object) -> object:
    """A cell as read. A whole number stays a number: an ID of 16+ digits stored as a number
    has lost its last digits, and writing those digits out as text would make a plausible
    but wrong ID (issue 19 review); the 问题 column says the digits were lost."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return "" if value is None else value


def _check_xlsx_name(out: Path) -> None:
    if out.suffix.lower() != ".xlsx":
        raise ImportFileError(f"{out.name}：请保存为 .xlsx 文件（问题清单也可保存为 .csv）")


def _save_xlsx(out: Path, title: str, lines: list, *, text_columns: tuple[int, ...]) -> None:
    """``lines[0]`` is the header. Values are written as read: numbers stay numbers, dates and
    times become ISO text, text is text (never a formula), in the text format in
    ``text_columns`` (ID and card numbers); a failed write is ``atomic_files.WriteFailed``."""
    # lazy: xlsxwriter loads only when a report is written (issue 15)
    from ykt_desktop.xlsx_out import put_any, xlsx_book

    # lazy: xlsxwriter loads only when a report is written (issue 15)
    from ykt_desktop.xlsx_print import fit_width_with_titles

    width = max((len(line) for line in lines), default=0)
    with xlsx_book(out, rows_in_order=True) as book:   # no half file; rows not held
        sheet = book.sheet(title)
        text = book.fmt(num_format="@")
        formats = [text if col in text_columns else None for col in range(width)]
        for row, line in enumerate(lines):
            for col, value in enumerate(line):
                put_any(sheet, row, col, value,
                        formats[col] if row and isinstance(value, str) else None)
        sheet.freeze_panes(1, 0)
        fit_width_with_titles(sheet, title_rows="1:1", landscape=width > 6)
