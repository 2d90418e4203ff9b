"""Setting up the unit a database belongs to: above the unit record, its key and the ledger.

Kept apart from :mod:`ykt_desktop.unit` (which only reads the unit) so that the signing key
(:mod:`ykt_desktop.unit_keys`) and the ledger, which need the unit, sit below this step.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.catalogue import load_default_catalogue
from ykt_desktop.ledger.issues import number_legacy_issues
from ykt_desktop.regions import add_region, check_code
from ykt_desktop.security.session import PermissionDenied, current
from ykt_desktop.settings import set_setting
from ykt_desktop.unit import Unit, UnitError, get_unit
from ykt_desktop.unit_keys import ensure_unit_key


def init_unit(db: sqlite_utils.Database, *, level: str, code: str, name: str) -> Unit:
    """Make this database the unit's own: record it and its region; load the catalogue."""
    if level == "group":
        raise UnitError("本单位只能是县、乡镇或村")
    check_code(level, code)
    _require_admin(db)
    existing = get_unit(db)
    if existing and existing.code != code:
        raise UnitError(f"该数据库已属于{existing.name}（{existing.code}），不能改为其他单位")
    unit = Unit(level=level, code=code, name=name.strip())
    with db.atomic():
        add_region(db, code=code, name=unit.name, level=level)
        set_setting(db, "unit", {"level": level, "code": code, "name": unit.name})
        load_default_catalogue(db)
        number_legacy_issues(db)      # issues registered before the unit was set
    ensure_unit_key(db)
    return unit


def _require_admin(db: sqlite_utils.Database) -> None:
    """Only the administrator sets or changes the unit (a logged-in clerk renamed the county)."""
    session = current(db)
    if session is not None and session.role != "county_admin":
        raise PermissionDenied(f"权限不足：{session.role_label} {session.username} 不能修改本单位"
                               f"（级别、区划代码、名称），只有县级管理员可以")
