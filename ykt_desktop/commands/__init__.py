"""Subcommands of ``python -m ykt_desktop``; one module per feature area (see cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

import sqlite_utils

from ykt_desktop.cli_login import log_in_from_args
from ykt_desktop.errors import CliError
from ykt_desktop.security.encryption import unlock_interactively
from ykt_desktop.storage import open_db


def open_from_args(args: argparse.Namespace, *, migrate: bool = True, create: bool = False,
                   key: bytes | None = None) -> sqlite_utils.Database:
    """The database named by ``--db`` (default: the user's data folder).

    A ``--db`` file that does not exist is refused unless the command makes databases
    (``create``: init, demo): a mistyped path must not quietly report an empty county.
    An encrypted database is unlocked first with ``YKT_DB_PASSPHRASE`` (passphrase or recovery
    key) or a passphrase typed at the prompt, unless the caller unlocked it already (``key``).
    When the database has users the command's user logs in (``--user``,
    :mod:`ykt_desktop.cli_login`) and the session is on the connection.
    """
    path = getattr(args, "db", None)
    if path and not create and path != ":memory:" and not Path(path).exists():
        raise CliError(f"找不到数据库文件：{path}（新建数据库请用 setup、init 或 demo 命令）")

    db = open_db(path, migrate=migrate, key=key or unlock_interactively(path))
    args.opened_db = db             # cli.main writes the audit head beside it at the end
    mark_command_line_user(db)
    try:
        log_in_from_args(db, args)
    except BaseException:
        db.close()
        raise
    return db


def mark_command_line_user(db: sqlite_utils.Database) -> None:
    """Audit entries written from the command line name the operating-system account."""
    import getpass

    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no such user entry (containers)
        who = "?"
    db.execute("SELECT ykt_session_set('user', ?)", [f"命令行/{who}"])


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Let ``--db`` also follow the subcommand (``... demo --db X``)."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="数据库文件（默认在用户数据目录）")
