"""Local user accounts: add, list, log in (with lockout), change and reset passwords, unlock.

A new account (and a reset one) must change its password at first login. After
:data:`MAX_FAILURES` wrong passwords in a row the account is locked for :data:`LOCK_MINUTES`
minutes (a county administrator may unlock it earlier).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.audit.chain import record
from ykt_desktop.changes import Kind, writes
from ykt_desktop.errors import UserError
from ykt_desktop.security import passwords, roles
from ykt_desktop.security.schema_guard import own_password_step
from ykt_desktop.security.session import Session, attach, authorize
from ykt_desktop.unit import get_unit

MAX_FAILURES = 5
LOCK_MINUTES = 15
UNIT_LENGTH = {"village": 12, "township": 12, "county": 12}


class LoginError(UserError):
    """Wrong user name or password, locked or disabled account (Chinese message)."""


class UserAdminError(UserError):
    """A user record could not be added or changed (Chinese message)."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    unit_code: str
    must_change: bool
    failed_attempts: int
    locked_until: str | None
    active: bool

    @property
    def role_label(self) -> str:
        return roles.ROLES.get(self.role, self.role)


COLUMNS = ("id, username, display_name, role, coalesce(unit_code, ''), must_change, "
           "failed_attempts, locked_until, active")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def has_users(db: sqlite_utils.Database) -> bool:
    if "users" not in db.table_names():      # dropped outside the app: see users_erased
        return False
    return db.execute("SELECT count(*) FROM users WHERE active = 1").fetchone()[0] > 0


def users_erased(db: sqlite_utils.Database) -> bool:
    """No active user, yet the audit log shows users existed (a user added, a login, or an
    entry written by a logged-in user: only a login names one; the command line writes
    ``命令行/…``, no session ``''``): the users were deleted or switched off outside the app
    (review of issue 14)."""
    if has_users(db) or "audit_log" not in db.table_names():
        return False
    if "users" not in db.table_names():     # every opened database has it: dropped by hand
        return db.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone() is not None
    return db.execute("SELECT 1 FROM audit_log WHERE action = 'login' OR (table_name = 'users' "
                      "AND action = 'insert') OR (by_user != '' AND by_user NOT LIKE '命令行/%') "
                      "LIMIT 1").fetchone() is not None


def erased_users_message(path: object) -> str:
    """Why a database whose users were erased outside the app is refused, and the way back
    (the window and the command line say the same)."""
    return (f"数据库 {path} 的用户已全部被删除或停用，但审计日志显示曾有用户登录：疑似在本软件之外"
            f"被改动。为防止他人借此新建管理员、冒用权限，软件拒绝在不登录的情况下打开它。\n"
            f"恢复办法：由县级管理员从改动之前的备份恢复（原文件改名保留，留作证据）：\n"
            f"  python -m ykt_desktop backup list --db {path}\n"
            f"  python -m ykt_desktop backup restore --db {path} 备份文件\n"
            f"恢复后用“审计日志”页的“核验哈希链”（或 audit verify）核验审计日志，并向上级报告。")


def list_users(db: sqlite_utils.Database) -> list[UserInfo]:
    rows = db.execute(f"SELECT {COLUMNS} FROM users ORDER BY username").fetchall()
    return [UserInfo(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], bool(r[8]))
            for r in rows]


def get_user(db: sqlite_utils.Database, username: str) -> UserInfo:
    for user in list_users(db):
        if user.username == username:
            return user
    raise UserAdminError(f"没有用户“{username}”")


def _check_unit(db: sqlite_utils.Database, role: str, unit_code: str) -> None:
    level = roles.UNIT_LEVEL.get(role)
    if role not in roles.ROLES:
        raise UserAdminError(f"角色不正确：{role}（可选：{'、'.join(roles.ROLES)}）")
    if level is None:
        return
    if not (unit_code.isdigit() and len(unit_code) == 12):
        raise UserAdminError(f"{roles.ROLES[role]}须指定12位区划代码"
                             f"（本单位所在的{glossary.LEVELS.get(level, level)}）")
    row = db.execute("SELECT level, name FROM regions WHERE code = ?", [unit_code]).fetchone()
    if row and row[0] != level:
        raise UserAdminError(f"区划 {unit_code}（{row[1]}）不是{roles.ROLES[role]}对应的级别")


def _check_first(db: sqlite_utils.Database, role: str, unit_code: str) -> None:
    """The first account administers the database: a role that manages users, of the
    county this unit is in."""
    if role in roles.ROLES and not roles.allowed(role, "manage_users"):
        admins = "、".join(label for code, label in roles.ROLES.items()
                          if roles.allowed(code, "manage_users"))
        raise UserAdminError(f"本库还没有用户：第一个用户须为管理员（{admins}），否则以后没有人"
                             f"能新增用户、解锁账户；{roles.ROLES[role]}请在管理员登录后添加")
    unit = get_unit(db)
    if unit is not None and unit_code and not unit.code.startswith(unit_code[:6]):
        raise UserAdminError(f"第一个用户（管理员）的区划代码 {unit_code} 不在本单位"
                             f"{unit.name}（{unit.code}）所在的县")


