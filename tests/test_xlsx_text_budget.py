"""Hostile workbooks of the outside review of issue 14, made by hand: many medium cells (937 MB
of text in 5,000 cells of 192 KB passed the guard), a giant cell split into rich-text runs, and
sheets at members the reader finds but the guard used not to (case, backslashes, another
workbook folder). GNU ``time -v`` figures: bench/bench_hostile_xlsx.py."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from tests.make_giant_cell_xlsx import PARTS, medium_cells
from ykt_desktop.safety import xlsx_guard
from ykt_desktop.safety.errors import UnsafeFileError

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _book(path: Path, sheet: bytes, *, member: str = "xl/worksheets/sheet1.xml",
          extra: dict | None = None, drop: tuple = ()) -> Path:
    parts = {k: v for k, v in PARTS.items() if k not in drop}
    parts[member] = b"<worksheet " + NS.encode() + b"><sheetData>" + sheet + \
        b"</sheetData></worksheet>"
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _text(size: int, seed: int = 14) -> bytes:
    """``size`` bytes of letters deflate cannot squeeze past the zip guard's ratio."""
    rng = random.Random(seed)
    return bytes(rng.choice(b"abcdefghijkmnpqrstuvwxyz23456789") for _ in range(size))


def _row(n: int, text: bytes) -> bytes:
    return b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (n, n, text)


def test_192_kb_cells_refused_by_the_cell_limit(tmp_path):
    path = medium_cells(tmp_path / "medium.xlsx", cells=50, cell_kb=192)
    with pytest.raises(UnsafeFileError, match="超过 32 KB") as err:
        xlsx_guard.check_xlsx(path)
    assert "medium.xlsx" in str(err.value) and "花名册" in str(err.value)


def test_many_cells_just_under_the_cell_limit_refused_by_the_text_budget(tmp_path):
    path = medium_cells(tmp_path / "m31.xlsx", cells=1000, cell_kb=31)   # 31 MB, 1,000 cells
    with pytest.raises(UnsafeFileError, match="表格文字与表格结构不相称") as err:
        xlsx_guard.check_xlsx(path)
    assert "m31.xlsx" in str(err.value)


def test_a_real_roster_of_the_same_size_passes(tmp_path):
    text = "张三丰,耕地地力保护补贴".encode()
    path = _book(tmp_path / "ok.xlsx", b"".join(_row(n, text) for n in range(1, 400_000)))
    assert xlsx_guard.check_xlsx(path).sheets[0].max_row == 399_999     # 33 MB of sheet


def test_giant_cell_of_many_rich_text_runs_refused_by_the_row_limit(tmp_path):
    runs = b"".join(b"<r><t>" + _text(1000, n) + b"</t></r>" for n in range(2000))
    sheet = _row(1, b"a") + b'<row r="2"><c r="A2" t="inlineStr"><is>' + runs + \
        b"</is></c></row>"
    with pytest.raises(UnsafeFileError, match="有一行超过 1 MB"):
        xlsx_guard.check_xlsx(_book(tmp_path / "runs.xlsx", sheet))


def test_giant_shared_string_of_many_runs_refused(tmp_path):
    runs = b"".join(b"<r><t>" + _text(1000, n) + b"</t></r>" for n in range(100))
    shared = b'<sst ' + NS.encode() + b"><si>" + runs + b"</si></sst>"
    sheet = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = _book(tmp_path / "ss.xlsx", sheet, extra={"xl/sharedStrings.xml": shared})
    with pytest.raises(UnsafeFileError, match="第 1 个共享字符串超过 64 KB"):
        xlsx_guard.check_xlsx(path)


def test_long_section_after_the_rows_is_not_a_long_row(tmp_path):
    merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(1, 60_000))
    path = _book(tmp_path / "merged.xlsx", _row(1, b"a"))
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges
                                        + b"</mergeCells>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    xlsx_guard.check_xlsx(path)         # 1.7 MB after the last row: merged ranges, accepted


