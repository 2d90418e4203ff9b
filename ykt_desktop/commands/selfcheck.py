"""``self-check``: resources, fonts, database, PDF, Excel and signing work on this machine."""

from __future__ import annotations

import argparse

from ykt_desktop.selfcheck import CheckResult, run_checks


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-check", help="自检：资源、字体、数据库、PDF、Excel、数字签名")
    p.set_defaults(func=cmd_self_check)


def print_result(result: CheckResult) -> None:
    mark = "通过" if result.ok else "失败"
    print(f"[{mark}] {result.name}：{result.detail}")


def cmd_self_check(args: argparse.Namespace) -> int:
    failed = 0
    for result in run_checks():
        print_result(result)
        failed += not result.ok
    print("自检全部通过" if not failed else f"自检有 {failed} 项失败")
    return 1 if failed else 0
