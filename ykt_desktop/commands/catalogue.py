"""``catalogue set-eligibility``: an item's 享受条件 in an existing database (issue 19 review)."""

from __future__ import annotations

import argparse

from ykt_desktop.catalogue_eligibility import set_eligibility
from ykt_desktop.checks.base import CheckContext
from ykt_desktop.checks.eligibility import conditions_text
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.errors import UserError

CLEAR = ("", "无", "-")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalogue", help="补贴项目清单：set-eligibility 修改享受条件")
    add_db_option(p)
    actions = p.add_subparsers(dest="catalogue_action", metavar="操作", required=True)
    q = actions.add_parser("set-eligibility", help="修改补贴项目的享受条件（超范围发放据此比对），"
                                                   "记入审计日志；值写“无”表示取消该条件")
    add_db_option(q)
    q.add_argument("item", help="补贴项目代码或名称，如 kunnan_canji")
    q.add_argument("--min-age", type=_age, default=argparse.SUPPRESS, help="最低周岁（期间末）")
    q.add_argument("--max-age", type=_age, default=argparse.SUPPRESS, help="最高周岁（期间末）")
    q.add_argument("--disability-grades", type=_list, default=argparse.SUPPRESS,
                   help="允许的残疾等级，多个用 | 分隔，如 一级|二级")
    q.add_argument("--requires-items", type=_list, default=argparse.SUPPRESS,
                   help="须同期享受的项目代码，多个用 | 分隔，如 dibao|tekun")
    for flag, text in (
            ("requires-household", "须同期享受的项目按户判断（本户有人享受即可，如低保家庭）"),
            ("resident", "须是本单位家庭成员且未迁出、未服刑"), ("alive", "死亡后不得享受")):
        q.add_argument(f"--{flag}", type=_flag, default=argparse.SUPPRESS, metavar="是/否",
                       help=text)
    q.set_defaults(func=cmd_set_eligibility)


def _age(text: str) -> int | None:
    if text.strip() in CLEAR:
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年龄应为整数：{text}") from None


def _list(text: str) -> list[str] | None:
    values = [v.strip() for v in text.replace("｜", "|").split("|") if v.strip()]
    return None if text.strip() in CLEAR or not values else values


def _flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in ("是", "1", "true", "yes"):
        return True
    if value in ("否", "0", "false", "no", *CLEAR):
        return None
    raise argparse.ArgumentTypeError(f"应为 是 或 否：{text}")


def cmd_set_eligibility(args: argparse.Namespace) -> int:
    keys = ("min_age", "max_age", "disability_grades", "requires_items", "requires_household",
            "resident", "alive")
    changes = {key: getattr(args, key) for key in keys if hasattr(args, key)}
    db = open_from_args(args)
    if not changes:
        raise UserError("没有给出要修改的条件（--min-age、--max-age、--disability-grades、"
                        "--requires-items、--requires-household、--resident、--alive）")
    after = set_eligibility(db, args.item, changes)
    text = conditions_text(CheckContext(db, {}), after) or "无条件"
    print(f"已修改 {args.item} 的享受条件：{text}（已记入审计日志；重新运行 check 后生效）")
    return 0
