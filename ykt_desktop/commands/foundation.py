"""``init``, ``demo`` and ``info``."""

from __future__ import annotations

import argparse
import sys
import time

from ykt_desktop import glossary, stats
from ykt_desktop.catalogue import list_items
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.progress import Progress, run
from ykt_desktop.storage import db_path
from ykt_desktop.table_names import table_name
from ykt_desktop.unit_setup import init_unit

LEVEL_CHOICES = {"county": "county", "township": "township", "village": "village",
                 "县": "county", "乡镇": "township", "村": "village"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="为本单位建立数据库（级别、区划代码、名称）")
    add_db_option(p)
    p.add_argument("--level", required=True, choices=sorted(LEVEL_CHOICES), help="单位级别")
    p.add_argument("--code", required=True, help="12位统计用区划代码")
    p.add_argument("--name", required=True, help="单位名称")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="生成演示县（含已知异常及其标准答案）")
    add_db_option(p)
    p.add_argument("--villages", type=int, default=12, help="村数（默认12）")
    p.add_argument("--households-per-village", type=int, default=100, help="每村户数（默认100）")
    p.add_argument("--townships", type=int, default=None, help="乡镇数（默认每15村一个，至少3个）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--year", type=int, default=2025, help="发放年度（默认2025）")
    p.add_argument("--anomaly-rate", type=float, default=0.002, help="异常注入比例")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="显示本单位、各级区划和各表的记录数")
    add_db_option(p)
    p.set_defaults(func=cmd_info)


def cmd_init(args: argparse.Namespace) -> int:
    db = open_from_args(args, create=True)
    unit = init_unit(db, level=LEVEL_CHOICES[args.level], code=args.code, name=args.name)
    print(f"已建立：{unit.level_label} {unit.name}（{unit.code}），数据库 {db_path(db)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    db = open_from_args(args, create=True)
    params = DemoParams(villages=args.villages, households_per_village=args.households_per_village,
                        townships=args.townships, seed=args.seed, year=args.year,
                        anomaly_rate=args.anomaly_rate)
    started = time.perf_counter()

    def show(step: Progress) -> None:
        if not args.quiet:
            print(f"\r[{step.done}/{step.total}] {step.message}    ", end="", file=sys.stderr)

    result = run(generate_demo(db, params), show)
    seconds = time.perf_counter() - started
    if not args.quiet:
        print(file=sys.stderr)
    print(f"演示县已生成：{db_path(db)}，用时 {seconds:.1f} 秒")
    for table, n in result.counts.items():
        print(f"  {table_name(table)}：{n:,}")
    if result.truth_file:
        print(f"异常标准答案：{result.truth_file}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    summary = stats.summary(db)
    unit = summary["unit"]
    print(f"数据库：{db_path(db)}")
    print(f"本单位：{f'{unit.level_label} {unit.name}（{unit.code}）' if unit else '未设置'}")
    year = catalogue_year(db)
    print(f"补贴项目目录：{f'{year} 年度' if year else '未选年度'}，"
          f"{len(list_items(db))} 项")
    levels = stats.region_counts(db)
    print("区划：" + "，".join(f"{glossary.LEVELS[k]} {levels.get(k, 0)}"
                             for k in ("county", "township", "village", "group")))
    print(f"入户核查进度：{summary['verified']}/{summary['households']} "
          f"（{summary['progress']:.1%}）")
    for table, n in stats.table_counts(db).items():
        name = table_name(table)
        print(f"  {name}{'　' * max(0, 8 - len(name))} {n:>10,d}")
    return 0
