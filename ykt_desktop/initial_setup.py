"""Setting up a new database in one go: the unit, its users and the catalogue year.

The first-run wizard collects a :class:`SetupPlan` page by page, checking each answer with the
``check_*`` functions here (nothing is written meanwhile), and :func:`apply_setup` writes it all
in one transaction when the officer clicks 完成; the ``setup`` command does the same from the
command line. Encryption is chosen in the same plan but done first, on the file, by
:func:`ykt_desktop.security.encrypt_existing.encrypt_for_setup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.catalogue import list_items
from ykt_desktop.catalogue_year import check_year, set_catalogue_year
from ykt_desktop.errors import UserError
from ykt_desktop.regions import check_code
from ykt_desktop.security import passwords, roles
from ykt_desktop.security.users import add_user, has_users
from ykt_desktop.unit import Unit, UnitError, get_unit
from ykt_desktop.unit_setup import init_unit

UNIT_LEVELS = ("village", "township", "county")


class SetupError(ValueError, UserError):
    """An answer of the set-up is not acceptable (Chinese message)."""


@dataclass(frozen=True)
class NewUser:
    username: str
    role: str
    password: str
    unit_code: str = ""
    display_name: str = ""

    @property
    def role_label(self) -> str:
        return roles.ROLES.get(self.role, self.role)


@dataclass
class SetupPlan:
    level: str
    code: str
    name: str
    catalogue_year: int
    users: list[NewUser] = field(default_factory=list)   # the first is the administrator


@dataclass(frozen=True)
class SetupResult:
    unit: Unit
    users: list[str]
    items: int
    catalogue_year: int


def check_unit(level: str, code: str, name: str) -> None:
    """The unit's answers as :func:`ykt_desktop.unit.init_unit` will check them."""
    if level not in UNIT_LEVELS:
        raise SetupError("本单位只能是县、乡镇或村")
    if not name.strip():
        raise SetupError("请填写单位名称")
    check_code(level, code)


def county_code(code: str) -> str:
    """The county a unit belongs to (the administrator's unit)."""
    return code[:6] + "000000"


def default_unit_code(role: str, unit_code: str) -> str:
    """The code a new user of ``role`` gets by default in the unit ``unit_code``."""
    level = roles.UNIT_LEVEL.get(role)
    if level == "county":
        return county_code(unit_code)
    if level == "township" and not unit_code.endswith("000"):
        return unit_code[:9] + "000"
    return "" if level is None else unit_code


def check_user(user: NewUser, unit_code: str, taken: list[str]) -> None:
    """A user to add: name free, role known, code of the role's level in this unit, password."""
    if not user.username.strip():
        raise SetupError("用户名不能为空")
    if user.username.strip() in taken:
        raise SetupError(f"用户名“{user.username.strip()}”已用过")
    if user.role not in roles.ROLES:
        raise SetupError(f"角色不正确：{user.role}")
    level = roles.UNIT_LEVEL[user.role]
    if level is not None:
        check_code(level, user.unit_code)
        if not user.unit_code.startswith(unit_code[:6]):
            raise SetupError(f"{user.role_label}的区划代码 {user.unit_code} 不在本县"
                             f"（{unit_code[:6]}）范围内")
    problem = passwords.password_problem(user.password, username=user.username.strip())
    if problem:
        raise SetupError(f"用户“{user.username.strip()}”：{problem}")


def check_plan(plan: SetupPlan) -> None:
    check_unit(plan.level, plan.code, plan.name)
    check_year(plan.catalogue_year)
    if not plan.users:
        return
    if plan.users[0].role != "county_admin":
        raise SetupError("第一个用户须为管理员（县级管理员角色）")
    taken: list[str] = []
    for user in plan.users:
        check_user(user, plan.code, taken)
        taken.append(user.username.strip())


def apply_setup(db: sqlite_utils.Database, plan: SetupPlan) -> SetupResult:
    """Write the whole plan in one transaction; a database already set up is refused."""
    check_plan(plan)
    existing = get_unit(db)
    if existing is not None:
        raise UnitError(f"该数据库已设置本单位：{existing.name}（{existing.code}）")
    if has_users(db):
        raise SetupError("该数据库已有用户，不能再做初始设置")
    with db.atomic():
        unit = init_unit(db, level=plan.level, code=plan.code, name=plan.name)
        set_catalogue_year(db, plan.catalogue_year)
        for index, user in enumerate(plan.users):
            add_user(db, user.username, user.role, user.password, unit_code=user.unit_code,
                     display_name=user.display_name.strip(), must_change=index > 0)
    return SetupResult(unit=unit, users=[u.username.strip() for u in plan.users],
                       items=len(list_items(db)), catalogue_year=plan.catalogue_year)


def describe(plan: SetupPlan, *, encrypt: bool, items: int | None = None) -> list[str]:
    """The plan in words, one line per item (the wizard's summary)."""
    lines = [f"本单位：{glossary.LEVELS[plan.level]} {plan.name.strip()}（{plan.code}）"]
    if plan.users:
        lines.append("用户：" + "；".join(f"{u.username.strip()}（{u.role_label}）"
                                          for u in plan.users) + "，以后每次启动都要登录")
    else:
        lines.append("用户：暂不建立（任何打开本软件的人都有全部权限）")
    lines.append("数据加密：" + ("加密（完成后显示一次恢复密钥，请打印保管）" if encrypt
                                  else "不加密"))
    count = f" {items} 项" if items is not None else ""
    lines.append(f"补贴项目目录：{plan.catalogue_year} 年度，载入默认目录{count}")
    return lines
