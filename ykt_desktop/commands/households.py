"""``print-forms`` (一户一表 PDF) and ``progress`` (入户核查进度)."""

from __future__ import annotations

import argparse
import sys

from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.commands.regions import print_register_gaps
from ykt_desktop.errors import UserError
from ykt_desktop.forms_pdf.household_form import print_forms
from ykt_desktop.households import completeness
from ykt_desktop.households.completeness import AreaProgress
from ykt_desktop.progress import Progress, run
from ykt_desktop.regions import get_region


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print-forms", help="打印一户一表（预填本村各户，或空白表）")
    add_db_option(p)
    p.add_argument("--village", help="村的12位区划代码")
    p.add_argument("--household", action="append", default=[], metavar="户编号",
                   help="只打印这一户（可重复）")
    p.add_argument("--out", required=True, help="输出的 PDF 文件")
    p.add_argument("--blank", action="store_true", help="打印空白表")
    p.add_argument("--full-ids", action="store_true",
                   help="打印完整身份证号（默认按脱敏规则只显示首尾几位）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_print_forms)

    p = sub.add_parser("progress", help="入户核查进度（户、人、项目）及仍缺的清单")
    add_db_option(p)
    p.add_argument("--village", help="只看这个村（按组列出）")
    p.add_argument("--township", help="只看这个乡镇（按村列出）")
    p.add_argument("--missing", choices=sorted(completeness.MISSING_KINDS),
                   help="列出仍缺的：households 未入户的户 / members 未核对的成员 / "
                        "items 没有自述的项目 / register 户籍人口名单中没有一户一表的户和人")
    p.add_argument("--limit", type=int, default=200, help="清单最多列出的行数（默认200）")
    p.add_argument("--register", action="store_true",
                   help="与导入的户籍人口名单比对：各村各组名单上的户和人，哪些没有一户一表")
    p.set_defaults(func=cmd_progress)


def cmd_print_forms(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    if args.village and not get_region(db, args.village):
        raise UserError(f"找不到村代码{args.village}")
    ids = []
    for no in args.household:
        row = db.execute("SELECT id FROM households WHERE hh_no = ?", [no]).fetchone()
        if not row:
            raise UserError(f"找不到户编号{no}")
        ids.append(row[0])

    def show(step: Progress) -> None:
        if not args.quiet:
            print(f"\r{step.message}    ", end="", file=sys.stderr)

    n = run(print_forms(db, args.out, village=None if ids else args.village,
                        household_ids=ids, blank=args.blank, full_ids=args.full_ids), show)
    if not args.quiet:
        print(file=sys.stderr)
    print(f"已输出{'空白表' if args.blank else f'{n}户的一户一表'}：{args.out}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    under = args.village or args.township
    if under and not get_region(db, under):
        raise UserError(f"找不到区划代码{under}")
    level = "group" if args.village else "village" if args.township else "township"
    if args.register:
        print_register_gaps(db, under, args.limit)
        return 0
    if args.missing:
        _print_missing(db, args.missing, under, args.limit)
        return 0
    rows = completeness.area_progress(db, level, under=under)
    if level == "township" and len(rows) <= 1:
        level, rows = "village", completeness.area_progress(db, "village", under=under)
    print("\t".join(PROGRESS_HEADERS))
    for r in [*rows, completeness.total(rows)]:
        print(_line(r))
    return 0


PROGRESS_HEADERS = ("代码", "名称", "户数", "已核查", "无法核查", "未核查", "进度", "人数",
                    "已核人数", "项目", "已核项目")


def _line(r: AreaProgress) -> str:
    values = (r.code, r.name, r.households, r.verified, r.unable, r.pending,
              f"{r.fraction:.1%}", r.persons, r.persons_checked, r.items, r.items_confirmed)
    return "\t".join(str(v) for v in values)


def _print_missing(db, kind: str, under: str | None, limit: int) -> None:
    rows = completeness.missing(db, kind, under=under, limit=limit)
    print(f"{completeness.MISSING_KINDS[kind]}（最多{limit}行，实列{len(rows)}行）")
    print("\t".join(h for h in completeness.MISSING_HEADERS[kind] if h))
    for row in rows:
        print("\t".join(str(v) for v, h in zip(row, completeness.MISSING_HEADERS[kind],
                                               strict=True) if h))
