"""``publicity`` (build a 公示 as PDF or xlsx), ``publicity-post`` (record a posting),
``publicity-status`` (notices and whether they were posted long enough), ``publicity-config``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.progress import Progress, run
from ykt_desktop.publicity.compliance import notice_statuses
from ykt_desktop.publicity.config import get_hotlines, min_days, set_hotlines, set_min_days
from ykt_desktop.publicity.jobs import build_job, export_job
from ykt_desktop.publicity.model import HOTLINE_LABELS, NoticeRequest, PublicityError
from ykt_desktop.publicity.records import add_posting, parse_day


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publicity", help="生成公示名单（PDF 或 Excel），默认脱敏")
    add_db_option(p)
    p.add_argument("--item", action="append", required=True, help="补贴项目代码（可重复）")
    p.add_argument("--period", required=True, help="期间：2025-07（月）或 2025（年）")
    p.add_argument("--scope", required=True, help="乡镇、村（12位）或组（15位）区划代码")
    p.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
    p.add_argument("--issuer", default="", help="公示单位（默认：村民委员会/乡镇人民政府）")
    p.add_argument("--title", default="", help="标题（默认按范围和期间生成）")
    p.add_argument("--start", default="", help="公示开始日期（默认今天）")
    p.add_argument("--days", type=int, default=None, help="公示天数（默认为规定天数）")
    p.add_argument("--landscape", action="store_true", help="A4横向（默认纵向）")
    p.add_argument("--no-record", action="store_true", help="只生成文件，不保存公示记录")
    p.set_defaults(func=cmd_publicity)

    p = sub.add_parser("publicity-post", help="登记公示张贴情况（地点、起止日期、照片、异议）")
    add_db_option(p)
    p.add_argument("--id", type=int, required=True, help="公示记录编号（publicity-status 可查）")
    p.add_argument("--location", required=True, help="张贴地点，如 村务公开栏")
    p.add_argument("--from", dest="posted_from", required=True, help="张贴开始日期")
    p.add_argument("--to", dest="posted_to", required=True, help="张贴结束日期")
    p.add_argument("--photo", type=Path, default=None, help="张贴照片")
    p.add_argument("--objections", default="", help="收到的异议")
    p.add_argument("--handling", default="", help="异议处理情况")
    p.set_defaults(func=cmd_post)

    p = sub.add_parser("publicity-status", help="列出公示记录及是否按规定张贴")
    add_db_option(p)
    p.add_argument("--as-of", default="", help="按此日期判断（默认今天）")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("publicity-config", help="设置公示监督电话和规定公示天数")
    add_db_option(p)
    for key, label in HOTLINE_LABELS.items():
        p.add_argument(f"--{key}", default=None, help=label)
    p.add_argument("--min-days", type=int, default=None, help="规定公示天数（默认7）")
    p.set_defaults(func=cmd_config)


def cmd_publicity(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise PublicityError(f"输出文件“{out.name}”应以 .pdf 或 .xlsx 结尾")
    request = NoticeRequest(
        items=tuple(args.item), period=args.period, scope_code=args.scope, issuer=args.issuer,
        title=args.title, start_date=parse_day(args.start, "公示开始日期") if args.start else None,
        days=args.days or min_days(db),
        orientation="landscape" if args.landscape else "portrait")
    built = run(build_job(db, request))
    notice = built.notice
    exported = run(export_job(db, built, out, record=not args.no_record), _show)
    print(file=sys.stderr)
    print(f"已生成：{out}（{notice.title}，{notice.row_count}条，合计{notice.total_amount:,.2f}元，"
          f"{len(built.layout.pages)}页）")
    print(notice.policy_text)
    if exported.publicity_id:
        print(f"公示记录编号：{exported.publicity_id}。张贴后请登记：publicity-post --id "
              f"{exported.publicity_id} --location ... --from {notice.start} --to {notice.end}")
    missing = [HOTLINE_LABELS[k] for k, v in notice.hotlines.items() if not v]
    if missing:
        print(f"提示：未设置{'、'.join(missing)}，已留空供手写（publicity-config 可设置）")
    return 0


def _show(step: Progress) -> None:
    print(f"\r{step.message}    ", end="", file=sys.stderr)


def cmd_post(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    posting = add_posting(db, args.id, location=args.location, posted_from=args.posted_from,
                          posted_to=args.posted_to, photo=args.photo,
                          objections=args.objections, handling=args.handling)
    print(f"已登记张贴记录 {posting}（公示 {args.id}，{args.posted_from} 至 {args.posted_to}）")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    as_of = parse_day(args.as_of, "判断日期") if args.as_of else None
    statuses = notice_statuses(db, as_of=as_of)
    if not statuses:
        print("还没有公示记录")
    for s in statuses:
        print(f"{s.publicity_id:>5}  {s.label:<8} 已张贴{s.posted_days}天/规定{s.required_days}天"
              f"  {s.period}  {s.title}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    changes = {k: getattr(args, k) for k in HOTLINE_LABELS if getattr(args, k) is not None}
    if changes:
        set_hotlines(db, {**get_hotlines(db), **changes})
    if args.min_days is not None:
        set_min_days(db, args.min_days)
    for key, value in get_hotlines(db).items():
        print(f"{HOTLINE_LABELS[key]}：{value or '（未设置）'}")
    print(f"规定公示天数：{min_days(db)}天")
    return 0
