"""``setup``: the first-run wizard's set-up without a screen (unit, users, encryption, year).

Passwords are read from the terminal, or one per line from standard input with
``--password-stdin``, in this order: the administrator's, each ``--user``'s, then the encryption
passphrase (with ``--encrypt``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ykt_desktop.catalogue_year import default_year
from ykt_desktop.commands import add_db_option, mark_command_line_user
from ykt_desktop.commands.foundation import LEVEL_CHOICES
from ykt_desktop.initial_setup import (
    NewUser,
    SetupError,
    SetupPlan,
    apply_setup,
    check_plan,
    county_code,
    default_unit_code,
)
from ykt_desktop.paths import default_db_path
from ykt_desktop.secret_prompt import ask_secret
from ykt_desktop.security import roles
from ykt_desktop.security.encrypt_existing import encrypt_for_setup
from ykt_desktop.security.encryption import unlock_interactively
from ykt_desktop.storage import open_db
from ykt_desktop.unit import get_unit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("setup", help="初始设置：本单位、管理员和用户、数据加密、补贴目录年度")
    add_db_option(p)
    p.add_argument("--level", required=True, choices=sorted(LEVEL_CHOICES), help="单位级别")
    p.add_argument("--code", required=True, help="12位统计用区划代码")
    p.add_argument("--name", required=True, help="单位名称")
    p.add_argument("--catalogue-year", type=int, default=default_year(),
                   help="补贴项目目录年度（专项治理所覆盖的年度，默认今年）")
    p.add_argument("--admin", default="", help="管理员用户名（不填则不建立用户）")
    p.add_argument("--admin-name", default="", help="管理员姓名")
    p.add_argument("--user", action="append", default=[], metavar="用户名:角色[:区划代码]",
                   help="再新增一个用户（可重复）；角色："
                   + "；".join(f"{k}={v}" for k, v in roles.ROLES.items()))
    p.add_argument("--encrypt", action="store_true", help="加密数据库（设置加密密码）")
    p.add_argument("--password-stdin", action="store_true",
                   help="从标准输入读取密码（每行一个：管理员、各用户、加密密码）")
    p.set_defaults(func=cmd_setup)


def _read(args: argparse.Namespace, prompt: str) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return ask_secret(prompt)


def _users(args: argparse.Namespace, code: str) -> list[NewUser]:
    if not args.admin:
        if args.user:
            raise SetupError("新增其他用户前须先用 --admin 建立管理员")
        return []
    found = [NewUser(args.admin, "county_admin", _read(args, f"管理员 {args.admin} 的密码："),
                     county_code(code), args.admin_name)]
    for spec in args.user:
        name, _, rest = spec.partition(":")
        role, _, unit = rest.partition(":")
        if role not in roles.ROLES:
            raise SetupError(f"--user {spec}：角色应为 {'、'.join(roles.ROLES)} 之一")
        password = _read(args, f"用户 {name} 的初始密码：")
        found.append(NewUser(name, role, password, unit or default_unit_code(role, code)))
    return found


def cmd_setup(args: argparse.Namespace) -> int:
    path = Path(getattr(args, "db", None) or default_db_path())
    code = args.code.strip()
    plan = SetupPlan(LEVEL_CHOICES[args.level], code, args.name, args.catalogue_year)
    plan.users = _users(args, code)
    check_plan(plan)
    key = None
    if path.exists() and path.stat().st_size:
        key = unlock_interactively(path)
        db = open_db(path, key=key)
        existing = get_unit(db)
        db.close()
        if existing is not None:
            raise SetupError(f"该数据库已设置本单位：{existing.name}（{existing.code}）")
    recovery = ""
    if args.encrypt:
        new = encrypt_for_setup(path, _read(args, "加密密码："))
        recovery, key = new.recovery, new.key
    db = open_db(path, key=key)
    mark_command_line_user(db)
    result = apply_setup(db, plan)
    db.close()
    unit = result.unit
    print(f"已完成初始设置：{unit.level_label} {unit.name}（{unit.code}），数据库 {path}")
    print(f"补贴项目目录：{result.catalogue_year} 年度，{result.items} 项")
    print("用户：" + ("、".join(result.users) + "（以后启动须登录）" if result.users
                     else "未建立（任何人打开都有全部权限）"))
    if recovery:
        print(f"已加密。恢复密钥（只显示这一次，请打印或抄写后放在单位保险柜中）：{recovery}")
    return 0
