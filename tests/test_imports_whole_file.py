"""Sheets as counties receive them: item and period only in the title, a two-row header with a
line break in a cell, and 合计 / 制表人 rows at the end."""

from __future__ import annotations

import openpyxl
import pytest

from tests.imports_helpers import table_counts
from ykt_desktop.imports.errors import ImportFileError, ImportRefused
from ykt_desktop.imports.footer import is_footer
from ykt_desktop.imports.preview import preview_file
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import run

ITEM = "城乡居民最低生活保障金"


def _people(db, n=4):
    return db.execute("SELECT p.id_number, p.name, c.card_number FROM persons p JOIN cards c "
                      "ON c.person_id = p.id AND c.card_type = 'social_security' "
                      "ORDER BY p.id LIMIT ?", [n]).fetchall()


def county_sheet(db, path):
    """Title with item and month, two-row header (merged), no item or period column, a 合计 row
    and a signature line."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = f"某县2026年3月{ITEM}发放花名册"
    ws.merge_cells("A1:G1")
    ws.append(["序号", "姓名", "身份证\n号码", "发放信息", None, None, "代发银行"])
    ws.merge_cells("D2:F2")
    ws.append([None, None, None, "金额", "发放日期", "银行账号", None])
    for col in "ABCG":
        ws.merge_cells(f"{col}2:{col}3")
    people = _people(db)
    for i, (number, name, card) in enumerate(people, 1):
        ws.append([i, name, number, 350, "2026-04-10", card, "农商银行"])
        ws.cell(row=ws.max_row, column=3).data_type = "s"
    ws.append(["合计", None, None, 350 * len(people), None, None, None])
    ws.append(["制表人：张三", None, None, "审核人：李四", None, None, None])
    wb.save(path)
    return path, len(people)


def test_title_gives_item_and_period_guesses(demo_db, tmp_path):
    path, _ = county_sheet(demo_db, tmp_path / "r.xlsx")
    preview = preview_file(demo_db, "roster", path)
    assert preview.header_row == 3
    assert "身份证号码" in preview.headers                   # the line break dropped
    assert preview.guesses == {"period": "2026-03", "item": ITEM}
    with pytest.raises(ImportFileError, match="--item / --period.*2026-03"):
        run(check_file(demo_db, "roster", path))


def test_whole_file_values_import_every_row_and_skip_the_footer(demo_db, tmp_path):
    path, n = county_sheet(demo_db, tmp_path / "r.xlsx")
    result = run(import_file(demo_db, "roster", path,
                             whole_file={"item": ITEM, "period": "2026-03"}))
    assert result.rows == n
    skipped = [p for p in result.report.problems if "表尾" in p.reason]
    assert [(p.row, p.value, p.level) for p in skipped] == [
        (4 + n, "合计", "warning"), (5 + n, "制表人：张三", "warning")]
    rows = demo_db.execute(
        "SELECT i.name, p.period, p.amount_paid FROM payments p JOIN subsidy_items i "
        "ON i.id = p.item_id WHERE p.batch_id = ?", [result.batch_id]).fetchall()
    assert rows == [(ITEM, "2026-03", 350.0)] * n
    mapping = demo_db.execute("SELECT mapping FROM import_batches WHERE id = ?",
                              [result.batch_id]).fetchone()[0]
    assert "整表指定" in mapping and "2026-03" in mapping


def dated_year_sheet(db, path):
    """A title naming only the year 2025, and a 发放日期 column with four months' dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"某县2025年{ITEM}发放花名册"])
    ws.append(["序号", "姓名", "身份证号码", "金额", "发放日期", "银行账号"])
    people = _people(db, 3)
    for n, month in enumerate(range(3, 7)):
        for i, (number, name, card) in enumerate(people):
            ws.append([n * 3 + i + 1, name, number, 350, f"2025-{month:02d}-15", card])
            ws.cell(row=ws.max_row, column=3).data_type = "s"
    wb.save(path)
    return path


def test_year_for_a_monthly_item_refused_naming_the_months(demo_db, tmp_path):
    """Twelve monthly rows stored under period 2025 looked paid four times over (issue 19
    review): a year given for the whole file of a monthly item is refused."""
    path = dated_year_sheet(demo_db, tmp_path / "y.xlsx")
    assert preview_file(demo_db, "roster", path).guesses["period"] == "2025"
    before = table_counts(demo_db)
    with pytest.raises(ImportRefused) as refused:
        run(import_file(demo_db, "roster", path, whole_file={"item": ITEM, "period": "2025"},
                        good_rows_only=True))
    text = str(refused.value)
    assert "按月发放" in text and "2025-03至2025-06的4个月份" in text
    assert "发放期间（整表指定）：“2025”" in text
    assert table_counts(demo_db) == before


@pytest.mark.parametrize("whole, message", [
    ({"item": "不存在的补贴", "period": "2026-03"}, "不在补贴项目清单中"),
    ({"item": ITEM, "period": "2026-13"}, "整表发放期间"),
    ({"item": ITEM, "period": "2026-03", "amount": "5"}, "不能整表指定"),
])
def test_bad_whole_file_values_refused_and_nothing_written(demo_db, tmp_path, whole, message):
    path, _ = county_sheet(demo_db, tmp_path / "r.xlsx")
    before = table_counts(demo_db)
    with pytest.raises(ImportFileError, match=message):
        run(import_file(demo_db, "roster", path, whole_file=whole))
    assert table_counts(demo_db) == before


def test_whole_file_value_for_a_mapped_column_refused(demo_db, tmp_path):
    from tests.imports_helpers import ROSTER_HEADER, roster_rows, write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(demo_db, 2))
    with pytest.raises(ImportFileError, match="已对应文件中的列"):
        run(check_file(demo_db, "roster", path, whole_file={"period": "2026-03"}))


def test_footer_rows_only_without_an_id():
    assert is_footer(["合计", None, None, 1400], 2)
    assert is_footer([None, "  制表人：张三", None], 2)
    assert is_footer(["注：金额单位为元"], 2)
    assert not is_footer(["合计", None, "420999199001011234", 1], 2)   # an ID: always data
    assert not is_footer([5, "张三", None, 350], 2)                      # data missing its ID
    assert not is_footer([None, None, None], 2)
    # 审核人 falls in the ID column: still the signature line (issue 19 review)
    assert is_footer(["制表人：张三", None, "审核人：李四"], 2)
    assert is_footer([None, "填表日期：2026年1月5日", "负责人：王五"], 2)
    assert not is_footer(["张三", None, "审核人：李四"], 2)            # a name first: data


def test_cli_item_and_period(demo_path, tmp_path, capsys):
    from ykt_desktop.cli import main
    from ykt_desktop.storage import open_db

    db = open_db(demo_path)
    path, n = county_sheet(db, tmp_path / "r.xlsx")
    db.close()
    assert main(["import-roster", "--db", str(demo_path), str(path)]) == 2
    out, err = capsys.readouterr()
    assert f"--period 2026-03，--item {ITEM}" in out and "缺少必需的列" in err
    assert main(["import-roster", "--db", str(demo_path), str(path), "--item", ITEM,
                 "--period", "2026-03"]) == 0
    assert f"已导入发放名册{n}行" in capsys.readouterr().out
