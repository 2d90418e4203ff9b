"""Every exported .xlsx is written here, with XlsxWriter (about twice as fast as openpyxl's
write-only mode with lxml for the same cells and styles, see docs/PERFORMANCE.md).

The guard against formula injection is per column, not per cell: a text column is written with
``write_string`` whatever its cells hold, so ``=cmd|...``, ``+1``, ``-1`` or ``@SUM(...)`` stays
text (Excel, WPS and LibreOffice never evaluate it) and no cell is ever inspected with a regex.
The generic ``Worksheet.write`` (which would turn ``=...`` into a formula) is never called: the
book is also opened with ``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers``
off, so a call that slipped through would still write text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ykt_desktop.atomic_files import atomic_output

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
TEXT_FORMAT = "@"          # the cell format “文本”: typed-over IDs stay text in Excel

Writer = Callable[[Worksheet, int, int, Any, "Format | None"], Any]


class Book:
    """An XlsxWriter workbook with its formats made once per distinct set of properties."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self._formats: dict[tuple, Format] = {}

    def sheet(self, name: str) -> Worksheet:
        """A new sheet; characters Excel refuses are dropped, a repeated name numbered."""
        clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
        taken = {ws.name.lower() for ws in self.workbook.worksheets()}
        n, unique = 1, clean
        while unique.lower() in taken:
            n += 1
            unique = f"{clean[:28]}({n})"
        return self.workbook.add_worksheet(unique)

    def fmt(self, **props: Any) -> Format:
        """The format with ``props`` (XlsxWriter's names: border, bold, num_format, ...)."""
        key = tuple(sorted(props.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(props)
        return found


@contextmanager
def xlsx_book(path: Path | str, *, rows_in_order: bool = False) -> Iterator[Book]:
    """A new book written to ``path`` atomically when the block ends without an error (on an
    error nothing is written; a failed write raises ``atomic_files.WriteFailed``).

    ``rows_in_order``: the caller writes each sheet row by row, top to bottom (merges and row
    heights too); every finished row then goes to a temporary file instead of staying in
    memory (XlsxWriter's ``constant_memory``): a county-wide list of a million lines."""
    with atomic_output(path) as temp:
        workbook = xlsxwriter.Workbook(str(temp), {**OPTIONS, "constant_memory": rows_in_order})
        try:
            yield Book(workbook)
        except BaseException:
            workbook.fileclosed = True     # nothing to save; no warning from its destructor
            raise
        try:
            workbook.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
            raise (cause or OSError(str(exc))) from None


def put_text(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> Any:
    """Text, always: never a formula, a number or a link, whatever it starts with (an empty
    text is an empty cell, keeping its format)."""
    if value is None or value == "":
        return ws.write_blank(row, col, None, fmt)
    return ws.write_string(row, col, str(value), fmt)


def put_number(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> Any:
    """A number (Decimal as its float); anything that is not a number is written as text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        if value is None or value == "":
            return ws.write_blank(row, col, None, fmt)
        return put_text(ws, row, col, value, fmt)
    return ws.write_number(row, col, float(value) if isinstance(value, Decimal) else value, fmt)


def put_any(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> Any:
    """A value as read from somewhere else: numbers stay numbers, dates and times become their
    ISO text, everything else is text."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return put_number(ws, row, col, value, fmt)
    if isinstance(value, dt.date | dt.time):
        return ws.write_string(row, col, value.isoformat(), fmt)
    if value is None or value == "":
        return ws.write_blank(row, col, None, fmt)
    return put_text(ws, row, col, value, fmt)


def write_rows(ws: Worksheet, first_row: int, rows: Sequence[Sequence[Any]],
               writers: Sequence[Writer], formats: Sequence[Format | None]) -> int:
    """Rows from ``first_row`` (0-based) with one writer and one format per column; returns
    the next free row."""
    columns = list(enumerate(zip(writers, formats, strict=True)))
    row = first_row
    for values in rows:
        for col, (write, fmt) in columns:
            write(ws, row, col, values[col], fmt)
        row += 1
    return row


def set_widths(ws: Worksheet, widths: Sequence[float], formats: Sequence[Format | None] = ()
               ) -> None:
    """Column widths in characters (as Excel shows them), optionally a format per column."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width, formats[col] if col < len(formats) else None)


def footer_text(text: str, *, limit: int = 200) -> str:
    """Text for a header or footer section: '&' doubled, cut to leave room within Excel's
    255 characters for the whole header (XlsxWriter drops a longer one)."""
    return text[:limit].replace("&", "&&")
