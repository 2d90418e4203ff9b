"""Benchmark: a 20,000-line 公示 (one township of the county-scale demo, four items, a year).

Times building the notice (SQL + masking), our layout + PDF (canvas drawing with wrapping,
shrinking, group headings, subtotals, repeated headers, page numbers) and xlsx, against plain
reportlab canvas drawing of the same rows (one drawString per cell, fixed columns) in the same
run. The database is opened read-only.

    python bench/bench_publicity.py [--db /tmp/big.db] [--scope 420999100000] [--period 2025]
                                    [--json OUT] [--quick]
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report  # noqa: E402
from ykt_desktop.fonts import register_pdf_font  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.publicity.layout import layout_notice  # noqa: E402
from ykt_desktop.publicity.model import COLUMNS, Notice, NoticeRequest  # noqa: E402
from ykt_desktop.publicity.notice import build_notice  # noqa: E402
from ykt_desktop.publicity.pdf import write_pdf_job  # noqa: E402
from ykt_desktop.publicity.xlsx import write_xlsx_job  # noqa: E402

ITEMS = ("gengdi", "gaoling_80", "dibao", "jisheng_jiangli")
BASELINE_WIDTHS = (30, 44, 80, 26, 96, 60, 22, 50, 50, 57)


def baseline_pdf(notice: Notice) -> bytes:
    """Plain reportlab: the same rows, one drawString per cell, header per page."""
    font = register_pdf_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    xs = [40.0]
    for w in BASELINE_WIDTHS:
        xs.append(xs[-1] + w)
    rows = [line.cells for line in notice.lines if line.kind == "row"]
    y = 0.0
    for i, cells in enumerate(rows):
        if i % 45 == 0:
            if i:
                canvas.showPage()
            canvas.setFont(font, 8)
            y = 800.0
            for x, title in zip(xs, COLUMNS, strict=False):
                canvas.drawString(x + 2, y, title)
            y -= 16
        for x, text in zip(xs, cells, strict=False):
            canvas.drawString(x + 2, y, text)
        canvas.line(xs[0], y - 4, xs[-1], y - 4)
        y -= 16
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    print(f"  {label:<34s} {seconds:7.2f} s")
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--scope", default="420999100000")
    parser.add_argument("--period", default="2025")
    args = parser.parse_args()
    args.db = str(quick_or_given(args))
    db = sqlite_utils.Database(sqlite3.connect(f"file:{args.db}?mode=ro", uri=True))
    register_pdf_font()
    print(f"公示 benchmark on {args.db}, scope {args.scope}, period {args.period}")
    notice, t_build = timed("build notice (SQL + masking)", lambda: build_notice(
        db, NoticeRequest(ITEMS, args.period, args.scope)))
    lines = notice.row_count
    print(f"  {lines:,} rows, {len(notice.lines):,} lines with headings and subtotals")
    layout, t_layout = timed("layout (ours)", lambda: layout_notice(notice))
    pdf, t_pdf = timed("draw PDF (ours)", lambda: run(write_pdf_job(notice, None, layout)))
    base, t_base = timed("plain reportlab canvas (baseline)", lambda: baseline_pdf(notice))
    with tempfile.TemporaryDirectory() as tmp:
        _, t_xlsx = timed("xlsx (openpyxl)", lambda: run(write_xlsx_job(
            notice, Path(tmp) / "n.xlsx")))
    ours = t_layout + t_pdf
    print(f"  pages: ours {len(layout.pages)}, {len(pdf) / 1e6:.1f} MB; baseline "
          f"{len(base) / 1e6:.1f} MB")
    print(f"PDF throughput: ours {lines / ours:,.0f} rows/s (layout+draw {ours:.2f} s), "
          f"baseline {lines / t_base:,.0f} rows/s ({t_base:.2f} s); ratio ours/baseline "
          f"{ours / t_base:.2f}x")
    print(f"end to end (build + layout + PDF): {t_build + ours:.2f} s; xlsx {t_xlsx:.2f} s")
    report("publicity", [{
        "what": f"公示 of {args.scope}, {args.period}", "rows": lines, "pages": len(layout.pages),
        "build_s": t_build, "layout_s": t_layout, "pdf_s": t_pdf, "seconds": ours,
        "baseline_s": t_base, "ratio_vs_baseline": ours / t_base, "xlsx_s": t_xlsx,
        "quick": args.quick}], args.json)
    return 0 if lines else 1


if __name__ == "__main__":
    raise SystemExit(main())