@writes(Kind.USERS)
def add_user(db: sqlite_utils.Database, username: str, role: str, password: str, *,
             unit_code: str = "", display_name: str = "", must_change: bool = True) -> UserInfo:
    """Add an account with an initial password that must be changed at first login.

    The first account of a database may be added without a session (set-up) and must be an
    administrator of this unit's county (else nobody could ever manage users); later ones need
    a county administrator. ``must_change=False`` is for an administrator who chose the
    password themselves (the set-up wizard's first account).
    """
    if has_users(db):
        authorize(db, "manage_users")
    else:
        _check_first(db, role, unit_code)
    username = username.strip()
    if not username:
        raise UserAdminError("用户名不能为空")
    _check_unit(db, role, unit_code)
    problem = passwords.password_problem(password, username=username)
    if problem:
        raise UserAdminError(problem)
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise UserAdminError(f"用户名“{username}”已存在")
    with db.atomic():
        db.execute("INSERT INTO users(username, display_name, role, unit_code, password_hash, "
                   "must_change) VALUES (?, ?, ?, ?, ?, ?)",
                   [username, display_name, role, unit_code or None,
                    passwords.hash_password(password), int(must_change)])
    return get_user(db, username)


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> tuple[Session, bool]:
    """Check a login; returns (session, must_change). Failures count toward the lockout."""
    row = db.execute("SELECT id, password_hash, role, coalesce(unit_code, ''), display_name, "
                     "must_change, failed_attempts, locked_until, active FROM users "
                     "WHERE username = ?", [username]).fetchone()
    if row is None:
        record(db, "login_failed", table_name="users", after={"username": username})
        raise LoginError("用户名或密码不正确")
    uid, stored, role, unit, name, must_change, failures, locked_until, active = row
    if not active:
        raise LoginError(f"用户“{username}”已停用，请联系县级管理员")
    if locked_until and locked_until > _now().isoformat(sep=" "):
        raise LoginError(f"连续输错密码次数过多，账户已锁定至 {locked_until}，"
                         f"或请县级管理员解锁")
    if not passwords.verify_password(stored, password):
        _count_failure(db, uid, username, failures + 1)
    with db.atomic():
        if passwords.needs_rehash(stored):
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                       [passwords.hash_password(password), uid])
        if failures or locked_until:
            db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                       [uid])
    return Session(username, role, unit, name), bool(must_change)


def _count_failure(db: sqlite_utils.Database, uid: int, username: str, failures: int) -> None:
    locked = None
    if failures >= MAX_FAILURES:
        locked = (_now() + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(sep=" ")
    with db.atomic():
        db.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                   [failures, locked, uid])
        record(db, "login_failed", table_name="users", row_id=uid,
               after={"username": username, "failed_attempts": failures})
    if locked:
        raise LoginError(f"密码连续输错 {failures} 次，账户已锁定 {LOCK_MINUTES} 分钟")
    raise LoginError(f"用户名或密码不正确（还可尝试 {MAX_FAILURES - failures} 次）")


def change_password(db: sqlite_utils.Database, username: str, old: str, new: str) -> None:
    """The user changes their own password (also the forced change after first login)."""
    user_row = db.execute("SELECT id, password_hash FROM users WHERE username = ?",
                          [username]).fetchone()
    if user_row is None or not passwords.verify_password(user_row[1], old):
        raise LoginError("原密码不正确")
    if old == new:
        raise UserAdminError("新密码不能与原密码相同")

    with own_password_step(db):         # every role, a read-only one too (audited by trigger)
        _set_password(db, user_row[0], username, new, must_change=False)


@writes(Kind.USERS)
def reset_password(db: sqlite_utils.Database, username: str, temporary: str) -> None:
    """A county administrator sets a temporary password (to be changed at next login)."""
    authorize(db, "manage_users")
    _set_password(db, get_user(db, username).id, username, temporary, must_change=True)


def _set_password(db: sqlite_utils.Database, uid: int, username: str, new: str, *,
                  must_change: bool) -> None:
    problem = passwords.password_problem(new, username=username)
    if problem:
        raise UserAdminError(problem)
    with db.atomic():
        db.execute("UPDATE users SET password_hash = ?, must_change = ?, failed_attempts = 0, "
                   "locked_until = NULL WHERE id = ?",
                   [passwords.hash_password(new), int(must_change), uid])


def recover_admin(db: sqlite_utils.Database, username: str, temporary: str) -> None:
    """A temporary password for a county administrator, after the caller proved the encrypted
    database's recovery key (``users recover-admin``); recorded in the audit log."""
    user = get_user(db, username)
    if user.role != "county_admin":
        raise UserAdminError(f"“{username}”不是县级管理员：其他用户的密码由县级管理员重置")
    _set_password(db, user.id, username, temporary, must_change=True)
    record(db, "recover_admin", table_name="users", row_id=user.id,
           after={"username": username})


@writes(Kind.USERS)
def unlock(db: sqlite_utils.Database, username: str) -> None:
    authorize(db, "manage_users")
    uid = get_user(db, username).id
    with db.atomic():
        db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                   [uid])


@writes(Kind.USERS)
def set_active(db: sqlite_utils.Database, username: str, active: bool) -> None:
    authorize(db, "manage_users")
    uid = get_user(db, username).id
    with db.atomic():
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), uid])


def log_in(db: sqlite_utils.Database, username: str, password: str) -> tuple[Session, bool]:
    """Authenticate, attach the session to ``db`` and record the login; (session, must_change)."""
    session, must_change = authenticate(db, username, password)
    attach(db, session)
    record(db, "login", table_name="users", after={"username": username, "role": session.role})
    return session, must_change
