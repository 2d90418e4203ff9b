"""An Excel file checked before a parser sees it: :func:`check_xlsx`.

Refused, with the reason in Chinese: a missing/empty/huge file; a file that is not a workbook
(HTML, CSV, PDF, Word or a plain zip renamed to .xlsx); a truncated or damaged zip; a zip bomb
(see :mod:`ykt_desktop.safety.zip_guard`); any XML part declaring a DTD or entities (XML entity
bombs; the workbook's own parts are read with defusedxml); a sheet whose declared dimension is
absurdly large (readers allocate by it); formula cells (their cached value may be stale or
computed: paste as values first). A declared dimension smaller than the real data is reported
in :attr:`XlsxReport.warnings` (openpyxl's read-only mode would silently cut the rows off).
Bounded intake (issue 14): while the parts stream, a cell or tag longer than
:data:`MAX_TOKEN_BYTES`, more than :data:`MAX_ROWS` rows or more than :data:`MAX_TEXT_BYTES` of
sheet and shared-string XML is refused at once, and so are shared strings whose cells expand
past :data:`MAX_EXPANDED_BYTES` (:mod:`ykt_desktop.safety.shared_strings`), so a small file
holding one giant cell never reaches calamine or openpyxl. Review of issue 14: the sheets and
shared strings judged are the members calamine opens (:mod:`ykt_desktop.safety.xlsx_parts`), and
their text is bounded by what a roster holds (:mod:`ykt_desktop.safety.text_budget`: 32 KB a
cell, 1 MB a row, on average 256 bytes per XML tag beyond 16 MB).
Old .xls (OLE) files only get the size check.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.shared_strings import MAX_EXPANDED_BYTES, check_expanded_text
from ykt_desktop.safety.text_budget import MAX_CELL_BYTES, RowGaps, TextBudget
from ykt_desktop.safety.xlsx_parts import (
    check_small,
    lookup,
    member_index,
    office_document,
    relationships,
    sheet_path,
    sheet_refs,
    workbook_folder,
)
from ykt_desktop.safety.zip_guard import MB, ZipLimits, check_directory, open_zip, stream_entry

ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
XLSX_LIMITS = ZipLimits(max_file=200 * MB, max_entries=2_000)
MAX_DECLARED_CELLS = 60_000_000
MAX_FORMULAS_LISTED = 10
# Bounded intake (issue 14): checked while the parts stream, before any reader sees the file.
# Excel itself holds at most 32,767 characters in a cell (< 200 KB of XML) and 1,048,576 rows.
MAX_TOKEN_BYTES = 256 * 1024          # one cell's text, or one tag, in the XML
MAX_ROWS = 1_048_576
MAX_TEXT_BYTES = 1024 * MB            # sheets and shared strings together, uncompressed
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
DIMENSION = re.compile(rb'<dimension[^>]*\bref="(([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?)"')
ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
FORMULA = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*<f[\s>/]')


@dataclass
class SheetInfo:
    name: str
    part: str
    declared: str = ""
    declared_cells: int = 0
    max_row: int = 0
    formulas: list[str] = field(default_factory=list)


@dataclass
class XlsxReport:
    kind: str                                   # xlsx / ods / xls
    sheets: list[SheetInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _col_number(letters: bytes | None) -> int:
    n = 0
    for ch in letters or b"A":
        n = n * 26 + ch - 64
    return n


def _not_excel(path: Path, head: bytes) -> UnsafeFileError:
    text = head.lstrip().lower()
    what = ("网页（HTML）" if text.startswith((b"<!doctype html", b"<html")) else
            "PDF 文件" if text.startswith(b"%pdf") else
            "文本或 CSV 文件" if head and all(b >= 9 for b in head[:64]) else "未知格式的文件")
    return UnsafeFileError(f"{path.name}：扩展名是 Excel，但内容是{what}，不是 Excel 工作簿。"
                           f"请在 Excel 中打开后另存为 .xlsx 再导入")


def _first_bytes(path: Path, limits: ZipLimits) -> bytes:
    if not path.is_file():
        raise UnsafeFileError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise UnsafeFileError(f"{path.name}：文件是空的")
    if size > limits.max_file:
        raise UnsafeFileError(f"{path.name}：文件 {size / MB:,.0f} MB，超过导入上限 "
                              f"{limits.max_file / MB:,.0f} MB；请按乡镇或村拆分后分别导入")
    with open(path, "rb") as handle:
        return handle.read(512)


def check_xlsx(path: Path | str, *, allow_formulas: bool = False,
               limits: ZipLimits = XLSX_LIMITS,
               max_expanded: int = MAX_EXPANDED_BYTES) -> XlsxReport:
    """Check an Excel file before parsing; raises :class:`UnsafeFileError`."""
    path = Path(path)
    head = _first_bytes(path, limits)
    if head.startswith(OLE_MAGIC):
        return XlsxReport("xls")
    if not head.startswith(ZIP_MAGIC):
        raise _not_excel(path, head)
    with open_zip(path, path.name) as zf:
        infos = check_directory(zf, path.name, limits)
        names = {i.filename for i in infos}
        index = member_index(infos, path.name)
        if "content.xml" in names and lookup(index, "xl/workbook.xml") is None:
            _scan_parts(zf, infos, path.name, {}, counted={"content.xml"})
            return XlsxReport("ods")
        sheets, shared = _sheet_parts(zf, index, path.name)
        report = XlsxReport("xlsx", list(sheets.values()))
        counted = {shared.filename} if shared is not None else set()
        if "content.xml" in names:          # read instead when the file is named .ods
            counted.add("content.xml")
        _scan_parts(zf, infos, path.name, sheets, counted=counted)
        check_expanded_text(zf, infos, path.name, sheets, shared=shared, limit=max_expanded)
    _judge(path.name, report, allow_formulas)
    return report


def _xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, name: str):
    if info is None:
        return None
    member = info.filename
    check_small(info, name)
    try:
        return SafeET.fromstring(zf.read(info), forbid_dtd=True)
    except KeyError:
        return None
    except DefusedXmlException as exc:
        raise UnsafeFileError(f"{name}：{member} 含有 XML 实体或 DTD 声明，疑似恶意文件，"
                              f"已拒绝") from exc
    except (SafeET.ParseError, zipfile.BadZipFile, OSError, zlib.error, EOFError,
            ValueError, NotImplementedError) as exc:      # found by tests/test_bounded_intake
        raise UnsafeFileError(f"{name}：{member} 已损坏（{exc}）") from exc


def _sheet_parts(zf: zipfile.ZipFile, index: dict[str, zipfile.ZipInfo], name: str
                 ) -> tuple[dict[str, SheetInfo], zipfile.ZipInfo | None]:
    """({member: SheetInfo}, the shared-strings member): the members the reader will open,
    found the way it finds them (:mod:`ykt_desktop.safety.xlsx_parts`; read with defusedxml)."""
    target = office_document(_xml(zf, lookup(index, "_rels/.rels"), name))
    if lookup(index, "xl/workbook.xml") is None and \
            (target is None or not target.lstrip("/").lower().startswith("xl/")):
        what = "Word 文档" if lookup(index, "word/document.xml") else "普通压缩包"
        raise UnsafeFileError(f"{name}：这是{what}，不是 Excel 工作簿")
    folder = workbook_folder(target, name)
    book = lookup(index, folder + "workbook.xml")
    if book is None:
        raise UnsafeFileError(f"{name}：缺少 {folder}workbook.xml，不是完整的 Excel 工作簿")
    targets = relationships(_xml(zf, lookup(index, folder + "_rels/workbook.xml.rels"), name))
    out = {}
    for sheet_name, rid in sheet_refs(_xml(zf, book, name)):
        member = lookup(index, sheet_path(folder, targets[rid])) if targets.get(rid) else None
        if member is not None:
            out[member.filename] = SheetInfo(sheet_name, member.filename)
    return out, lookup(index, folder + "sharedStrings.xml")


def _scan_parts(zf: zipfile.ZipFile, infos: list, name: str,
                sheets: dict[str, SheetInfo], *, counted: set[str]) -> None:
    """Stream every member; the sheets first, then the ``counted`` parts (shared strings), so
    that the text budget knows every cell before it judges the shared strings."""
    total, budget = [0], TextBudget(name)
    order = sorted(infos, key=lambda i: 0 if i.filename in sheets else
                   1 if i.filename in counted else 2)
    for info in order:
        if info.filename not in sheets and info.filename not in counted and \
                not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            stream_entry(zf, info, name)
            continue
        scanner = _PartScanner(name, info.filename, sheets.get(info.filename), total,
                               budget if info.filename in sheets or info.filename in counted
                               else None)
        stream_entry(zf, info, name, scanner.feed)


class _PartScanner:
    """Looks at an XML part chunk by chunk (memory stays bounded)."""

    def __init__(self, name: str, member: str, sheet: SheetInfo | None,
                 total: list[int], budget: TextBudget | None) -> None:
        self.name, self.member, self.sheet = name, member, sheet
        self.tail, self.first, self.total, self.run = b"", True, total, b""
        self.budget, self.counted = budget, budget is not None
        self.rows: RowGaps | None = None

    def feed(self, chunk: bytes) -> None:
        self._bounds(chunk)
        data = self.tail + chunk
        if self.first:
            prolog = data[:4096]
            if DTD.search(prolog):
                raise UnsafeFileError(f"{self.name}：{self.member} 含有 XML 实体或 DTD 声明"
                                      f"（疑似 XML 炸弹），已拒绝")
            self.first = False
            if self.sheet:
                self._dimension(data[:8192])
                match = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b", prolog)
                prefix = match.group(1) + b":" if match and match.group(1) else b""
                self.rows = RowGaps(self._where, prefix)
        if self.rows:
            self.rows.feed(chunk)
        if self.sheet:
            self._last_row(data)
            if self.sheet.max_row > MAX_ROWS:
                raise UnsafeFileError(f"{self.name}，工作表“{self.sheet.name}”：超过 "
                                      f"{MAX_ROWS:,} 行（Excel 的上限），已拒绝")
            if len(self.sheet.formulas) < MAX_FORMULAS_LISTED and formula_hint(data):
                for ref in FORMULA.findall(data):
                    if ref.decode() not in self.sheet.formulas:
                        self.sheet.formulas.append(ref.decode())
        self.tail = data[-512:]

    def _where(self) -> str:
        if self.sheet:
            return f"{self.name}，工作表“{self.sheet.name}”第 {self.sheet.max_row + 1} 行附近"
        return f"{self.name}（{self.member}）"

    def _bounds(self, chunk: bytes) -> None:
        """Refuse a giant cell or tag, too many rows or too much text as soon as it shows."""
        data = self.run + chunk
        limit = MAX_CELL_BYTES if self.counted else MAX_TOKEN_BYTES
        if long_run(data, limit) >= 0:
            raise UnsafeFileError(f"{self._where()}：有一个单元格（或 XML 标记）超过 "
                                  f"{limit // 1024} KB（花名册的单元格不会这么长；"
                                  f"{MAX_CELL_BYTES // 1024} KB 约一万个汉字），"
                                  f"疑似恶意文件，已拒绝")
        cut = max(data.rfind(b"<"), data.rfind(b">"))
        self.run = data[cut + 1:]
        if self.counted:
            self.total[0] += len(chunk)
            if self.total[0] > MAX_TEXT_BYTES:
                raise UnsafeFileError(f"{self.name}：工作表内容超过 {MAX_TEXT_BYTES // MB:,} MB"
                                      f"（解压后），超出导入上限；请按乡镇或村拆分后分别导入")
            self.budget.add(chunk)

    def _last_row(self, data: bytes) -> None:
        """The number of the chunk's last complete ``<row r="...">`` (rows come in order, so
        one search from the end replaces a regex over every row; a row tag cut by the chunk
        boundary is seen whole in the next chunk, which starts with this one's tail)."""
        end = len(data)
        while (start := data.rfind(b"<row", 0, end)) >= 0:
            match = ROW.match(data, start)
            if match:
                self.sheet.max_row = max(self.sheet.max_row, int(match.group(1)))
                return
            end = start

    def _dimension(self, data: bytes) -> None:
        match = DIMENSION.search(data)
        if not match:
            return
        ref, c0, r0, c1, r1 = match.groups()
        self.sheet.declared = ref.decode()
        rows = int(r1 or r0 or 1) - int(r0 or 1) + 1
        cols = _col_number(c1 or c0) - _col_number(c0) + 1
        self.sheet.declared_cells = max(rows, 1) * max(cols, 1)


