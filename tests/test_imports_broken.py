"""Broken files give a Chinese message naming where, and leave the database unchanged."""

from __future__ import annotations

import openpyxl
import pytest

from tests.imports_helpers import ROSTER_HEADER, roster_rows, table_counts, write_xlsx
from ykt_desktop.imports.errors import ImportFileError, ImportRefused
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run


def _refused(db, kind, path, exc=ImportRefused, match=None):
    before = table_counts(db)
    with pytest.raises(exc, match=match) as info:
        run(import_file(db, kind, path))
    assert table_counts(db) == before
    return info.value


def test_wrong_headers(demo_db, tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", ["甲", "乙", "丙"], [["1", "2", "3"]])
    err = _refused(demo_db, "roster", path, ImportFileError, "找不到发放名册的表头")
    assert "w.xlsx" in str(err) and "名册" in str(err)


def test_numeric_ids_are_refused_with_row_and_column(demo_db, tmp_path):
    rows = roster_rows(demo_db, 3)
    rows[1][0] = float(rows[1][0][:17] + "0")
    path = write_xlsx(tmp_path / "n.xlsx", ROSTER_HEADER, rows)
    err = _refused(demo_db, "roster", path)
    problem = err.report.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("名册", 3, "公民身份号码（A列）")
    assert "数字" in problem.reason and "第3行" in str(err)


def test_missing_columns(demo_db, tmp_path):
    header = [h for h in ROSTER_HEADER if h != "实发金额（元）"]
    rows = [r[:4] + r[5:] for r in roster_rows(demo_db, 2)]
    path = write_xlsx(tmp_path / "m.xlsx", header, rows)
    _refused(demo_db, "roster", path, ImportFileError, "缺少必需的列：发放金额")


def test_empty_sheet(demo_db, tmp_path):
    path = tmp_path / "e.xlsx"
    openpyxl.Workbook().save(path)
    _refused(demo_db, "deaths", path, ImportFileError, "工作表是空的")


def test_header_without_rows(demo_db, tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", ["身份证号", "姓名", "死亡日期"], [])
    _refused(demo_db, "deaths", path, ImportFileError, "没有数据行")


def test_duplicate_rows(demo_db, tmp_path):
    rows = roster_rows(demo_db, 3)
    rows.append(list(rows[0]))
    path = write_xlsx(tmp_path / "d.xlsx", ROSTER_HEADER, rows)
    err = _refused(demo_db, "roster", path)
    assert any("与第2行重复" in p.reason and p.row == 5 for p in err.report.problems)


def test_not_an_excel_file(demo_db, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("这其实是一个文本文件", encoding="utf-8")
    _refused(demo_db, "cadres", path, ImportFileError, "fake.xlsx：不是有效的 Excel 文件")


def test_bad_values_all_reported(demo_db, tmp_path):
    rows = roster_rows(demo_db, 4)
    rows[0][3] = "2026年13月"
    rows[1][4] = "三百五"
    rows[2][2] = "不存在的补贴"
    path = write_xlsx(tmp_path / "v.xlsx", ROSTER_HEADER, rows)
    err = _refused(demo_db, "roster", path)
    reasons = " ".join(p.reason for p in err.report.problems)
    assert "月份" in reasons and "金额不是数字" in reasons and "不在补贴项目清单" in reasons
    assert err.report.errors == 3
