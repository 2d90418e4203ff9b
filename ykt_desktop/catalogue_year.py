"""The year the subsidy item catalogue (and so the campaign) covers: a setting.

The shipped catalogue (``resources/catalogue/``) has no year of its own; the unit chooses the
year the campaign covers when it sets up the database (first-run wizard, ``setup`` command), and
the main window's status bar and ``info`` show it.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ykt_desktop.errors import UserError
from ykt_desktop.settings import get_setting, set_setting

KEY = "catalogue_year"
FIRST_YEAR, LAST_YEAR = 2019, 2099   # the 一卡通 reform began in 2019


class CatalogueYearError(ValueError, UserError):
    """A catalogue year outside the possible range (Chinese message)."""


def default_year() -> int:
    return dt.date.today().year


def check_year(year: int) -> None:
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise CatalogueYearError(f"补贴项目目录年度“{year}”不正确，应在 {FIRST_YEAR} 至 "
                                 f"{LAST_YEAR} 年之间")


def catalogue_year(db: sqlite_utils.Database) -> int | None:
    """The year chosen at set-up, or None (a database set up before the year was asked)."""
    value = get_setting(db, KEY)
    return int(value) if value else None


def set_catalogue_year(db: sqlite_utils.Database, year: int) -> None:
    check_year(year)
    with db.atomic():
        set_setting(db, KEY, int(year))
