"""Make a hostile .xlsx: a valid workbook whose one sheet holds a single giant cell (issue 14).

``python tests/make_giant_cell_xlsx.py OUT.xlsx --cell-mb 1900`` writes the 1.9 GB-cell file
of the issue (about 13 MB), ``--cell-mb 300`` the 300 MB one (about 2 MB). The cell's text is
letters and digits from a seeded generator repeated in 16 KB blocks (inside deflate's 32 KB
window), so the file stays small while the cell really is that long once decompressed. Used by
tests/test_bounded_intake.py and bench/bench_hostile_xlsx.py.
"""

from __future__ import annotations

import argparse
import random
import zipfile
from pathlib import Path

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d'
              b'</t></is></c><c r="B1" t="inlineStr"><is><t>')
SHEET_TAIL = b"</t></is></c></row></sheetData></worksheet>"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'),
}


def make(out: Path, cell_mb: int, *, seed: int = 14) -> Path:
    rng = random.Random(seed)
    block = "".join(rng.choice(ALPHABET) for _ in range(16384)).encode()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            for _ in range(cell_mb * 64):
                sheet.write(block)
            sheet.write(SHEET_TAIL)
    return out


def shared_string_bomb(path: Path, *, text_kb: int, cells: int) -> Path:
    """One ``text_kb`` KB shared string referenced by ``cells`` cells (review of issue 14)."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n)
                    for n in range(1, cells + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"/>',
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "_rels/.rels": PARTS["_rels/.rels"],
        "xl/_rels/workbook.xml.rels": PARTS["xl/_rels/workbook.xml.rels"],   # a worksheet
        "xl/sharedStrings.xml": '<sst xmlns="x"><si><t>' + "张" * (text_kb * 1024 // 3)
        + '</t></si><si/></sst>',
        "xl/worksheets/sheet1.xml": b'<worksheet xmlns="x"><sheetData>' + rows
        + b"</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in parts.items():
            zf.writestr(member, data)
    return path


def medium_cells(out: Path, *, cells: int = 5000, cell_kb: int = 192, per_row: int = 1,
                 sheet_target: str = "worksheets/sheet1.xml",
                 sheet_member: str = "xl/worksheets/sheet1.xml", seed: int = 14) -> Path:
    """``cells`` inline-string cells of ``cell_kb`` KB each, ``per_row`` to a row (review of
    issue 14: 5,000 cells of 192 KB are 937 MB of text in a file of a few MB). The sheet can
    sit at an unusual member (``sheet_member``, e.g. ``xl/Custom/Evil.XML``) named by the
    workbook's relationship ``sheet_target`` the way calamine resolves it."""
    rng = random.Random(seed)
    block = "".join(rng.choice(ALPHABET) for _ in range(16384)).encode()
    text = (block * (cell_kb // 16 + 1))[:cell_kb * 1024]
    parts = dict(PARTS)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        'Target="worksheets/sheet1.xml"', f'Target="{sheet_target}"')
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
        with zf.open(sheet_member, "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.split(b'<c r="B1"')[0] + b"</row>")
            for n in range(cells):
                row, col = divmod(n, per_row)
                if col == 0:
                    sheet.write(b'<row r="%d">' % (row + 2))
                sheet.write(b'<c r="%s%d" t="inlineStr"><is><t>' % (
                    bytes([65 + col % 26]), row + 2) + text + b"</t></is></c>")
                if col == per_row - 1 or n == cells - 1:
                    sheet.write(b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cell-mb", type=int, default=300)
    args = parser.parse_args()
    path = make(args.out, args.cell_mb)
    print(f"{path}: {path.stat().st_size / 2**20:.1f} MB, one cell of {args.cell_mb} MB")


if __name__ == "__main__":
    main()
