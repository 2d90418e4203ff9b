"""``import-regions``: the region tree below this unit from a list (issue 19)."""

from __future__ import annotations

import argparse

from ykt_desktop import glossary
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.region_list import import_region_list


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-regions",
                       help="导入本单位下级的区划名单（区划代码、名称），"
                            "上报完成情况据此列出全部下级")
    add_db_option(p)
    p.add_argument("file", help="区划名单 .xlsx/.xls/.csv（列：区划代码、名称）")
    p.set_defaults(func=cmd_import_regions)


def cmd_import_regions(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    result = import_region_list(db, args.file)
    added = "，".join(f"{glossary.LEVELS.get(level, level)}{n}个"
                     for level, n in result.added.items()) or "0个"
    print(f"已导入区划：{added}")
    for line in result.skipped[:20]:
        print(f"  跳过 {line}")
    if len(result.skipped) > 20:
        print(f"  ……另有{len(result.skipped) - 20}行跳过")
    return 0
