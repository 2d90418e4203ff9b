"""A corrected roster sent again never doubles the payments (issue 19 review)."""

from __future__ import annotations

import openpyxl
import pytest

from ykt_desktop.imports.errors import ImportFileError, ImportRefused
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import run

HEADER = ["序号", "姓名", "公民身份号码", "补贴项目名称", "发放月份", "实发金额", "银行账号"]
ITEM = "城乡居民最低生活保障金"


def _people(db, n=20):
    return db.execute("SELECT p.id_number, p.name FROM persons p WHERE p.status = 'normal' "
                      "AND p.id IN (SELECT person_id FROM members) ORDER BY p.id LIMIT ?",
                      [n]).fetchall()


def _roster(path, people, *, amounts=None, extra=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n, (number, name) in enumerate(people, start=1):
        amount = (amounts or {}).get(n, 350)
        ws.append([n, name, number, ITEM, "2026-01", amount, f"6217{n:012d}"])
    for row in extra:
        ws.append(row)
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].data_type = "s"
    wb.save(path)
    return path


def _count(db):
    return db.execute("SELECT count(*) FROM payments WHERE period = '2026-01'").fetchone()[0]


def test_corrected_roster_again_adds_only_the_corrected_rows(demo_db, tmp_path):
    people = _people(demo_db)
    first = _roster(tmp_path / "big.xlsx", people, extra=[[21, "无号码", "", ITEM, "2026-01",
                                                          350, ""]])
    run(import_file(demo_db, "roster", first, good_rows_only=True))
    assert _count(demo_db) == 20
    # the same 20 rows, the bad row removed and one new (corrected) person added
    more = _people(demo_db, 21)
    second = _roster(tmp_path / "big2.xlsx", more)
    checked = run(check_file(demo_db, "roster", second))
    notes = [p for p in checked.report.problems if "已在数据库中" in p.reason]
    assert len(notes) == 20 and all(p.level == "warning" for p in notes)
    assert notes[0].row == 2 and "批次" in notes[0].reason
    result = run(import_file(demo_db, "roster", second))
    assert result.rows == 1 and result.report.already_stored == 20
    assert _count(demo_db) == 21
    again = _roster(tmp_path / "big3.xlsx", more, extra=[["制表人：张三"]])   # another hash
    with pytest.raises(ImportFileError, match="全部21行已在数据库中"):
        run(import_file(demo_db, "roster", again))
    assert _count(demo_db) == 21


def test_different_amount_is_a_problem_row_unless_the_batch_is_replaced(demo_db, tmp_path):
    people = _people(demo_db, 10)
    first = run(import_file(demo_db, "roster", _roster(tmp_path / "a.xlsx", people)))
    changed = _roster(tmp_path / "b.xlsx", people, amounts={3: 300})
    with pytest.raises(ImportRefused) as refused:
        run(import_file(demo_db, "roster", changed))
    assert list(refused.value.report.bad_rows) == [4]
    reason = refused.value.report.bad_rows[4][0]
    assert "350.00元" in reason and "300.00元" in reason
    assert f"--replace-batch {first.batch_id}" in reason
    assert _count(demo_db) == 10
    result = run(import_file(demo_db, "roster", changed, replace_batch=first.batch_id))
    assert result.rows == 10 and _count(demo_db) == 10
    assert demo_db.execute("SELECT amount_paid FROM payments WHERE batch_id = ? ORDER BY id",
                           [result.batch_id]).fetchall()[2][0] == 300
    assert demo_db.execute("SELECT count(*) FROM import_coverage WHERE batch_id = ?",
                           [first.batch_id]).fetchone()[0] == 0
    with pytest.raises(ImportFileError, match="没有发放名册的导入批次99"):
        run(check_file(demo_db, "roster", changed, replace_batch=99))
