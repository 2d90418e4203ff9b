"""Every cell of the returns against figures typed by hand (tests/data/returns_case/).

The case is a county written as data (tests/returns_case.py): 3 villages in 2 townships, 12
households, payments of 2024 and 2025, issues with and without a subsidy item (one at a
township's own level, one at the county's), amounts landing on 5 at the third decimal of 万元.
Each expected_<template>.json holds, for a village, a township and the county, the value of every
cell worked out by hand from the plans' column definitions (docs/RETURNS.md); a cell not listed
is 0 (0.00) or empty. The printed forms must pass their 勾稽 rules.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.returns_case import expected, load_case
from ykt_desktop.returns.engine import FilledReturn, ReturnRow, fill
from ykt_desktop.returns.figures import ROUNDING_NOTE
from ykt_desktop.returns.layout import cell_text, own_level_note, printed_notes
from ykt_desktop.returns.pdf_export import write_pdf
from ykt_desktop.returns.rules import failures
from ykt_desktop.returns.template import Column, get_template
from ykt_desktop.returns.xlsx_export import write_xlsx

TEMPLATES = ("tianmen_wenti_tongji", "tongchuan_paicha_tongji", "tongchuan_faxian_wenti",
             "tianmen_wenti_huizong")


@pytest.fixture(scope="module")
def case_db(tmp_path_factory):
    db = load_case(tmp_path_factory.mktemp("returns-case") / "case.db")
    yield db
    db.close()


def cases() -> list[tuple[str, str, str]]:
    out = []
    for key in TEMPLATES:
        data = expected(key)
        out += [(key, year, unit) for year in ("2024", "2025") for unit in data.get(year, {})]
    return out


def row_name(db, row: ReturnRow) -> str:
    if row.is_total or row.source is None or not row.key.startswith("item:"):
        return row.label
    if row.source.group_key is None:
        return row.label
    return db.execute("SELECT code FROM subsidy_items WHERE id = ?",
                      [row.source.group_key]).fetchone()[0]


def default(col: Column) -> str:
    if col.kind in ("measure", "sum_of") and col.fmt == "amount":
        return "0.00"
    if col.kind in ("measure", "sum_of") and col.fmt == "int":
        return "0"
    return ""


def expected_text(col: Column, row: ReturnRow, n: int, labels: dict, cells: dict) -> str:
    if col.kind == "seq":
        return "" if row.is_total else str(n)
    if col.key in cells:
        return str(cells[col.key])
    if col.kind in ("row", "field"):
        if col.key == "name":
            return row.label if not labels else labels.get("name", row.label)
        return str(labels.get(col.key, ""))
    if row.is_total and not col.total:
        return ""
    return default(col)


def unit_expectation(key: str, year: str, unit: str) -> dict:
    data = expected(key)[year]
    value = data[unit]
    return data[value[1:]] if isinstance(value, str) else value     # "=code": same as another


@pytest.mark.parametrize(("key", "year", "unit"), cases())
def test_every_cell_as_computed_by_hand(case_db, key, year, unit):
    template = get_template(key)
    filled = fill(case_db, template, unit, year, use_draft=False)
    want = unit_expectation(key, year, unit)
    labels = expected(key).get("labels", {})
    names = [row_name(case_db, r) for r in filled.rows]     # items in the catalogue's order
    assert sorted(names) == sorted(want) and names[-1] == "合计"
    assert template.rows["source"] != "items" or names[-2] == "未分项目"
    wrong = []
    for n, row in enumerate(filled.rows, start=1):
        name = row_name(case_db, row)
        cells = want[name]
        for col in template.columns:
            value = row.cells[col.key].value
            text = expected_text(col, row, n, labels.get(name, {}), cells)
            if cell_text(col, value) != text:
                wrong.append(f"{name} {col.key}: {cell_text(col, value)!r} != {text!r}")
            if col.fmt == "amount" and value is not None:
                assert isinstance(value, Decimal), (name, col.key)
    assert wrong == []
    assert failures(filled) == []          # 勾稽 rules hold on the printed figures


def numbers(filled: FilledReturn) -> dict[tuple[str, str], Decimal]:
    return {(r.label, c.key): Decimal(str(r.cells[c.key].value or 0)) for r in filled.rows
            for c in filled.template.columns if c.numeric and c.kind == "measure"}


@pytest.mark.parametrize("key", ["tianmen_wenti_tongji", "tongchuan_faxian_wenti"])
def test_county_is_the_sum_of_the_townships_printed_figures(case_db, key):
    template = get_template(key)
    county = numbers(fill(case_db, template, "420999000000", "2025", use_draft=False))
    towns = [numbers(fill(case_db, template, code, "2025", use_draft=False))
             for code in ("420999100000", "420999200000")]
    assert county == {k: sum(t[k] for t in towns) for k in county}
    # raw money would print otherwise: 城关镇 耕地 应发 is 0.22 + 0.12 = 0.34, not 0.3469 -> 0.35
    paicha = fill(case_db, get_template("tongchuan_paicha_tongji"), "420999100000", "2025")
    gengdi = next(r for r in paicha.data_rows() if r.label == "耕地地力保护补贴")
    assert cell_text(paicha.template.column("c2"), gengdi.cells["c2"].value) == "0.34"


def test_exports_print_the_same_figures(case_db, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    filled = fill(case_db, get_template("tongchuan_paicha_tongji"), "420999000000", "2025")
    total = filled.rows[-1].cells
    write_xlsx(filled, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx").active
    last = [ws.cell(r, 6).value for r in range(1, ws.max_row + 1)
            if ws.cell(r, 2).value == "合计"][0]
    assert f"{last:.2f}" == cell_text(filled.template.column("c2"), total["c2"].value) == "1.17"
    text = "".join(p.extract_text() for p in PdfReader(str(write_pdf(
        filled, tmp_path / "r.pdf").path)).pages)
    assert "1.17" in text and "13.16" in text and "12.74" in text


def _totals(filled: FilledReturn) -> dict[str, Decimal]:
    return {c.key: Decimal(str(filled.rows[-1].cells[c.key].value or 0))
            for c in filled.template.columns if c.numeric and c.kind == "measure" and c.total}


@pytest.mark.parametrize("key", ["tianmen_wenti_tongji", "tongchuan_paicha_tongji",
                                 "tongchuan_faxian_wenti"])
@pytest.mark.parametrize("year", ["2024", "2025"])
def test_upper_level_is_lower_levels_plus_the_printed_own_level(case_db, key, year):
    """Issues at a township's or the county's own code sit in 未分项目 and belong to no lower
    unit: the form prints them as 本级, so 合计 = the lower forms' 合计 + 本级, visibly."""
    template = get_template(key)
    lower = {"420999000000": ("420999100000", "420999200000"),
             "420999100000": ("420999100200", "420999100201")}
    seen_own = False
    for unit, parts in lower.items():
        filled = fill(case_db, template, unit, year, use_draft=False)
        sums = [_totals(fill(case_db, template, code, year, use_draft=False)) for code in parts]
        own = {k: Decimal(str(v)) for k, v in filled.own_figures.items()}
        assert _totals(filled) == {k: sum(t[k] for t in sums) + own.get(k, 0) for k in sums[0]}
        note = own_level_note(filled)
        assert note in printed_notes(filled) if own else note == ""
        for k in own:
            assert f"第{template.column(k).number}栏 {cell_text(template.column(k), own[k])}" \
                in note
        seen_own = seen_own or bool(own)
    # the case's own-level issues (I16, I21: 其他) are of 2025; 发现问题 has no 其他 column
    assert seen_own == (year == "2025" and key != "tongchuan_faxian_wenti")


