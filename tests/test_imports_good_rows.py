"""Good rows in, bad rows back; item names confirmed, never matched silently (issue 19)."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from ykt_desktop.cli import main
from ykt_desktop.imports.errors import ImportRefused
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import run

HEADER = ["序号", "姓名", "公民身份号码", "补贴项目名称", "发放月份", "实发金额", "银行账号"]


def _platform_roster(db, path, item="城乡居民最低生活保障金"):
    """200 good rows and 4 bad: a duplicate, an ID stored as a number, a bad check digit and an
    empty ID. Returns the sheet row numbers of the bad rows."""
    people = db.execute("SELECT p.id_number, p.name FROM persons p WHERE p.status = 'normal' "
                        "AND p.id IN (SELECT person_id FROM members) ORDER BY p.id LIMIT 200"
                        ).fetchall()
    assert len(people) == 200
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年1月发放花名册"])
    ws.append(HEADER)
    bad = []
    for n, (number, name) in enumerate(people, start=1):
        ws.append([n, name, number, item, "2026-01", 350, f"6217{n:012d}"])
        if n == 50:
            ws.append([n, name, number, item, "2026-01", 350, f"6217{n:012d}"])
            bad.append(ws.max_row)
        if n == 100:
            ws.append([n, "数字号", 4.20999196001e17, item, "2026-01", 350, ""])
            bad.append(ws.max_row)
        if n == 150:
            wrong = number[:17] + ("0" if number[17] != "0" else "1")
            ws.append([n, "校验错", wrong, item, "2026-01", 350, ""])
            bad.append(ws.max_row)
        if n == 180:
            ws.append([n, "无号码", "", item, "2026-01", 350, ""])
            bad.append(ws.max_row)
    for row in ws.iter_rows(min_row=3, min_col=3, max_col=3):
        if isinstance(row[0].value, str):
            row[0].data_type = "s"
    wb.save(path)
    return bad


def test_default_refuses_and_says_good_rows_can_land(demo_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    bad = _platform_roster(demo_db, path)
    with pytest.raises(ImportRefused) as refused:
        run(import_file(demo_db, "roster", path))
    assert refused.value.good_rows == 200
    assert sorted(refused.value.report.bad_rows) == bad
    assert "--good-rows-only" in str(refused.value)
    assert demo_db.execute("SELECT count(*) FROM payments WHERE period = '2026-01'"
                           ).fetchone()[0] == 0


def test_good_rows_only_imports_200_and_lists_the_skipped(demo_db, tmp_path):
    path = tmp_path / "roster.xlsx"
    bad = _platform_roster(demo_db, path)
    result = run(import_file(demo_db, "roster", path, good_rows_only=True))
    assert result.rows == 200
    skipped = json.loads(demo_db.execute("SELECT skipped FROM import_batches WHERE id = ?",
                                         [result.batch_id]).fetchone()[0])
    assert [s["行号"] for s in skipped] == bad
    assert "与第" in skipped[0]["问题"] and "重复" in skipped[0]["问题"]
    assert demo_db.execute("SELECT count(*) FROM payments WHERE batch_id = ?",
                           [result.batch_id]).fetchone()[0] == 200
    coverage = demo_db.execute("SELECT sum(rows) FROM import_coverage WHERE batch_id = ?",
                               [result.batch_id]).fetchone()[0]
    assert coverage == 200


def test_cli_writes_bad_rows_in_source_columns_and_the_full_list(demo_path, tmp_path, capsys):
    from ykt_desktop.storage import open_db

    db = open_db(demo_path)
    path = tmp_path / "roster.xlsx"
    bad = _platform_roster(db, path)
    db.close()
    out, report = tmp_path / "退回.xlsx", tmp_path / "问题.csv"
    code = main(["import-roster", "--db", str(demo_path), str(path), "--good-rows-only",
                 "--bad-rows", str(out), "--report", str(report)])
    assert code == 0
    assert "已导入发放名册200行" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "问题", "行号"]
    assert [r[-1] for r in rows[1:]] == bad
    # the number as read, not text that looks like an ID (issue 19 review)
    assert rows[2][2] == 4.20999196001e17 and not isinstance(rows[2][2], str)
    assert "存成了数字" in rows[2][-2] and "第16位起的数字已丢失" in rows[2][-2]
    with open(report, encoding="utf-8-sig") as handle:
        listed = list(csv.reader(handle))
    assert listed[0] == ["级别", "行号", "列", "内容", "问题"]
    assert {int(r[1]) for r in listed[1:] if r[0] == "错误"} == set(bad)


def test_item_name_not_exact_is_proposed_and_needs_confirmation(demo_db, tmp_path):
    path = tmp_path / "gaoling.xlsx"
    number, name = demo_db.execute("SELECT id_number, name FROM persons WHERE birth_date "
                                   "BETWEEN '1937-01-01' AND '1945-12-31' LIMIT 1").fetchone()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "补贴项目", "发放月份", "发放金额"])
    ws.append([name, number, "高龄津贴", "2026-01", 100])
    ws.cell(row=2, column=2).data_type = "s"
    wb.save(path)
    checked = run(check_file(demo_db, "roster", path))
    assert checked.item_proposals == {"高龄津贴": ["高龄津贴（80-89周岁）", "高龄津贴（90-99周岁）",
                                              "高龄津贴（100周岁以上）"]}
    assert not checked.rows and not checked.good_rows_possible
    problem = checked.report.file_errors[0]
    assert "--item-map '高龄津贴=高龄津贴（80-89周岁）'" in problem.reason
    with pytest.raises(ImportRefused):
        run(import_file(demo_db, "roster", path, good_rows_only=True))
    result = run(import_file(demo_db, "roster", path,
                             item_map={"高龄津贴": "高龄津贴（80-89周岁）"}))
    code = demo_db.execute("SELECT s.code FROM payments p JOIN subsidy_items s ON s.id = p.item_id "
                           "WHERE p.batch_id = ?", [result.batch_id]).fetchone()[0]
    assert code == "gaoling_80"


def test_a_declined_item_name_leaves_its_rows_out(demo_db, tmp_path):
    people = demo_db.execute("SELECT id_number, name FROM persons WHERE status = 'normal' "
                             "AND id IN (SELECT person_id FROM members) LIMIT 2").fetchall()
    path = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "补贴项目", "发放月份", "发放金额"])
    ws.append([people[0][1], people[0][0], "高龄津贴", "2026-01", 100])
    ws.append([people[1][1], people[1][0], "城乡居民最低生活保障金", "2026-01", 350])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].data_type = "s"
    wb.save(path)
    checked = run(check_file(demo_db, "roster", path, item_map={"高龄津贴": ""}))
    assert list(checked.report.bad_rows) == [2] and checked.good_rows_possible
    assert "未确认" in checked.report.bad_rows[2][0]
    result = run(import_file(demo_db, "roster", path, item_map={"高龄津贴": ""},
                             good_rows_only=True))
    assert result.rows == 1
