"""A platform roster .xlsx of N rows for the import bench: every cell an inline string (as
platforms export IDs), a merged title row, the header on row 3.

The rows are the county demo's payments (persons, cards, items as stored) moved on by one year
(2025 -> 2026), so that every row is a new payment and nothing is "already stored".
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["公民身份号码", "姓名", "项目名称", "所属期", "实发金额（元）", "发放日期", "银行卡号",
          "开户行", "发放状态"]
STATUS = {"paid": "成功", "failed": "失败", "refunded": "退票"}
SHIFT = 1     # years


def _later(text: str | None) -> str:
    return f"{int(text[:4]) + SHIFT}{text[4:]}" if text else ""


def roster_rows(db_file: Path, n: int):
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    sql = """SELECT p.id_number, p.name, i.name, pay.period, pay.amount_due, pay.paid_date,
                    pay.card_number, pay.bank, pay.status
             FROM payments pay JOIN persons p ON p.id = pay.person_id
             JOIN subsidy_items i ON i.id = pay.item_id ORDER BY pay.id LIMIT ?"""
    for number, name, item, period, amount, day, card, bank, status in conn.execute(sql, [n]):
        period = _later(period)
        shown = period.replace("-", "年", 1) + ("月" if len(period) > 4 else "年")
        yield [number, name, item, shown, f"{amount:.2f}", _later(day), card, bank,
               STATUS[status]]
    conn.close()


def write_xlsx(path: Path, rows, title: str) -> int:
    """A minimal .xlsx with inline strings (every cell text, as platforms export IDs)."""
    def cell(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    letters = "ABCDEFGHI"
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(SHEET_HEAD.encode())
            out.write(f'<row r="1">{cell("A1", title)}</row>'.encode())
            out.write(('<row r="3">' + "".join(cell(f"{letters[i]}3", h)
                                              for i, h in enumerate(HEADER)) + "</row>").encode())
            buf = []
            for r, row in enumerate(rows, start=4):
                buf.append(f'<row r="{r}">' + "".join(
                    cell(f"{letters[i]}{r}", v) for i, v in enumerate(row)) + "</row>")
                count += 1
                if len(buf) >= 10000:
                    out.write("".join(buf).encode())
                    buf.clear()
            out.write(("".join(buf) + '</sheetData><mergeCells count="1"><mergeCell ref="A1:I1"/>'
                       "</mergeCells></worksheet>").encode())
    return count


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="发放名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData>')
