"""``users``, ``audit`` and ``backup`` subcommands (trust and safety, issue 8).

When the database has users the command's user logs in first (``--user``, see
:mod:`ykt_desktop.cli_login`) and works with that role. Passwords are read from the terminal, or
one per line from standard input with ``--password-stdin`` (the login password first).
A forgotten administrator password is recovered with ``users recover-admin`` and the encrypted
database's recovery key, never without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ykt_desktop import backup, recovery
from ykt_desktop.audit import query
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.backup import backups_dir, list_backups
from ykt_desktop.backup_manifest import read_manifest
from ykt_desktop.cli_choices import coded, listing
from ykt_desktop.commands import add_db_option, mark_command_line_user, open_from_args
from ykt_desktop.db_lock import hold_lock
from ykt_desktop.errors import CliError
from ykt_desktop.paths import default_db_path
from ykt_desktop.progress import run
from ykt_desktop.secret_prompt import ask_secret
from ykt_desktop.security import roles, users
from ykt_desktop.security.encryption import (
    create_encrypted,
    unlock_interactively,
    unlock_with_recovery_key,
)
from ykt_desktop.security.session import authorize, current
from ykt_desktop.storage import DB_ERRORS, DatabaseError, db_path, is_encrypted, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("create-encrypted", help="新建加密数据库（设置加密密码，打印恢复密钥）")
    add_db_option(p)
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取加密密码")
    p.set_defaults(func=cmd_create_encrypted)
    _register_users(sub)
    _register_audit(sub)
    _register_backup(sub)


def _register_users(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="用户与角色（add/list/passwd/unlock）")
    actions = p.add_subparsers(dest="users_action", metavar="操作", required=True)
    a = actions.add_parser("add", help="新增用户（初始密码首次登录须修改）")
    a.add_argument("username")
    a.add_argument("--role", required=True, metavar="角色", type=coded(roles.ROLES, what="角色"),
                   help=f"角色（写中文或代码）：{listing(roles.ROLES)}")
    a.add_argument("--unit", default="", help="本单位12位区划代码（检查员可不填）")
    a.add_argument("--name", default="", help="姓名")
    a.set_defaults(func=cmd_users_add)
    a = actions.add_parser("list", help="列出用户")
    a.set_defaults(func=cmd_users_list)
    a = actions.add_parser("passwd", help="修改自己的密码；县级管理员为他人设临时密码"
                                          "（下次登录须修改）")
    a.add_argument("username")
    a.set_defaults(func=cmd_users_passwd)
    a = actions.add_parser("recover-admin", help="忘记管理员密码：用加密数据库的恢复密钥设临时密码")
    a.add_argument("username")
    a.set_defaults(func=cmd_users_recover_admin)
    a = actions.add_parser("unlock", help="解锁因输错密码被锁定的用户")
    a.add_argument("username")
    a.set_defaults(func=cmd_users_unlock)
    for parser in actions.choices.values():
        add_db_option(parser)
        parser.add_argument("--password-stdin", action="store_true",
                            help="从标准输入读取密码（每行一个）")


def _register_audit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="审计日志（verify/show）")
    actions = p.add_subparsers(dest="audit_action", metavar="操作", required=True)
    a = actions.add_parser("verify", help="核验审计日志哈希链（发现被改动、删除或调换的记录）")
    a.set_defaults(func=cmd_audit_verify)
    a = actions.add_parser("show", help="显示审计日志（最新在前）")
    a.add_argument("--by", default="", metavar="用户名", help="只看这个用户的记录")
    a.add_argument("--table", default="")
    a.add_argument("--action", default="")
    a.add_argument("--since", default="", help="起始日期 YYYY-MM-DD")
    a.add_argument("--until", default="", help="截止日期 YYYY-MM-DD")
    a.add_argument("--limit", type=int, default=50)
    a.set_defaults(func=cmd_audit_show)
    for parser in actions.choices.values():
        add_db_option(parser)


def _register_backup(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="备份与恢复（now/list/restore）")
    actions = p.add_subparsers(dest="backup_action", metavar="操作", required=True)
    a = actions.add_parser("now", help="立即备份（并检查完整性）")
    a.set_defaults(func=cmd_backup_now)
    a = actions.add_parser("list", help="列出备份（最新在前）")
    a.set_defaults(func=cmd_backup_list)
    a = actions.add_parser("restore", help="从备份恢复（原文件改名保留，不会被覆盖）")
    a.add_argument("backup_file", nargs="?", help="备份文件（默认最新的完好备份）")
    a.add_argument("--dry-run", action="store_true", help="只显示将恢复的内容，不恢复")
    a.set_defaults(func=cmd_backup_restore)
    for parser in actions.choices.values():
        add_db_option(parser)


def _password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return ask_secret(prompt)


def cmd_create_encrypted(args: argparse.Namespace) -> int:
    path = Path(getattr(args, "db", None) or default_db_path())
    new = create_encrypted(path, _password(args, "加密密码："))
    open_db(path, key=new.key).close()
    print(f"已新建加密数据库：{path}")
    print(f"恢复密钥（只显示这一次，请打印或抄写后放在单位保险柜中）：{new.recovery}")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    password = _password(args, "初始密码：")
    user = users.add_user(db, args.username, args.role, password, unit_code=args.unit,
                          display_name=args.name)
    print(f"已新增用户 {user.username}（{user.role_label}，{user.unit_code or '全县'}），"
          f"首次登录须修改密码")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    for u in users.list_users(db):
        state = "停用" if not u.active else ("已锁定" if u.locked_until else "正常")
        print(f"{u.username:16s} {u.role_label:8s} {u.unit_code or '-':12s} {u.display_name:8s} "
              f"{state}{'（须改密码）' if u.must_change else ''}")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    me = current(db)
    if me is not None and me.username == args.username:
        users.change_password(db, me.username, args.login_secret, _password(args, "新密码："))
        print(f"已修改 {me.username} 的密码")
        return 0
    users.reset_password(db, args.username, _password(args, "临时密码："))
    print(f"已为 {args.username} 设置临时密码，下次登录须修改")
    return 0


def cmd_users_recover_admin(args: argparse.Namespace) -> int:
    """Only the holder of the encrypted database's recovery key may reset an administrator."""
    path = Path(getattr(args, "db", None) or default_db_path())
    if not path.exists():
        raise users.UserAdminError(f"找不到数据库文件：{path}")
    if not is_encrypted(path):
        raise users.UserAdminError(
            "该数据库未加密，没有恢复密钥：忘记的管理员密码无法找回，请用其他县级管理员账户"
            "登录后用 users passwd 重置")
    key = unlock_with_recovery_key(path, _secret(args, "恢复密钥："))
    db = open_db(path, key=key)
    mark_command_line_user(db)
    users.recover_admin(db, args.username, _password(args, "临时密码："))
    print(f"已凭恢复密钥为县级管理员 {args.username} 设置临时密码，下次登录须修改")
    return 0


