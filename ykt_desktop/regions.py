"""The region tree: county -> township -> village -> group, keyed by statistical codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.errors import UserError

LEVEL_ORDER = ("county", "township", "village", "group")
_CODE12 = re.compile(r"^\d{12}$")
_GROUP_CODE = re.compile(r"^\d{15}$")


class RegionError(ValueError, UserError):
    """Bad region data; the message is Chinese."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None


def check_code(level: str, code: str) -> None:
    """A county/township/village code is 12 digits (统计用区划代码); a group's is 15."""
    if level not in LEVEL_ORDER:
        raise RegionError(f"未知的单位级别：{level}")
    pattern = _GROUP_CODE if level == "group" else _CODE12
    if not pattern.match(code or ""):
        width = 15 if level == "group" else 12
        raise RegionError(f"区划代码“{code}”应为{width}位数字")
    if level == "county" and not code.endswith("000000"):
        raise RegionError(f"县级区划代码“{code}”后6位应为0")
    if level == "township" and (code.endswith("000000") or not code.endswith("000")):
        raise RegionError(f"乡镇区划代码“{code}”第7-9位不能为0，后3位应为0")
    if level == "village" and code.endswith("000"):
        raise RegionError(f"村级区划代码“{code}”后3位不能全为0")


def parent_code_of(level: str, code: str) -> str | None:
    """The parent's code derived from the statistical code itself."""
    if level == "county":
        return None
    if level == "township":
        return code[:6] + "000000"
    if level == "village":
        return code[:9] + "000"
    return code[:12]


def add_region(
    db: sqlite_utils.Database, *, code: str, name: str, level: str, parent_code: str | None = None,
    sort: int = 0,
) -> Region:
    check_code(level, code)
    if not name.strip():
        raise RegionError("单位名称不能为空")
    if parent_code is None:
        derived = parent_code_of(level, code)
        if derived and get_region(db, derived):
            parent_code = derived
    db.execute(
        "INSERT INTO regions(code, name, level, parent_code, sort) VALUES (?,?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, "
        "parent_code=COALESCE(excluded.parent_code, regions.parent_code)",
        [code, name.strip(), level, parent_code, sort],
    )
    return Region(code, name.strip(), level, parent_code)


def get_region(db: sqlite_utils.Database, code: str) -> Region | None:
    row = db.execute(
        "SELECT code, name, level, parent_code FROM regions WHERE code = ?", [code]
    ).fetchone()
    return Region(*row) if row else None


def children(db: sqlite_utils.Database, code: str | None) -> list[Region]:
    sql = "SELECT code, name, level, parent_code FROM regions WHERE parent_code IS ? "
    return [Region(*r) for r in db.execute(sql + "ORDER BY sort, code", [code]).fetchall()]


def regions_at(db: sqlite_utils.Database, level: str, *, under: str | None = None) -> list[Region]:
    """All regions of ``level``, optionally only those whose code starts like ``under``'s."""
    sql = "SELECT code, name, level, parent_code FROM regions WHERE level = ?"
    args: list = [level]
    if under:
        sql += " AND code LIKE ?"
        args.append(code_prefix(under) + "%")
    return [Region(*r) for r in db.execute(sql + " ORDER BY code", args).fetchall()]


def code_prefix(code: str) -> str:
    """The prefix shared by every code inside this region (county 6, township 9, village 12)."""
    if len(code) == 15:
        return code
    stripped = code
    for width in (6, 9, 12):
        if code[width:].strip("0") == "":
            stripped = code[:width]
            break
    return stripped


def full_name(db: sqlite_utils.Database, code: str) -> str:
    """'演示县 城关镇 东风村' — the names from the top down."""
    names: list[str] = []
    current = get_region(db, code)
    while current:
        names.append(current.name)
        current = get_region(db, current.parent_code) if current.parent_code else None
    return " ".join(reversed(names))