@pytest.mark.parametrize("target, member", [
    ("Custom/Evil.XML", "xl/custom/evil.xml"),            # calamine ignores ASCII case
    ("worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"),  # and reads \ as /
    ("/XL/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
])
def test_sheet_at_an_unusual_member_gets_the_sheet_limits(tmp_path, target, member):
    path = medium_cells(tmp_path / "odd.xlsx", cells=3, cell_kb=40, sheet_target=target,
                        sheet_member=member)
    with pytest.raises(UnsafeFileError, match="超过 32 KB") as err:
        xlsx_guard.check_xlsx(path)
    assert "花名册" in str(err.value)       # judged as the sheet the reader opens


def test_workbook_in_another_folder_refused(tmp_path):
    rels = PARTS["_rels/.rels"].replace('Target="xl/workbook.xml"', 'Target="evil/workbook.xml"')
    extra = {"_rels/.rels": rels, "evil/workbook.xml": PARTS["xl/workbook.xml"],
             "evil/_rels/workbook.xml.rels": PARTS["xl/_rels/workbook.xml.rels"]}
    path = _book(tmp_path / "moved.xlsx", _row(1, b"a"), extra=extra)     # decoy xl/ kept
    with pytest.raises(UnsafeFileError, match="不常见的位置（evil/workbook.xml）"):
        xlsx_guard.check_xlsx(path)


def test_members_differing_only_in_case_refused(tmp_path):
    path = _book(tmp_path / "twins.xlsx", _row(1, b"a"),
                 extra={"xl/Worksheets/Sheet1.xml": b"<worksheet/>"})
    with pytest.raises(UnsafeFileError, match="只差大小写"):
        xlsx_guard.check_xlsx(path)


def test_huge_workbook_part_refused_before_it_is_read(tmp_path):
    filler = (_text(2**20).decode() * 17)
    book = PARTS["xl/workbook.xml"].replace("<sheets>", f"<!--{filler}--><sheets>")
    path = _book(tmp_path / "bigbook.xlsx", _row(1, b"a"), extra={"xl/workbook.xml": book})
    with pytest.raises(UnsafeFileError, match="xl/workbook.xml 解压后 17 MB"):
        xlsx_guard.check_xlsx(path)


def test_ods_content_counted(tmp_path):
    cell = b"<table:table-cell><text:p>" + _text(30_000) + b"</text:p></table:table-cell>"
    content = b"<office:document-content><table:table-row>" + cell * 700 + \
        b"</table:table-row></office:document-content>"
    path = tmp_path / "big.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    with pytest.raises(UnsafeFileError, match="表格文字与表格结构不相称"):
        xlsx_guard.check_xlsx(path)


def test_too_many_tiny_cells_refused(tmp_path, monkeypatch):
    """60 million tiny cells in a 24 MB file passed every limit and cost the reader 4.3 GB
    (review of issue 14); cells are counted while the sheet streams (limit lowered here so the
    file stays small: the real one is 20 million, a full-height roster of 19 columns)."""
    from ykt_desktop.safety import text_budget

    monkeypatch.setattr(text_budget, "MAX_CELLS", 50_000)
    rows = b"".join(b'<row r="%d">%s</row>' % (n, b"".join(
        b'<c r="%s%d"><v>1</v></c>' % (col, n) for col in (b"A", b"B", b"C", b"D")))
        for n in range(1, 12_501))                              # exactly 50,000 cells: passes
    assert xlsx_guard.check_xlsx(_book(tmp_path / "ok.xlsx", rows)).sheets[0].max_row == 12_500
    more = rows + b'<row r="12501"><c r="A12501"><v>1</v></c></row>'
    with pytest.raises(UnsafeFileError, match="单元格超过 50,000 个") as err:
        xlsx_guard.check_xlsx(_book(tmp_path / "tiny.xlsx", more))
    assert "tiny.xlsx" in str(err.value)
    prefixed = more.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>")
    with pytest.raises(UnsafeFileError, match="单元格超过"):
        xlsx_guard.check_xlsx(_book(tmp_path / "prefixed.xlsx", prefixed))
