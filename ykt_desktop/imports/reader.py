"""Reading rows from .xlsx / .xlsm / .xls / .ods (python-calamine, fast) and .csv files.

Merged cells are filled from their top-left cell, so a title or a 村 name merged over
several rows reads as if it were written on each row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from ykt_desktop.imports.errors import ImportFileError
from ykt_desktop.safety import UnsafeFileError, check_xlsx

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class SheetRows:
    file: str
    sheet: str
    total: int                 # rows in the sheet (an estimate for csv)
    rows: Iterator[list]       # row i is spreadsheet row i + 1
    col_offset: int = 0        # index 0 of a row is this column (calamine skips empty ones)
    sheets: list[str] = field(default_factory=list)


def open_rows(path: Path | str, sheet: str | None = None, *,
              while_loading: Callable[[], object] | None = None) -> SheetRows:
    """The rows of ``sheet`` (default: the first sheet with data) as lists of cell values.

    ``while_loading`` runs on the calling thread while calamine parses the sheet on another
    (calamine releases the GIL: a 1,000,000-row sheet takes 12-15 s, time enough to read the
    unit's persons and cards for the checks that follow). It runs for .csv files too.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportFileError(f"{path} 是文件夹，请给出文件")
    if not path.is_file():
        raise ImportFileError(f"找不到文件：{path}")
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path)
        if while_loading:
            while_loading()
        return rows
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise ImportFileError(f"{path.name}：只能导入 .xlsx、.xls、.ods 或 .csv 文件")
    book = _workbook(path)
    names = list(book.sheet_names)
    data, name = _load_while(lambda: _load_sheet(path, book, sheet) if sheet
                             else _first_sheet_with_data(path, book), while_loading)
    merged = data.merged_cell_ranges or []
    offset = data.start[1] if data.start else 0
    rows = data.iter_rows()
    return SheetRows(path.name, name, data.total_height or 0,
                     _fill_merged(rows, merged, offset) if merged else (list(r) for r in rows),
                     offset, names)


def _load_while(load: Callable, other: Callable[[], object] | None):
    """``load()`` on a worker thread while ``other()`` runs here; errors of either raise."""
    if other is None:
        return load()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="calamine") as pool:
        loading = pool.submit(load)
        try:
            other()
        finally:
            result = loading.result()   # waits; re-raises the loader's ImportFileError
    return result


def _load_sheet(path: Path, book: python_calamine.CalamineWorkbook, name: str):
    try:
        return book.get_sheet_by_name(name), name
    except python_calamine.WorksheetNotFound:
        raise ImportFileError(f"{path.name}：没有名为“{name}”的工作表") from None
    except python_calamine.CalamineError as exc:
        raise ImportFileError(f"{path.name}，工作表“{name}”无法读取：{exc}") from None


def _workbook(path: Path) -> python_calamine.CalamineWorkbook:
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if not magic:
        raise ImportFileError(f"{path.name}：文件是空的")
    if magic != ZIP_MAGIC and magic != OLE_MAGIC and path.suffix.lower() != ".ods":
        raise ImportFileError(f"{path.name}：不是有效的 Excel 文件（可能是把其他文件改了扩展名），"
                              "请在 Excel 中打开后另存为 .xlsx 再导入")
    try:  # zip/XML bombs, lying sizes and dimensions, truncation, formula cells (issue 8)
        check_xlsx(path)
    except UnsafeFileError as exc:
        raise ImportFileError(str(exc)) from None
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for broken files
        raise ImportFileError(f"{path.name}：文件已损坏或不是 Excel 文件（{exc}）") from None


def _first_sheet_with_data(path: Path, book: python_calamine.CalamineWorkbook):
    """The first sheet holding data, loaded once (calamine reads a whole sheet per load)."""
    if not book.sheet_names:
        raise ImportFileError(f"{path.name}：工作簿中没有工作表")
    first = None
    for name in book.sheet_names:
        try:
            data = book.get_sheet_by_name(name)
        except python_calamine.CalamineError:
            continue
        if data.height > 0:
            return data, name
        first = first or (data, name)
    if first is None:
        raise ImportFileError(f"{path.name}：工作表都无法读取")
    return first


def _fill_merged(rows: Iterator[list], merged: list, offset: int) -> Iterator[list]:
    """Copy each merged range's top-left value into the range's other cells."""
    starts: dict[int, list] = {}
    for (r0, c0), (r1, c1) in merged:
        starts.setdefault(r0, []).append((r0, max(0, c0 - offset), r1, max(0, c1 - offset)))
    active: list[tuple[int, int, int, object]] = []   # (last_row, c0, c1, value)
    last_start = max(starts)
    for index, raw in enumerate(rows):
        if index > last_start and not active:
            yield raw
            yield from rows        # past every merged range: the rest as they are
            return
        row = list(raw)
        for _r0, c0, r1, c1 in starts.get(index, ()):
            value = row[c0] if c0 < len(row) else ""
            active.append((r1, c0, c1, value))
        if active:
            for _last, c0, c1, value in active:
                if len(row) <= c1:
                    row.extend([""] * (c1 + 1 - len(row)))
                for col in range(c0, c1 + 1):
                    row[col] = value
            active = [a for a in active if a[0] > index]
        yield row


CSV_MAX_BYTES = 200 * 2**20        # the same ceiling as a workbook (safety.xlsx_guard)
CSV_MAX_LINE = 256 * 1024          # one line's bytes: the workbook's cell limit (xlsx_guard)


def _check_line_lengths(path: Path, *, limit: int = CSV_MAX_LINE) -> None:
    """Refuse a line longer than ``limit`` bytes while reading in 1 MB chunks (review of issue
    14: one 150 MB line used to cost more than 1 GB before the csv module refused it)."""
    row, run = 1, 0
    with open(path, "rb") as handle:
        while chunk := handle.read(2**20):
            parts = chunk.split(b"\n")
            for index, part in enumerate(parts):
                run += len(part)
                if run > limit:
                    raise ImportFileError(
                        f"{path.name}：第 {row:,} 行超过 {limit // 1024} KB（一个单元格最多 "
                        f"32,767 个字），疑似损坏或恶意文件，已拒绝")
                if index < len(parts) - 1:
                    row, run = row + 1, 0


def _csv_rows(path: Path) -> SheetRows:
    if path.stat().st_size > CSV_MAX_BYTES:
        raise ImportFileError(f"{path.name}：文件超过 {CSV_MAX_BYTES // 2**20} MB 的导入上限，"
                              "请按乡镇或村拆分后分别导入")
    _check_line_lengths(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFileError(f"{path.name}：文件是空的")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(f"{path.name}：无法识别文件编码（请另存为 UTF-8 的 CSV）")
    total = text.count("\n") + 1
    return SheetRows(path.name, "", total, _csv_records(path.name, text), 0, [""])


def _csv_records(name: str, text: str):
    """The CSV's rows; a malformed line (a stray line break, a field over the csv module's
    limit) is a Chinese error, not a traceback (issue 14, found by the fuzz test)."""
    reader = csv.reader(io.StringIO(text))
    try:
        for record in reader:
            yield list(record)
    except csv.Error as exc:
        what = ("有一个单元格过长" if "field limit" in str(exc) else
                "有未配对的引号或多余的换行" if "quote" in str(exc) or "newline" in str(exc)
                else "格式有误")
        raise ImportFileError(f"{name}：第 {reader.line_num} 行 CSV {what}，"
                              "请在 Excel 中打开后另存为 .xlsx 或 UTF-8 的 CSV 再导入") from exc