def long_run(data: bytes, limit: int) -> int:
    """Where a run of ``limit`` bytes without ``<`` or ``>`` starts in ``data`` (which starts
    at the beginning of a run), or -1. One step per ``limit`` bytes: the last delimiter of
    each window starts the only run that can still be that long (measured 0.05 s for a
    588 MB sheet; the regex ``(?:^|[<>])[^<>]{limit}`` took 56 s)."""
    pos, end = 0, len(data)
    while end - pos >= limit:
        last = max(data.rfind(b"<", pos, pos + limit), data.rfind(b">", pos, pos + limit))
        if last < 0:
            return pos
        pos = last + 1
    return -1


FEW_F = 10_000      # a chunk with fewer "f" bytes (Chinese text, digits): look for "f" itself
FORMULA_NEXT = (b" ", b">", b"/", b"\t", b"\n", b"\r")


def formula_hint(data: bytes) -> bool:
    """A ``<f>``, ``<f ...>`` or ``<f/>`` tag anywhere in ``data`` (cheap test before the
    full FORMULA scan). Searching "<f" stops at every "<" of the XML (0.6 s CPU for a 588 MB
    sheet); a sheet of Chinese text and digits has almost no "f" byte at all, so that is
    searched for instead when the chunk has few."""
    needle, back = (b"f", 1) if data.count(b"f") < FEW_F else (b"<f", 0)
    at = data.find(needle)
    while at >= 0:
        start = at - back               # where "<f" would begin
        if start >= 0 and data[start:start + 2] == b"<f" and \
                data[start + 2:start + 3] in FORMULA_NEXT:
            return True
        at = data.find(needle, at + 1)
    return False


def _judge(name: str, report: XlsxReport, allow_formulas: bool) -> None:
    for sheet in report.sheets:
        if sheet.declared_cells > MAX_DECLARED_CELLS:
            raise UnsafeFileError(
                f"{name}，工作表“{sheet.name}”：声明的表格范围 {sheet.declared} 过大"
                f"（{sheet.declared_cells:,} 个单元格，上限 {MAX_DECLARED_CELLS:,}），"
                f"与实际数据不符，疑似恶意文件，已拒绝")
        if sheet.declared and sheet.max_row > int(
                (re.findall(r"\d+", sheet.declared) or ["0"])[-1]):
            report.warnings.append(
                f"{name}，工作表“{sheet.name}”：声明的范围 {sheet.declared} 小于实际数据"
                f"（到第 {sheet.max_row} 行），已按实际数据读取")
        if sheet.formulas and not allow_formulas:
            cells = "、".join(sheet.formulas[:5])
            raise UnsafeFileError(
                f"{name}，工作表“{sheet.name}”，单元格 {cells}"
                f"{' 等' if len(sheet.formulas) > 5 else ''}含有公式。公式的结果可能不是最新值，"
                f"请在 Excel 中复制后“选择性粘贴为数值”，保存后再导入")