def test_notes_of_own_level_and_rounding_are_printed(case_db, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    filled = fill(case_db, get_template("tongchuan_paicha_tongji"), "420999100000", "2025",
                  use_draft=False)
    assert own_level_note(filled).startswith("注：合计含城关镇本级") and \
        "第10栏 0.10，第19栏 1，第21栏 1" in own_level_note(filled)
    ws = load_workbook(write_xlsx(filled, tmp_path / "r.xlsx")).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert own_level_note(filled) in cells and ROUNDING_NOTE in cells
    text = "".join(p.extract_text() for p in PdfReader(str(write_pdf(
        filled, tmp_path / "r.pdf").path)).pages).replace("\n", "")
    assert "第10栏 0.10，第19栏 1，第21栏 1" in text
    assert "按村四舍五入到万元两位小数后逐级相加" in text


def test_xlsx_rows_with_wrapped_text_are_tall_enough(case_db, tmp_path):
    from openpyxl import load_workbook

    filled = fill(case_db, get_template("tongchuan_faxian_wenti"), "420999000000", "2025",
                  use_draft=False)
    ws = load_workbook(write_xlsx(filled, tmp_path / "r.xlsx")).active
    row = next(r for r in range(1, ws.max_row + 1)
               if str(ws.cell(r, 20).value or "").startswith("办卡工本费"))
    assert ws.cell(row, 20).alignment.wrap_text
    assert (ws.row_dimensions[row].height or 0) >= 30      # two lines of 收费项目和标准


def test_pdf_header_keeps_quotes_with_their_neighbours():
    from ykt_desktop.fonts import register_pdf_font
    from ykt_desktop.returns.pdf_wrap import kept_lines

    font = register_pdf_font()
    for width in range(20, 80):
        lines = kept_lines("未按规定进行“一卡通”数量", width, font, 7.5)
        assert "".join(lines) == "未按规定进行“一卡通”数量"
        assert not any(t[0] in "”）" or t[-1] in "“（" for t in lines[1:]), (width, lines)
        assert lines[0][-1] != "“"
