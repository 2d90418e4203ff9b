"""Every xlsx export keeps its layout and its text as text (issue 15: written with XlsxWriter,
the formula guard decided per column): opened with openpyxl, as a user's Excel would."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from ykt_desktop.progress import run
from ykt_desktop.publicity.model import Line, NoticeRequest
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.xlsx import write_xlsx_job
from ykt_desktop.xlsx_out import put_any, put_number, put_text, xlsx_book

HOSTILE = ("=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "=1+2",
           "http://example.com", "0012", "1e5")


def _print_setup(ws, *, titles: str, landscape: bool) -> None:
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    # fitToWidth is left out when 1 (the format's default): one page wide, pages down as needed
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == titles


def test_publicity_layout(demo_db, tmp_path):
    notice = build_notice(demo_db, NoticeRequest(("gengdi", "dibao"), "2025", "420999100000",
                                                 start_date=date(2026, 1, 5),
                                                 orientation="landscape"))
    path = run(write_xlsx_job(notice, tmp_path / "n.xlsx"))
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "公示" and ws["A1"].value == notice.title and ws["A1"].font.b
    _print_setup(ws, titles="$4:$4", landscape=True)
    assert ws.freeze_panes == "A5"
    assert "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(4, c).value for c in range(1, 11)][:3] == ["序号", "姓名", "身份证号"]
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert "脱敏规则" in ws.oddFooter.left.text and "&P" in ws.oddFooter.right.text
    first = next(line for line in notice.lines if line.kind == "row")
    row = next(r for r in ws.iter_rows(min_row=5) if r[2].value == first.cells[2])
    assert row[0].value == int(first.cells[0]) and row[0].data_type == "n"
    assert row[7].value == pytest.approx(first.amount) and row[7].number_format == "#,##0.00"
    assert row[2].data_type == "s" and row[2].number_format == "@"
    assert row[2].border.left.style == "thin"
    rows = sum(1 for line in notice.lines if line.kind == "row")
    numbered = [r[0].value for r in ws.iter_rows(min_row=5) if isinstance(r[0].value, int)]
    assert numbered == list(range(1, rows + 1))


def test_publicity_formula_like_text_everywhere(demo_db, tmp_path):
    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", "420999100200"))
    cells = ("1", HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[4], "1", "1.00",
             HOSTILE[5], HOSTILE[6])
    notice.lines.insert(1, Line("row", cells, 1, 1.0))
    notice.lines.insert(0, Line("group", (HOSTILE[4],)))
    path = run(write_xlsx_job(notice, tmp_path / "f.xlsx"))
    ws = openpyxl.load_workbook(path).active
    row = next(r for r in ws.iter_rows(min_row=5) if r[1].value == cells[1])
    assert [c.value for c in row[1:6]] + [row[8].value, row[9].value] == \
        [*cells[1:6], cells[8], cells[9]]
    assert all(c.data_type == "s" for c in (*row[1:6], row[8], row[9]))
    assert ws["A5"].value == HOSTILE[4] and ws["A5"].data_type == "s"
    assert not ws._hyperlinks


def test_put_helpers_never_write_a_formula(tmp_path):
    from decimal import Decimal

    path = tmp_path / "p.xlsx"
    with xlsx_book(path) as book:
        ws = book.sheet("表[1]")
        for col, text in enumerate(HOSTILE):
            put_text(ws, 0, col, text)
            put_any(ws, 1, col, text)
            put_number(ws, 2, col, text)
        put_any(ws, 3, 0, 12)
        put_any(ws, 3, 1, date(2025, 1, 2))
        put_number(ws, 3, 2, Decimal("1.17"))
        put_any(ws, 3, 3, None)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "表1"
    for r in (1, 2, 3):
        assert [ws.cell(r, c + 1).value for c in range(len(HOSTILE))] == list(HOSTILE)
        assert {ws.cell(r, c + 1).data_type for c in range(len(HOSTILE))} == {"s"}
    assert [ws.cell(4, c).value for c in (1, 2, 3)] == [12, "2025-01-02", 1.17]
    assert ws.cell(4, 4).value is None


def test_failed_block_leaves_no_file(tmp_path):
    path = tmp_path / "x.xlsx"
    with pytest.raises(RuntimeError), xlsx_book(path) as book:
        book.sheet("a").write_string(0, 0, "x")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_chinese_error(tmp_path):
    from ykt_desktop.atomic_files import WriteFailed

    with pytest.raises(WriteFailed, match="无法写入"), \
            xlsx_book(tmp_path / "missing" / "x.xlsx") as book:
        book.sheet("a").write_string(0, 0, "x")


def test_problem_list_keeps_values_as_text_and_prints_its_header(tmp_path):
    from ykt_desktop.imports.errors import Problem, Report
    from ykt_desktop.imports.report_files import write_problem_list

    report = Report(file="r.xlsx", sheet="Sheet1", kind="roster")
    for n, value in enumerate(HOSTILE, start=2):
        report.add(Problem("r.xlsx", "Sheet1", n, "身份证号（B列）", value, "校验位不对"))
    path = tmp_path / "问题.xlsx"
    assert write_problem_list(report, path) == len(HOSTILE)
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(r, 4).value for r in range(2, 2 + len(HOSTILE))] == list(HOSTILE)
    assert {ws.cell(r, 4).data_type for r in range(2, 2 + len(HOSTILE))} == {"s"}
    assert ws.cell(2, 4).number_format == "@" and ws.cell(2, 2).value == 2
    assert ws.freeze_panes == "A2"
    _print_setup(ws, titles="$1:$1", landscape=False)


def test_audit_export_rows_are_wrapped_and_sized(demo_db, tmp_path):
    from ykt_desktop.audit.export import WIDTHS, export_entries

    ids = [r[0] for r in demo_db.execute("SELECT id FROM audit_log ORDER BY id LIMIT 30")]
    path = tmp_path / "审计.xlsx"
    assert export_entries(demo_db, ids, path) == len(ids)
    ws = openpyxl.load_workbook(path).active
    assert ws.max_row == 2 + len(ids) and ws.freeze_panes == "A3"
    _print_setup(ws, titles="$1:$2", landscape=True)
    assert ws.column_dimensions["I"].width >= WIDTHS[8]
    assert ws.cell(3, 1).alignment.wrap_text and ws.row_dimensions[3].height
