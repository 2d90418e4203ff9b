"""The unit this database belongs to (one village, township or county)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.errors import UserError
from ykt_desktop.settings import get_setting


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
        raise UnitError("数据库尚未设置本单位：关闭软件后重新打开，按“初始设置”向导建立本单位"
                        "（命令行：init）")
    return unit
