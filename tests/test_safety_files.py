"""Hostile and broken input files are refused before a parser reads them."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ykt_desktop.safety import UnsafeFileError, ZipLimits, check_xlsx, check_zip

BOMB_XML = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<si><t>&lol2;</t></si></sst>')


def _workbook(path: Path, rows: int = 20, formula: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["姓名", "身份证号", "金额"])
    for i in range(rows):
        ws.append([f"张{i}", f"42099919800101{i:04d}", 100 + i])
    if formula:
        ws["C5"] = "=C3+C4"
    wb.save(path)
    return path


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.pop(info.filename, zin.read(info)))
        for name, data in replace.items():
            zout.writestr(name, data)
    return target


@pytest.fixture
def good(tmp_path):
    return _workbook(tmp_path / "good.xlsx")


def test_good_workbook_passes(good):
    report = check_xlsx(good)
    assert report.kind == "xlsx" and [s.name for s in report.sheets] == ["花名册"]
    assert report.sheets[0].max_row == 21 and not report.warnings


def test_formula_cells_refused_with_cell(tmp_path):
    path = _workbook(tmp_path / "f.xlsx", formula=True)
    with pytest.raises(UnsafeFileError, match=r"f\.xlsx，工作表“花名册”，单元格 C5.*公式"):
        check_xlsx(path)
    assert check_xlsx(path, allow_formulas=True).sheets[0].formulas == ["C5"]


def test_zip_bomb_refused(tmp_path, good):
    bomb = _rewrite(good, tmp_path / "bomb.xlsx", {"xl/media/zeros.bin": b"\0" * 30_000_000})
    assert bomb.stat().st_size < 200_000
    with pytest.raises(UnsafeFileError, match="压缩炸弹"):
        check_xlsx(bomb)


def test_zip_lying_about_sizes_refused(tmp_path, good):
    path = _rewrite(good, tmp_path / "liar.xlsx", {"xl/media/data.bin": b"\0" * 3_000_000})
    data = bytearray(path.read_bytes())
    name = b"xl/media/data.bin"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (pos := data.find(sig, start)) >= 0:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[pos + size_at:pos + size_at + 4] = struct.pack("<I", 1000)
            start = pos + 4
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeFileError, match="已损坏或与目录记录不符"):
        check_xlsx(path)


def test_xml_entity_bomb_refused(tmp_path, good):
    path = _rewrite(good, tmp_path / "lol.xlsx", {"xl/sharedStrings.xml": BOMB_XML})
    with pytest.raises(UnsafeFileError, match="XML"):
        check_xlsx(path)
    path = _rewrite(good, tmp_path / "lol2.xlsx", {"xl/workbook.xml": BOMB_XML})
    with pytest.raises(UnsafeFileError, match="DTD"):
        check_xlsx(path)


def _sheet_xml(good: Path) -> bytes:
    with zipfile.ZipFile(good) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_absurd_dimension_refused(tmp_path, good):
    xml = _sheet_xml(good).replace(b'ref="A1:C21"', b'ref="A1:XFD1048576"')
    path = _rewrite(good, tmp_path / "dim.xlsx", {"xl/worksheets/sheet1.xml": xml})
    with pytest.raises(UnsafeFileError, match="A1:XFD1048576 过大"):
        check_xlsx(path)


def test_small_dimension_reported(tmp_path, good):
    xml = _sheet_xml(good).replace(b'ref="A1:C21"', b'ref="A1:B2"')
    path = _rewrite(good, tmp_path / "dim2.xlsx", {"xl/worksheets/sheet1.xml": xml})
    report = check_xlsx(path)
    assert "A1:B2 小于实际数据（到第 21 行）" in report.warnings[0]


@pytest.mark.parametrize(("content", "reason"), [
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
    ("姓名,身份证号\n张三,420999198001010011\n".encode("gbk"), "文本或 CSV"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"", "空的"),
])
def test_not_excel_refused(tmp_path, content, reason):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnsafeFileError, match=reason):
        check_xlsx(path)


def test_word_and_plain_zip_refused(tmp_path):
    for inner, reason in (("word/document.xml", "Word"), ("a.txt", "普通压缩包")):
        path = tmp_path / "x.xlsx"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(inner, "<w/>")
        with pytest.raises(UnsafeFileError, match=reason):
            check_xlsx(path)


def test_truncated_file_refused(tmp_path, good):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(UnsafeFileError, match="不完整"):
        check_xlsx(cut)


def test_huge_file_limit_message(good):
    with pytest.raises(UnsafeFileError, match="超过导入上限 0 MB"):
        check_xlsx(good, limits=ZipLimits(max_file=100))


def test_zip_entries_paths_and_count(tmp_path):
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../evil.txt", "x")
    with pytest.raises(UnsafeFileError, match="不安全的路径"):
        check_zip(path)
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(30):
            zf.writestr(f"f{i}.txt", "x")
    with pytest.raises(UnsafeFileError, match="条目过多"):
        check_zip(path, ZipLimits(max_entries=10))
    assert len(check_zip(path)) == 30
