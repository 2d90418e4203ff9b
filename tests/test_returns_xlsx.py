"""Exported xlsx read back cell by cell: headers, merges, formats, text IDs, no formulas."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from tests.returns_data import add_issues
from ykt_desktop.returns.engine import fill, set_cell
from ykt_desktop.returns.template import get_template
from ykt_desktop.returns.xlsx_export import write_xlsx

COUNTY = "420999000000"


def test_tongchuan_paicha_layout(demo_db, tmp_path):
    add_issues(demo_db)
    filled = fill(demo_db, get_template("tongchuan_paicha_tongji"), COUNTY, "2025")
    filled.footer = {"负责人": "王五", "填表人": "=HYPERLINK(\"x\")", "联系电话": "0728-1234567",
                     "填报日期": "2026-01-05"}
    path = write_xlsx(filled, tmp_path / "r.xlsx")
    ws = load_workbook(path).active
    assert ws["A1"].value == "2025年度惠民惠农财政补贴资金“一卡通”专项治理排查情况统计表"
    assert "A1:Y1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填表单位：演示县"
    assert any(c.value == "金额单位：万元" for c in ws[2])
    merges = {str(r) for r in ws.merged_cells.ranges}
    # 序号 spans the three header levels; 补贴资金 spans columns 2..6 (F..J)
    assert "A3:A5" in merges
    assert ws["F3"].value == "补贴资金" and "F3:J3" in merges
    assert ws["G4"].value == "实际发放金额" and "G4:J4" in merges
    assert [ws.cell(5, c).value for c in range(7, 11)] == ["小计", "“一卡通”发放", "现金发放",
                                                          "其他方式发放"]
    assert ws["E3"].value == "补贴对象" and ws["E4"].value == "应享受对象数（户、人）"
    numbers = [ws.cell(6, c).value for c in range(1, 26)]
    assert numbers[:5] == [None, "甲", "乙", "丙", "1"] and numbers[-1] == "21"
    first = 7
    assert ws.cell(first, 2).value == "耕地地力保护补贴"
    assert ws.cell(first, 6).number_format == "0.00"            # 2 应发放金额 (万元)
    assert ws.cell(first, 5).number_format == "0"               # 1 对象数
    assert isinstance(ws.cell(first, 6).value, float)
    row = filled.data_rows()[0]
    assert Decimal(str(ws.cell(first, 6).value)) == row.cells["c2"].value
    last = first + len(filled.rows) - 1
    assert ws.cell(last, 2).value == "合计"
    assert Decimal(str(ws.cell(last, 6).value)) == filled.rows[-1].cells["c2"].value
    assert ws.cell(last, 11).value in (None, "")                 # 第7栏 standards not summed
    assert ws.freeze_panes == "A7"
    assert ws.print_title_rows == "$3:$6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert "填表单位（盖章）" in ws.oddFooter.left.text and "&P" in ws.oddFooter.right.text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    texts = [ws.cell(r, 1).value for r in range(last + 1, ws.max_row + 1)]
    assert any("勾稽关系" in (t or "") for t in texts)
    footer = texts[-1]
    assert "负责人：王五" in footer and "填报日期：2026-01-05" in footer
    # nothing the user typed became a formula
    for line in ws.iter_rows():
        for cell in line:
            assert cell.data_type != "f", cell.coordinate


def test_ids_and_card_numbers_are_text_and_formula_text_stays_text(demo_db, tmp_path):
    failed = fill(demo_db, get_template("fafang_shibai_taizhang"), COUNTY, "2025")
    assert failed.data_rows()
    row = failed.data_rows()[0]
    set_cell(failed, row.key, "reason", "=1+2")
    set_cell(failed, row.key, "handling", "@SUM(A1)")
    path = write_xlsx(failed, tmp_path / "f.xlsx")
    ws = load_workbook(path).active
    header_row = next(r for r in range(1, 8) if ws.cell(r, 5).value == "身份证号")
    data = header_row + 2
    id_cell, card_cell = ws.cell(data, 5), ws.cell(data, 11)
    assert id_cell.value == row.cells["id_number"].value and id_cell.data_type == "s"
    assert id_cell.number_format == "@"
    assert card_cell.value == row.cells["card"].value and isinstance(card_cell.value, str)
    assert ws.cell(data, 12).value == "=1+2" and ws.cell(data, 12).data_type == "s"
    assert ws.cell(data, 13).value == "@SUM(A1)" and ws.cell(data, 13).data_type == "s"
    assert ws.cell(data, 9).number_format == "0.00"


def test_issue_list_measure_text_from_ledger_is_not_a_formula(demo_db, tmp_path):
    add_issues(demo_db)                     # every measure text there is "=追回资金"
    listing = fill(demo_db, get_template("wenti_qingdan"), COUNTY, "2025")
    ws = load_workbook(write_xlsx(listing, tmp_path / "q.xlsx")).active
    col = next(c for c in range(1, 20) if ws.cell(3, c).value == "整改措施")
    cell = ws.cell(5, col)
    assert cell.value == "=追回资金" and cell.data_type == "s"
