"""The user working on a connection: attach after login, check actions, detach at logout.

With no session attached (the command line, tests, a database without users) nothing is
restricted and entries are written as the connection's user (``''``). Once attached, the
connection itself refuses what the role may not do (:mod:`ykt_desktop.security.guards`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.errors import UserError
from ykt_desktop.security import guards, roles


class PermissionDenied(UserError):
    """The session's role may not do this; the message is Chinese."""


@dataclass(frozen=True)
class Session:
    username: str
    role: str
    unit_code: str = ""
    display_name: str = ""

    @property
    def role_label(self) -> str:
        return roles.ROLES.get(self.role, self.role)


def _get(db: sqlite_utils.Database, key: str) -> str:
    return db.execute("SELECT ykt_session_get(?)", [key]).fetchone()[0]


def _set(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("SELECT ykt_session_set(?, ?)", [key, value])


def attach(db: sqlite_utils.Database, session: Session) -> None:
    """Make ``session`` the user of this connection and enforce its role on it."""
    detach(db)
    _set(db, "user", session.username)
    _set(db, "role", session.role)
    _set(db, "unit_code", session.unit_code or "")
    _set(db, "display_name", session.display_name or "")
    guards.install(db, session.role, roles.scope_prefix(session.role, session.unit_code))


def detach(db: sqlite_utils.Database) -> None:
    guards.remove(db)
    for key in ("user", "role", "unit_code", "display_name"):
        _set(db, key, "")


def current(db: sqlite_utils.Database) -> Session | None:
    role = _get(db, "role")
    if not role:
        return None
    return Session(_get(db, "user"), role, _get(db, "unit_code"), _get(db, "display_name"))


def session_user(db: sqlite_utils.Database) -> str:
    return _get(db, "user")


def may(db: sqlite_utils.Database, action: str, region_code: str | None = None) -> bool:
    """True when the session (or no session) may do ``action`` in ``region_code``."""
    session = current(db)
    if session is None:
        return True
    if not roles.allowed(session.role, action):
        return False
    return region_code is None or roles.in_scope(session.role, session.unit_code, region_code)


def authorize(db: sqlite_utils.Database, action: str, region_code: str | None = None) -> None:
    """Raise :class:`PermissionDenied` unless the session may do ``action``."""
    if may(db, action, region_code):
        return
    session = current(db)
    label = roles.ACTIONS.get(action, action)
    who = f"{session.role_label} {session.username}" if session else ""
    if session and roles.allowed(session.role, action):
        raise PermissionDenied(f"权限不足：{who} 只能处理本单位（{session.unit_code}）的数据，"
                               f"不能{label}（{region_code}）")
    raise PermissionDenied(f"权限不足：{who} 不能{label}")
