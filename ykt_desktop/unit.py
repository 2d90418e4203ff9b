"""The unit this database belongs to (one village, township or county)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.errors import UserError
from ykt_desktop.regions import add_region, check_code
from ykt_desktop.settings import get_setting, set_setting


class UnitError(ValueError, UserError):
    """The unit is missing or cannot be set up; the message is Chinese."""


@dataclass(frozen=True)
class Unit:
    level: str
    code: str
    name: str

    @property
    def level_label(self) -> str:
        return glossary.label(glossary.LEVELS, self.level)


def get_unit(db: sqlite_utils.Database) -> Unit | None:
    data = get_setting(db, "unit")
    return Unit(**data) if data else None


def require_unit(db: sqlite_utils.Database) -> Unit:
    unit = get_unit(db)
    if unit is None:
        raise UnitError("数据库尚未设置本单位，请先运行 init 或在首次启动时设置")
    return unit


def init_unit(db: sqlite_utils.Database, *, level: str, code: str, name: str) -> Unit:
    """Make this database the unit's own: record it and its region; load the catalogue."""
    from ykt_desktop.catalogue import load_default_catalogue

    if level == "group":
        raise UnitError("本单位只能是县、乡镇或村")
    check_code(level, code)
    existing = get_unit(db)
    if existing and existing.code != code:
        raise UnitError(f"该数据库已属于{existing.name}（{existing.code}），不能改为其他单位")
    unit = Unit(level=level, code=code, name=name.strip())
    with db.atomic():
        add_region(db, code=code, name=unit.name, level=level)
        set_setting(db, "unit", {"level": level, "code": code, "name": unit.name})
        load_default_catalogue(db)
        from ykt_desktop.ledger import number_legacy_issues

        number_legacy_issues(db)      # issues registered before the unit was set
    from ykt_desktop.unit_keys import ensure_unit_key

    ensure_unit_key(db)
    return unit
