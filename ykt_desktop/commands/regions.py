"""``import-regions``: the region tree below this unit from a list (issue 19)."""

from __future__ import annotations

import argparse

from ykt_desktop import glossary
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.households.register_gaps import register_gaps, register_households
from ykt_desktop.masking import mask_id
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


GAP_HEADERS = ("村", "组", "名单户数", "名单人数", "未录入的户", "未录入的人")


def print_register_gaps(db, under: str | None, limit: int) -> None:
    """``progress --register``: per village and group, the register's households and persons
    that no 一户一表 holds, then the first ``limit`` of them by name."""
    rows = register_gaps(db, under=under)
    if not rows:
        print("还没有导入户籍人口名单（import-register 文件）")
        return
    print("\t".join(GAP_HEADERS))
    for r in rows:
        print(f"{r.village_name}\t{r.group_name or '—'}\t{r.households}\t{r.persons}\t"
              f"{r.households_missing}\t{r.persons_missing}")
    shown = 0
    for hh in register_households(db, under=under):
        missing = hh.persons if not hh.covered_by else hh.missing_persons
        for number, name, relation, _ in missing:
            if shown == limit:
                print(f"……（只列出前{limit}人，可用 --limit 调整）")
                return
            done = "、".join(hh.covered_by)
            what = f"漏人（该户已录入：{done}）" if done else "漏户"
            print(f"  {what} 户号{hh.register_no} {hh.group_name} {name} {relation} "
                  f"{mask_id(number)}")
            shown += 1
