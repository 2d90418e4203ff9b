"""Text bounded by what a roster can hold (review of issue 14: 5,000 cells of 192 KB, 937 MB of
text in a 7 MB file, passed the guard and cost the import 1 GB).

A roster's cells are names, ID and card numbers, amounts, dates, short addresses: under 100
bytes of XML each, a few hundred at most, in four to six tags. While the sheets (first) and the
shared strings (after) stream, :class:`TextBudget` counts the XML tags and the bytes of both and
refuses at once when the bytes pass :data:`BASE_BYTES` plus :data:`PER_TAG_BYTES` per tag so far
(a tag is one ``<``: counting cells, ``<c ``, costs ten times more). One cell's text is limited
to :data:`MAX_CELL_BYTES` (by :func:`ykt_desktop.safety.xlsx_guard.long_run`), one shared string to
:data:`MAX_STRING_BYTES` (:mod:`ykt_desktop.safety.shared_strings`) and one row of a sheet to
:data:`MAX_ROW_BYTES` (:class:`RowGaps`, so a giant cell split into many rich-text runs is
caught too). Cost: a few ``bytes.count``/``rfind`` per 8 MB chunk.
"""

from __future__ import annotations

from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.zip_guard import MB

MAX_CELL_BYTES = 32 * 1024       # one cell's text: about 10,000 Chinese characters
MAX_STRING_BYTES = 64 * 1024     # one shared string with its rich-text markup
MAX_ROW_BYTES = 1 * MB           # one row of a sheet, all its cells and markup
BASE_BYTES = 16 * MB             # any workbook this small passes the per-tag rule
PER_TAG_BYTES = 256              # on average per XML tag (a roster: 10-50 bytes)
# Cells of all sheets: the reader holds every cell in memory (about 70 bytes each), so 60 million
# tiny cells in a 24 MB file cost 4.3 GB (review of issue 14). A roster of 1,048,576 rows (Excel's
# limit) has about 10-15 columns; 20 million cells leave room for 19 columns on every row.
MAX_CELLS = 20_000_000
CELL_TAGS = (b"<c ", b"<c>", b":c ", b":c>")       # <c r="A1">, <c>, prefixed <x:c ...>


class TextBudget:
    """Tags and bytes over every sheet and the shared strings of one workbook."""

    def __init__(self, name: str) -> None:
        self.name, self.tags, self.bytes, self.cells = name, 0, 0, 0

    def add(self, chunk: bytes) -> None:
        self.tags += chunk.count(b"<")          # one byte: 2 ms per 8 MB (b"<c ": 20 ms)
        self.bytes += len(chunk)
        self.cells += sum(chunk.count(tag) for tag in CELL_TAGS)     # ~0.1 s per 50 MB
        if self.cells > MAX_CELLS:
            raise UnsafeFileError(
                f"{self.name}：单元格超过 {MAX_CELLS:,} 个（读入内存要数 GB；花名册即使有 "
                f"1,048,576 行，每行也不过十几列），疑似恶意文件，已拒绝；如确是正常表格，"
                f"请删去多余的列和行，或分成几个文件再导入")
        if self.bytes > BASE_BYTES + PER_TAG_BYTES * self.tags:
            raise UnsafeFileError(
                f"{self.name}：表格文字与表格结构不相称：解压后 {self.bytes / MB:,.0f} MB 只有 "
                f"{self.tags:,} 个 XML 标记（花名册平均每个标记前后不到 50 字节，上限 "
                f"{PER_TAG_BYTES} 字节，另加 {BASE_BYTES // MB} MB），即单元格少而文字极长，"
                f"疑似恶意文件，已拒绝；如确是正常表格，请删去超长的文字后另存再导入")


class RowGaps:
    """Refuses a sheet row longer than :data:`MAX_ROW_BYTES` (from one ``<row`` to the next, or
    to ``</sheetData>``); a few ``rfind`` per :data:`MAX_ROW_BYTES` of sheet."""

    def __init__(self, where, prefix: bytes = b"", limit: int = MAX_ROW_BYTES) -> None:
        self.where, self.limit = where, limit
        self.row, self.end = b"<" + prefix + b"row", b"</" + prefix + b"sheetData"
        self.carry, self.offset, self.last, self.done = b"", 0, None, False

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return
        data, base = self.carry + chunk, self.offset - len(self.carry)
        self.offset += len(chunk)
        self.carry = data[-(len(self.end) - 1):]
        if self.last is None:
            first = data.find(self.row)
            if first < 0:
                return
            self.last = base + first
        while True:
            at = self.last - base
            window = min(len(data), at + self.limit + 1)
            found = data.rfind(self.row, max(at + 1, 0), window)
            if found >= 0:
                self.last = base + found
                continue
            if data.find(self.end, max(at, 0), window) >= 0:
                self.done = True        # past the rows: merged ranges etc. are not a row
            elif window < len(data):
                raise UnsafeFileError(
                    f"{self.where()}：有一行超过 {self.limit // MB} MB"
                    f"（花名册一行不过几百字节），疑似恶意文件，已拒绝")
            return
