"""Roster import at county scale: a 1,000,000-row platform roster (.xlsx) imported with
validation, person / card resolution and one transaction, against the plain-library baseline
of the same rows (python-calamine read + sqlite3 executemany into a bare table).

    python bench/bench_import.py [--rows 1000000] [--db /tmp/big.db] [--work /tmp/bench_import]

The source database is never written: it is copied into the work folder first.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import python_calamine  # noqa: E402

from ykt_desktop.backup import PendingBackup, backup_before_import  # noqa: E402
from ykt_desktop.imports.run import import_file  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.safety.xlsx_guard import check_xlsx  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

HEADER = ["公民身份号码", "姓名", "项目名称", "所属期", "实发金额（元）", "发放日期", "银行卡号",
          "开户行", "发放状态"]
STATUS = {"paid": "成功", "failed": "失败", "refunded": "退票"}


def roster_rows(db_file: Path, n: int):
    conn = sqlite3.connect(str(db_file))
    sql = """SELECT p.id_number, p.name, i.name, pay.period, pay.amount_due, pay.paid_date,
                    pay.card_number, pay.bank, pay.status
             FROM payments pay JOIN persons p ON p.id = pay.person_id
             JOIN subsidy_items i ON i.id = pay.item_id ORDER BY pay.id LIMIT ?"""
    for row in conn.execute(sql, [n]):
        yield [row[0], row[1], row[2], row[3].replace("-", "年", 1) + ("月" if len(row[3]) > 4
                                                                       else "年"),
               f"{row[4]:.2f}", row[5] or "", row[6], row[7], STATUS[row[8]]]
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


def baseline(path: Path, work_db: Path) -> tuple[float, int]:
    """Plain libraries: calamine rows -> executemany into a bare table, one transaction."""
    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    conn = sqlite3.connect(str(work_db))
    conn.execute("CREATE TABLE IF NOT EXISTS bench_rows (a, b, c, d, e, f, g, h, i)")
    rows = (r for i, r in enumerate(sheet.iter_rows()) if i >= 3)
    with conn:
        conn.executemany("INSERT INTO bench_rows VALUES (?,?,?,?,?,?,?,?,?)", rows)
    n = conn.execute("SELECT count(*) FROM bench_rows").fetchone()[0]
    conn.close()
    return time.perf_counter() - started, n


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _time_backup_wait() -> list[float]:
    """Seconds the import spends in PendingBackup.finish (waiting for the background copy)."""
    waited: list[float] = []
    finish = PendingBackup.finish

    def timed_finish(self, db):
        started = time.perf_counter()
        try:
            return finish(self, db)
        finally:
            waited.append(time.perf_counter() - started)

    PendingBackup.finish = timed_finish
    return waited


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/big.db")
    parser.add_argument("--work", default="/tmp/bench_import")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    xlsx = work / f"roster_{args.rows}.xlsx"
    if not xlsx.exists():
        started = time.perf_counter()
        n = write_xlsx(xlsx, roster_rows(Path(args.db), args.rows), "2025年惠民惠农补贴发放名册")
        print(f"wrote {xlsx} ({n:,} rows, {xlsx.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - started:.1f}s")
    target = work / "county.db"
    src = sqlite3.connect(args.db)
    dst = sqlite3.connect(str(target))
    src.backup(dst)
    src.close()
    dst.close()
    db = open_db(target, backup=False)
    before = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    marks: dict[str, float] = {}
    waited = _time_backup_wait()
    started = time.perf_counter()

    def phase(step) -> None:
        key = ("parse" if "检查第" in step.message else "resolve" if "核对" in step.message
               else "write" if "写入" in step.message else "done")
        marks.setdefault(key, time.perf_counter() - started)

    result = run(import_file(db, "roster", xlsx), phase)
    ours = time.perf_counter() - started
    after = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    db.close()
    assert after - before == result.rows
    base, n = baseline(xlsx, work / "baseline.db")
    print(f"import-roster: {result.rows:,} rows in {ours:.1f}s "
          f"({result.rows / ours:,.0f} rows/s), {result.report.errors} errors, "
          f"{result.report.warnings} warnings")
    print(f"baseline (calamine + executemany, no validation): {n:,} rows in {base:.1f}s "
          f"({n / base:,.0f} rows/s)")
    print(f"ratio import / baseline: {ours / base:.2f}x")
    guard, _ = timed(lambda: check_xlsx(xlsx))
    db = open_db(target, backup=False)
    backup, _ = timed(lambda: backup_before_import(db))
    db.close()
    parsed, resolved = marks.get("resolve", 0), marks.get("write", 0)
    print(f"phases (s from start): first rows parsed {marks.get('parse', 0):.1f} (file safety "
          f"check {guard:.1f} + calamine load), all rows parsed {parsed:.1f}, persons/cards "
          f"{resolved:.1f}, written {ours:.1f} (write {ours - resolved:.1f}, of which "
          f"{sum(waited):.1f} waiting for the before-import backup)")
    print(f"the before-import backup (copy + quick_check, issue 8) alone takes {backup:.1f}s; "
          f"the import takes it on a second connection while it reads and checks the file")
    import os

    from common import report

    report("import", [{"case": "import-roster (validate, resolve, one transaction)",
                       "rows": result.rows, "seconds": round(ours, 1),
                       "rows_per_s": round(result.rows / ours), "ratio": round(ours / base, 2),
                       "load_avg": round(os.getloadavg()[0], 2)},
                      {"case": "baseline: calamine + executemany, bare table", "rows": n,
                       "seconds": round(base, 1), "rows_per_s": round(n / base), "ratio": 1.0,
                       "load_avg": round(os.getloadavg()[0], 2)}])
    shutil.rmtree(work / "baseline.db", ignore_errors=True)
    (work / "baseline.db").unlink(missing_ok=True)
    return 0


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

if __name__ == "__main__":
    raise SystemExit(main())
