"""The command line logs in like the window (issue 14).

When the database has users, every command that reads personal data or writes needs
``--user NAME`` and that user's password: the environment variable ``YKT_PASSWORD`` for batch
scripts, else the first line of standard input with ``--password-stdin`` (further lines are the
passwords the command itself asks for), else typed at the prompt. The login goes through
:func:`ykt_desktop.security.users.log_in`: the same lockout, the same session on the connection
(roles, region limits, raw-SQL guard) and the user's name in the audit log as in the window.

:data:`OPEN` lists the commands that neither read personal data nor write and so need no login;
every other command in :data:`LOGIN`. A new command must be put in one of them
(``tests/test_cli_login.py`` fails otherwise; an unlisted command needs a login).
The decision of every command is also listed in the manual (docs/用户手册.md).
"""

from __future__ import annotations

import argparse
import os
import sys

import sqlite_utils

from ykt_desktop.errors import CliError
from ykt_desktop.secret_prompt import ask_secret
from ykt_desktop.security import users
from ykt_desktop.security.session import Session
from ykt_desktop.storage import db_path

PASSWORD_ENV = "YKT_PASSWORD"

# No personal data, no write: a new machine's check, counts only, public certificates, backup
# file names, the list of return templates, the verification of a signed PDF against the trust
# roots, the recovery of a forgotten administrator password (proved by the recovery key
# instead, see users.py), and the two commands that only make a new database (they refuse a
# file already set up).
OPEN = frozenset({"self-check", "info", "pki show", "backup list", "verify", "returns list",
                  "users recover-admin", "create-encrypted", "setup"})
LOGIN = frozenset({
    "sample-draw", "sample-verify", "samples", "sample-print", "backcheck", "backcheck-rates",
    "backcheck-issue", "calendar", "calendar-seed", "calendar-phase", "calendar-deadline",
    "calendar-done", "phase-summary", "desk-demo", "import-roster", "import-deaths",
    "import-cadres", "import-register", "import-regions", "check", "pki init-root",
    "pki request", "pki issue", "pki install",
    "pki trust", "export-package", "import-package", "return-package", "import-return",
    "accept-package", "aggregate-check", "board", "submissions", "slice-unit", "findings list",
    "findings show", "findings confirm", "findings dismiss", "findings restore", "init", "demo",
    "print-forms", "progress", "issues list", "issues show", "issues add",
    "issues edit", "issues comment", "issues start", "issues evidence", "issues close",
    "issues reopen", "issues refer", "issues discipline", "publicity", "publicity-post",
    "publicity-status", "publicity-config", "returns fill", "returns export",
    "users add", "users list", "users passwd", "users unlock", "audit verify", "audit show",
    "complaint-add", "complaint-handle", "complaint-issue", "complaint-reply", "complaints",
    "policy-fields", "policy-list", "policy-lists", "policy-post", "self-report", "self-reports",
    "backup now", "backup restore", "summary-pdf", "catalogue set-eligibility",
})
OWN_PASSWORD = "users passwd"
RESTORE = "backup restore"        # allowed without login on a database whose users were erased


def add_login_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--user`` and ``--password-stdin`` (before or after the subcommand)."""
    default = None if top else argparse.SUPPRESS
    if "--user" not in parser._option_string_actions:
        parser.add_argument("--user", dest="login_user", metavar="用户名", default=default,
                            help="登录用户名（数据库已建立用户时必填）；密码从提示输入、"
                                 f"--password-stdin 或环境变量 {PASSWORD_ENV} 读取")
    if "--password-stdin" not in parser._option_string_actions:
        parser.add_argument("--password-stdin", action="store_true",
                            default=False if top else argparse.SUPPRESS,
                            help="从标准输入读取密码（每行一个，先是登录密码）")
    elif not top:       # a command's own option: given before the subcommand, it still counts
        parser._option_string_actions["--password-stdin"].default = argparse.SUPPRESS


def read_stdin_line() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def login_password(args: argparse.Namespace, username: str) -> str:
    """``YKT_PASSWORD`` if set, else the first line of standard input (``--password-stdin``),
    else the prompt."""
    from_stdin = getattr(args, "password_stdin", False)
    if os.environ.get(PASSWORD_ENV):
        if from_stdin:      # stdin's first line would silently become the command's password
            raise CliError(f"环境变量 {PASSWORD_ENV} 和 --password-stdin 不能同时使用：登录密码"
                           f"只能有一个来源。请去掉其中一个（用 --password-stdin 时，标准输入"
                           f"第一行是登录密码，后面几行才是命令本身要的密码）")
        return os.environ[PASSWORD_ENV]
    if from_stdin:
        return read_stdin_line()
    return ask_secret(f"用户 {username} 的密码：")


def login_name(args: argparse.Namespace) -> str:
    """``--user``: the login option, or a command's older ``--user`` (操作人) option, which
    now names the login too, so the audit identity is the logged-in user's."""
    name = getattr(args, "login_user", None) or getattr(args, "user", None)
    return name.strip() if isinstance(name, str) else ""


def needs_login(db: sqlite_utils.Database, command: str) -> bool:
    if command in OPEN:
        return False
    if users.users_erased(db):
        if command == RESTORE:      # the way back: an earlier backup (the file itself is kept)
            return False

        raise CliError(users.erased_users_message(db_path(db)))
    return users.has_users(db)


def log_in_from_args(db: sqlite_utils.Database, args: argparse.Namespace) -> Session | None:
    """Log the command's user in on ``db`` when the database has users (else None)."""
    command = getattr(args, "cli_command", "")
    if not needs_login(db, command):
        return None
    username = login_name(args)
    if not username:
        raise CliError(f"该数据库已建立用户，“{command}”须登录：请加 --user 用户名（密码从提示"
                       f"输入，或用 --password-stdin、环境变量 {PASSWORD_ENV}）")
    password = login_password(args, username)
    session, must_change = users.log_in(db, username, password)
    args.login_secret = password            # users passwd: the old password of one's own change
    if must_change and command != OWN_PASSWORD:
        raise CliError(f"用户 {username} 须先修改初始密码（或被重置的密码）：python -m ykt_desktop "
                       f"users passwd {username} --user {username}")
    return session