def _authorize_restore(args: argparse.Namespace, key: bytes | None) -> bool:
    """The login must be allowed to restore; a file too damaged to open can still be restored
    (a copy of the damaged file is kept beside it). True when any backup file may be named
    (a login allowed to restore, or a database that never had users); False without a login
    on a database whose users were erased or that cannot be opened: only its own backups."""
    try:
        db = open_from_args(args, migrate=False, key=key)
    except (DatabaseError, *DB_ERRORS):
        return False
    try:
        if current(db) is None:
            return not users.users_erased(db)
        authorize(db, "restore")
        return True
    finally:
        db.close()


def _require_own_backup(target: Path, backup_file: str | None) -> None:
    """Without a login only a backup of this database, in its backups folder, with its
    manifest (review 2 of issue 14: any file was accepted, e.g. one with a new administrator)."""
    if backup_file is None:
        return          # the newest good backup of this database, chosen by plan_restore
    chosen = Path(backup_file).resolve()
    own = {p.resolve() for p in list_backups(target)}
    if chosen not in own or not Path(str(chosen) + ".manifest.json").exists():
        raise CliError(f"未登录时只能从本数据库备份文件夹（{backups_dir(target, create=False)}）中"
                       f"有清单的备份恢复：{backup_file} 不是 {target.name} 的备份。请用 backup "
                       f"list --db {target} 查看可用的备份，或省略备份文件名自动选用最新的完好备份")


def _secret(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return os.environ.get("YKT_RECOVERY_KEY") or ask_secret(
        prompt, how="在命令后加 --password-stdin 从标准输入传入，或设置环境变量 YKT_RECOVERY_KEY")


def cmd_users_unlock(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    users.unlock(db, args.username)
    print(f"已解锁 {args.username}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    authorize(db, "view_audit")          # the same permission as the 审计日志 page
    result = run(verify_chain(db))
    if result.ok:
        print(f"审计日志完好：共 {result.entries:,} 条，链头 {result.head}")
        return 0
    print(f"审计日志被改动：共 {result.entries:,} 条，发现 {len(result.problems)} 处问题")
    for problem in result.problems[:50]:
        print(f"  {problem.message}")
    return 1


def cmd_audit_show(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    authorize(db, "view_audit")
    f = query.AuditFilter(user=args.by, table_name=args.table, action=args.action,
                          since=args.since, until=args.until)
    ids = query.entry_ids(db, f)[: args.limit]
    rows = query.fetch(db, ids)
    for i in ids:
        r = rows[i]
        print(f"{r[0]:>7} {r[1]} {r[2]:10s} {r[3]:4s} {r[4]:14s} {r[5]!s:>8} "
              f"{r[6][:60]} -> {r[7][:60]}")
    return 0


def cmd_backup_now(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    path = backup.backup_now(db)         # refused to the read-only roles (issue 14)
    print(f"已备份并通过完整性检查：{path}")
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    db = open_from_args(args, migrate=False)
    for path in backup.list_backups(db_path(db)):
        info = read_manifest(path)
        if info is None:
            state = "无清单或与清单不符（未写完或来自旧版本），恢复时不会选用"
        elif read_manifest(path, deep=True) is None:     # every byte read: SHA-256 compared
            state = ("不可用：内容与清单的校验值（SHA-256）不符（备份后被改动或损坏），"
                     "恢复时不会选用")
        else:
            state = info.summary()
        print(f"{path}  {path.stat().st_size / 2**20:.1f} MB  {state}")
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    target = Path(getattr(args, "db", None) or default_db_path())
    key = unlock_interactively(str(target))
    if target.exists() and not _authorize_restore(args, key):   # users: only a login (issue 14)
        _require_own_backup(target, args.backup_file)
    with hold_lock(target):
        plan = recovery.plan_restore(target, args.backup_file, key=key)
        print(plan.summary())
        if args.dry_run:
            return 0
        result = recovery.restore(target, plan=plan)
    print(f"已从 {result.source} 恢复；原数据库已改名保留为 {result.kept}")
    return 0
