"""xlsx exports at county scale (issue 15 item 2) against openpyxl write_only + lxml writing the
same cells and styles in the same run.

- 公示: a 100,000-line list (a township's notice of the county demo, its lines repeated to
  100,000) with title, group headings, subtotals, merges, borders, number formats, text format
  for IDs, widths, frozen header, print setup.
- 问题清单 (problem list of a roster import): 100,000 problems, five columns.

    python bench/bench_xlsx.py [--db /tmp/big.db] [--lines 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report  # noqa: E402
from ykt_desktop.imports.errors import Problem, Report  # noqa: E402
from ykt_desktop.imports.report_files import PROBLEM_COLUMNS, write_problem_list  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.publicity.model import COLUMNS, Notice, NoticeRequest  # noqa: E402
from ykt_desktop.publicity.notice import build_notice  # noqa: E402
from ykt_desktop.publicity.xlsx import NUMERIC, WIDTHS, write_xlsx_job  # noqa: E402

ITEMS = ("gengdi", "gaoling_80", "dibao", "jisheng_jiangli")


def notice_of(db_file: str, lines: int) -> Notice:
    db = sqlite_utils.Database(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True))
    notice = build_notice(db, NoticeRequest(ITEMS, "2025", "420999100000"))
    body = list(notice.lines)
    notice.lines = (body * (lines // len(body) + 1))[:lines]
    return notice


def _row_values(line) -> list:
    """The cells of one list line as the export writes them."""
    if line.kind == "row":
        values: list = list(line.cells)
        values[0], values[6], values[7] = int(line.cells[0]), line.count, line.amount
        return values
    if line.kind == "group":
        return [line.cells[0]] + [""] * (len(COLUMNS) - 1)
    return [f"{line.cells[0]}（{line.count}条）", "", "", "", "", "", "", line.amount, "", ""]


def baseline_notice(notice: Notice, path: Path) -> None:
    """openpyxl write_only (lxml): the same cells, styles, merges and page setup."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("公示")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="EEEEEE")

    def cell(value, **style):
        c = WriteOnlyCell(ws, value=value)
        for key, v in style.items():
            setattr(c, key, v)
        return c

    protos = {}
    for kind in ("row", "group", "subtotal", "total"):
        for col in range(len(COLUMNS)):
            c = cell(None, border=border, number_format=NUMERIC.get(col, "@"))
            if kind != "row":
                c.fill = shade
            protos[kind, col] = c._style
    ws.append([cell(notice.title, font=Font(size=16, bold=True),
                    alignment=Alignment(horizontal="center", wrap_text=True))])
    ws.append([cell(notice.intro, alignment=Alignment(wrap_text=True, vertical="top"))])
    ws.append([])
    ws.append([cell(t, font=Font(bold=True), border=border, fill=shade) for t in COLUMNS])
    merges = ["A1:J1", "A2:J2"]
    for n, line in enumerate(notice.lines, start=5):
        row = []
        for col, value in enumerate(_row_values(line)):
            c = WriteOnlyCell(ws, value=value)
            c._style = protos[line.kind, col]
            if isinstance(value, str):
                c.data_type = "s"            # text stays text: the same guard, by column
            row.append(c)
        ws.append(row)
        if line.kind == "group":
            merges.append(f"A{n}:J{n}")
        elif line.kind != "row":
            merges.append(f"A{n}:G{n}")
    for ref in merges:
        ws.merged_cells.add(ref)
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    ws.freeze_panes = "A5"
    wb.save(path)


def problems(lines: int) -> Report:
    rep = Report(file="roster.xlsx", sheet="Sheet1", kind="roster")
    for i in range(lines):
        rep.add(Problem("roster.xlsx", "Sheet1", i + 2, "身份证号（B列）",
                        f"=42099919{i:010d}" if i % 97 == 0 else f"42099919{i:010d}",
                        "校验位不对，应为 X"))
    return rep


def baseline_problems(rep: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("问题清单")
    ws.append(list(PROBLEM_COLUMNS))
    text = WriteOnlyCell(ws)
    text.number_format = "@"
    for p in rep.problems:
        row = ["错误" if p.level == "error" else "提示", p.row or "", p.column]
        value = WriteOnlyCell(ws, value=p.value)
        value._style, value.data_type = text._style, "s"
        ws.append([*row, value, p.reason])
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    wb.save(path)


def median_pair(ours, base, runs: int) -> tuple[float, float]:
    t_ours, t_base = [], []
    for _ in range(runs):
        for fn, times in ((base, t_base), (ours, t_ours)):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return statistics.median(t_ours), statistics.median(t_base)


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.lines, args.runs = 2000, 1
    notice = notice_of(str(quick_or_given(args)), args.lines)
    rep = problems(args.lines)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for what, ours, base in (
                (f"公示 .xlsx（{args.lines:,} 行）",
                 lambda: run(write_xlsx_job(notice, out / "ours.xlsx")),
                 lambda: baseline_notice(notice, out / "base.xlsx")),
                (f"问题清单 .xlsx（{args.lines:,} 条）",
                 lambda: write_problem_list(rep, out / "p.xlsx"),
                 lambda: baseline_problems(rep, out / "pb.xlsx"))):
            t_ours, t_base = median_pair(ours, base, args.runs)
            rows.append({"what": what, "rows": args.lines, "seconds": t_ours,
                         "baseline_s": t_base, "ratio_vs_baseline": t_ours / t_base,
                         "target_ratio": 1.1, "runs": args.runs,
                         "loadavg": list(os.getloadavg())})
            print(f"  {what}: ours {t_ours:.2f} s, openpyxl write_only {t_base:.2f} s, "
                  f"ratio {t_ours / t_base:.2f}, load {os.getloadavg()[0]:.1f}", flush=True)
    report("xlsx", rows, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
