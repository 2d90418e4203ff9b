"""What a session may READ, by region (review of issue 14: ``progress`` showed the county's
counts to a village clerk).

Writes are confined to the role's region on the connection (:mod:`ykt_desktop.security.guards`);
reads that list rows or counts by region are confined here, in the core, so the command line and
the window show the same: a 村级录入员 its village, a 乡镇审核员 its township, the county
administrator and the read-only inspector (纪检/审计, who checks everywhere) everything
(:func:`ykt_desktop.security.roles.scope_prefix`). Rows without a village (the unit's own
issues) are shown from the township up, as complaints are.
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.regions import code_prefix
from ykt_desktop.security import roles
from ykt_desktop.security.session import PermissionDenied, current


def read_prefix(db: sqlite_utils.Database) -> str:
    """The region-code prefix the session may read ('' = the whole database)."""
    session = current(db)
    return roles.scope_prefix(session.role, session.unit_code) if session else ""


def code_range(db: sqlite_utils.Database) -> tuple[str, str] | None:
    """The session's region as a range of codes (``code >= low AND code < high``: an index
    range, for the large tables), or None for the whole database."""
    prefix = read_prefix(db)
    return (prefix, prefix + "~") if prefix else None


def scoped_under(db: sqlite_utils.Database, under: str | None) -> str | None:
    """``under`` (a region code, None = everything) narrowed to the session's region: nothing
    or a region above it becomes the session's own unit; a region outside it is refused."""
    prefix = read_prefix(db)
    if not prefix:
        return under
    own = current(db).unit_code
    if not under or prefix.startswith(code_prefix(under)):
        return own
    if code_prefix(under).startswith(prefix):
        return under
    session = current(db)
    raise PermissionDenied(f"权限不足：{session.role_label} {session.username} 只能查看本单位"
                           f"（{own}）的数据，不能查看 {under}")


def region_condition(db: sqlite_utils.Database, column: str) -> tuple[str, list]:
    """An SQL condition (``"1"`` when unlimited) keeping the rows of ``column`` (a village or
    group code) inside the session's region, and its arguments."""
    prefix = read_prefix(db)
    if not prefix:
        return "1", []
    session = current(db)
    code = f"coalesce({column}, '')"
    no_village = "0" if session.role == "village_clerk" else f"{code} = ''"
    return f"({code} LIKE ? OR {no_village})", [prefix + "%"]


def require_readable(db: sqlite_utils.Database, village_code: str | None, what: str) -> None:
    """Refuse one row (a finding, an issue) outside the session's region."""
    where, args = region_condition(db, "?")
    if where != "1" and not db.execute(f"SELECT {where}", [village_code, *args]).fetchone()[0]:
        session = current(db)
        raise PermissionDenied(f"权限不足：{session.role_label} {session.username} 只能查看本单位"
                               f"（{session.unit_code}）的{what}")
