"""A sharedStrings bomb refused while streaming (review of issue 14).

One long shared string referenced by millions of cells is small in the zip but expands to
gigabytes in any reader. :func:`check_expanded_text` measures each shared string (its bytes in
the XML, an upper bound of its text) in one streaming pass, then streams every sheet summing,
over the cells of type ``s``, the length of the string each refers to; past ``limit`` the file
is refused in Chinese naming the sheet and the row. Memory: one integer per shared string.
"""

from __future__ import annotations

import re
import zipfile
from array import array

from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.text_budget import MAX_STRING_BYTES
from ykt_desktop.safety.zip_guard import MB, stream_entry

MAX_EXPANDED_BYTES = 200 * MB
MAX_SHARED_STRINGS = 16_000_000
CELL_S = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')
ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
MAX_CARRY = 1 * MB


class _Lengths:
    """Bytes of each ``<si>...</si>`` of the shared-strings part, fed chunk by chunk."""

    def __init__(self, name: str) -> None:
        self.name, self.lengths = name, array("Q")
        self.carry, self.inside, self.current = b"", False, 0

    def feed(self, chunk: bytes) -> None:
        data, pos = self.carry + chunk, 0
        while True:
            if self.inside:
                end = data.find(b"</si>", pos)
                if end < 0:
                    break
                self._add(self.current + end + 5 - pos)
                self.inside, pos = False, end + 5
                continue
            start = data.find(b"<si", pos)
            close = data.find(b">", start) if start >= 0 else -1
            if start < 0 or close < 0:
                keep = start if start >= 0 else max(pos, len(data) - 8)
                self.carry = data[keep:]
                return
            if data[close - 1:close] == b"/":
                self._add(0)
                pos = close + 1
            else:
                self.inside, self.current, pos = True, 0, start
        keep = max(pos, len(data) - 8)
        self.current += keep - pos
        self.carry = data[keep:]

    def _add(self, size: int) -> None:
        if size > MAX_STRING_BYTES:     # rich-text runs, each short, making one giant string
            raise UnsafeFileError(f"{self.name}：第 {len(self.lengths) + 1:,} 个共享字符串超过 "
                                  f"{MAX_STRING_BYTES // 1024} KB（花名册的单元格不会这么长），"
                                  f"疑似恶意文件，已拒绝")
        if len(self.lengths) >= MAX_SHARED_STRINGS:
            raise UnsafeFileError(f"{self.name}：共享字符串超过 {MAX_SHARED_STRINGS:,} 个，"
                                  f"疑似恶意文件，已拒绝")
        self.lengths.append(size)


class _SheetSum:
    """Adds the referenced shared string's length for every ``t="s"`` cell of one sheet."""

    def __init__(self, name: str, sheet: str, lengths: array, total: list[int],
                 limit: int) -> None:
        self.name, self.sheet, self.lengths = name, sheet, lengths
        self.total, self.limit, self.carry, self.row = total, limit, b"", 0

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        cut = data.rfind(b"<c")
        cut = len(data) if cut < 0 else cut
        body = data[:cut]
        for match in CELL_S.finditer(body):
            index = int(match.group(1))
            if index < len(self.lengths):
                self.total[0] += self.lengths[index]
        if self.total[0] > self.limit:
            self._refuse(body)
        self.carry = data[cut:][-MAX_CARRY:]

    def _refuse(self, body: bytes) -> None:
        rows = ROW.findall(body)
        where = f"第 {int(rows[-1]):,} 行附近" if rows else "中"
        raise UnsafeFileError(
            f"{self.name}，工作表“{self.sheet}”{where}：共享字符串被大量单元格重复引用，"
            f"展开后的文字超过 {self.limit / MB:,.0f} MB（疑似共享字符串炸弹），已拒绝；"
            f"请在 Excel 中检查后另存再导入")


def check_expanded_text(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str,
                        sheets: dict, *, shared: zipfile.ZipInfo | None,
                        limit: int = MAX_EXPANDED_BYTES) -> None:
    """Refuse a workbook whose shared-string cells expand to more than ``limit`` bytes;
    ``shared`` is the shared-strings member the reader opens (xlsx_parts), ``sheets`` the
    sheets' members."""
    by_name = {info.filename: info for info in infos}
    if shared is None:
        return
    lengths = _Lengths(name)
    stream_entry(zf, shared, name, lengths.feed)
    total = [0]
    for part, sheet in sheets.items():
        if part in by_name:
            summer = _SheetSum(name, sheet.name, lengths.lengths, total, limit)
            stream_entry(zf, by_name[part], name, summer.feed)
