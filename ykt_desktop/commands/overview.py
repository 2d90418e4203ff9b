"""summary-pdf: the overview's numbers and charts as an A4 PDF (the same as 概览 › 导出)."""

from __future__ import annotations

import argparse

from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.overview_pdf import write_summary_pdf


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary-pdf",
                       help="概览汇总：核查进度、问题、追回金额和工作日程的图表（A4 PDF）")
    add_db_option(p)
    p.add_argument("--out", required=True, help="输出文件 .pdf")
    p.add_argument("--township", help="只看某乡镇的各村（区划代码）")
    p.set_defaults(func=cmd_summary_pdf)


def cmd_summary_pdf(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    path = write_summary_pdf(db, args.out, drill=args.township)
    print(f"已导出概览汇总：{path}")
    return 0
