"""The command line logs in like the window (issue 14, item 1): every command x role.

The commands are read from the parser itself, so a new command without a decision in
``ykt_desktop.cli_login`` (OPEN or LOGIN) fails here.
"""

from __future__ import annotations

import argparse
import ast
import io
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import copy_db
from ykt_desktop.cli import build_parser, leaf_parsers, main
from ykt_desktop.cli_login import LOGIN, OPEN
from ykt_desktop.security import passwords, users
from ykt_desktop.storage import open_db

ROLES = {"county_admin": "420999000000",     # first: the first user must administer
         "village_clerk": "420999100200", "township_reviewer": "420999100000", "inspector": ""}
PASSWORD = "Pass1234x"
PARSERS = dict(leaf_parsers(build_parser()))
COMMANDS = sorted(PARSERS)
# Commands whose defaults would build a whole county: run with a tiny one.
EXTRA = {"demo": ["--villages", "1", "--households-per-village", "2", "--townships", "1",
                  "--quiet"]}


@pytest.fixture(scope="module", autouse=True)
def cheap_hashes():
    """Argon2 at its cheapest for this module (hundreds of logins); the rules are the same."""
    from argon2 import PasswordHasher

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER",
                      PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="module")
def template(demo_template: Path, tmp_path_factory) -> Path:
    path = copy_db(demo_template, tmp_path_factory.mktemp("login") / "users.db")
    db = open_db(path)
    for role, unit in ROLES.items():
        users.add_user(db, role, role, PASSWORD, unit_code=unit, must_change=False)
    db.close()
    return path


@pytest.fixture
def db_file(template, tmp_path) -> Path:
    return copy_db(template, tmp_path / "users.db")


def _dummy(action: argparse.Action, tmp: Path) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is int or action.type is float:
        return "1"
    return str(tmp / "缺少的文件.xlsx")


def _argv(command: str, db_file: Path) -> list[str]:
    parser = PARSERS[command]
    argv = [*command.split(), "--db", str(db_file)]
    for action in parser._actions:
        if action.option_strings and action.required:
            argv += [action.option_strings[0], _dummy(action, db_file.parent)]
        elif not action.option_strings and action.nargs not in ("?", "*"):
            argv.append(_dummy(action, db_file.parent))
    return argv + EXTRA.get(command, [])


def _logins(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file)
    try:
        return [r[0] for r in conn.execute("SELECT by_user FROM audit_log WHERE action = 'login'")]
    finally:
        conn.close()


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:        # argparse refusing the dummy arguments
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_every_command_has_a_decision():
    assert set(COMMANDS) == OPEN | LOGIN, "命令行新增的命令须在 cli_login 中决定是否需要登录"
    assert not OPEN & LOGIN


@pytest.mark.parametrize("command", sorted(LOGIN))
def test_nobody_is_refused(db_file, command, capsys, monkeypatch):
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = _logins(db_file)
    code, err = _run(_argv(command, db_file), capsys)
    assert code == 2 and ("错误" in err or "用法" in err), err
    assert _logins(db_file) == before         # refused at the login or before the database


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_as_every_role(db_file, command, role, capsys, monkeypatch):
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("Other1234x\n" * 4))
    code, err = _run([*_argv(command, db_file), "--user", role], capsys)
    assert "须登录" not in err and "Traceback" not in err
    assert code in (0, 1, 2), err
    if code == 2:
        assert "错误：" in err or err.startswith("用法"), err
    if command in LOGIN and code in (0, 1):     # it ran: as the logged-in role
        assert role in _logins(db_file), (command, err)


def test_wrong_password_counts_toward_lockout(db_file, capsys, monkeypatch):
    monkeypatch.setenv("YKT_PASSWORD", "wrong-guess-1")
    for _ in range(users.MAX_FAILURES):
        code, err = _run(["users", "list", "--db", str(db_file), "--user", "county_admin"],
                         capsys)
        assert code == 2
    assert "锁定" in err
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    code, err = _run(["users", "list", "--db", str(db_file), "--user", "county_admin"], capsys)
    assert code == 2 and "锁定" in err


def test_the_issue_probes(db_file, capsys, monkeypatch):
    """issue 14: the administrator's password reset and a new county administrator."""
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("Hacked-Pw-2026\n"))
    assert _run(["users", "passwd", "--db", str(db_file), "--password-stdin",
                 "county_admin"], capsys)[0] == 2
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nHacked-Pw-2026\n"))
    code, err = _run(["users", "passwd", "county_admin", "--db", str(db_file),
                      "--password-stdin", "--user", "village_clerk"], capsys)
    assert code == 2 and "权限不足" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nEvil-Pw-2026\n"))
    code, err = _run(["users", "add", "evil2", "--role", "county_admin", "--unit",
                      "420999000000", "--db", str(db_file), "--password-stdin",
                      "--user", "township_reviewer"], capsys)
    assert code == 2 and "权限不足" in err
    db = open_db(db_file)
    assert not db.execute("SELECT 1 FROM users WHERE username = 'evil2'").fetchone()
    assert users.authenticate(db, "county_admin", PASSWORD)
    db.close()


@pytest.mark.parametrize("action", ["show", "verify"])
def test_audit_log_only_for_roles_that_may_view_it(db_file, action, capsys, monkeypatch):
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    code, err = _run(["audit", action, "--db", str(db_file), "--user", "village_clerk"],
                     capsys)
    assert code == 2 and "权限不足" in err
    assert _run(["audit", action, "--db", str(db_file), "--user", "township_reviewer"],
                capsys)[0] == 0


def test_own_password_and_admin_reset(db_file, capsys, monkeypatch):
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nMine5678x\n"))
    assert _run(["users", "passwd", "village_clerk", "--db", str(db_file), "--password-stdin",
                 "--user", "village_clerk"], capsys)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nTemp5678x\n"))
    assert _run(["users", "passwd", "village_clerk", "--db", str(db_file), "--password-stdin",
                 "--user", "county_admin"], capsys)[0] == 0
    monkeypatch.setenv("YKT_PASSWORD", "Temp5678x")
    code, err = _run(["info", "--db", str(db_file)], capsys)
    assert code == 0
    code, err = _run(["issues", "list", "--db", str(db_file), "--user", "village_clerk"], capsys)
    assert code == 2 and "须先修改" in err


def test_a_new_inspector_changes_the_first_password(db_file, capsys, monkeypatch):
    """Review of issue 14: a read-only role must be able to change its own password."""
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    db = open_db(db_file)
    db.execute("UPDATE users SET must_change = 1 WHERE username = 'inspector'")
    db.conn.commit()
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nLook5678x\n"))
    code, err = _run(["users", "passwd", "inspector", "--db", str(db_file), "--password-stdin",
                      "--user", "inspector"], capsys)
    assert code == 0, err
    conn = sqlite3.connect(db_file)
    who = conn.execute("SELECT by_user FROM audit_log WHERE table_name = 'users' "
                       "AND action = 'update' ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert who == "inspector"
    monkeypatch.setenv("YKT_PASSWORD", "Look5678x")
    assert _run(["issues", "list", "--db", str(db_file), "--user", "inspector"], capsys)[0] == 0


def test_the_audit_names_the_login(db_file, capsys, monkeypatch):
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\nLook1234x\n"))
    assert _run(["users", "add", "newbie", "--role", "inspector", "--db", str(db_file),
                 "--password-stdin", "--user", "county_admin"], capsys)[0] == 0
    conn = sqlite3.connect(db_file)
    who = conn.execute("SELECT by_user FROM audit_log WHERE table_name = 'users' "
                       "AND action = 'insert' ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert who == "county_admin"


def test_recover_admin_only_with_the_recovery_key(tmp_path, capsys, monkeypatch):
    from ykt_desktop.security.encryption import create_encrypted

    path = tmp_path / "enc.db"
    new = create_encrypted(path, "Cipher-2026")
    db = open_db(path, key=new.key)
    users.add_user(db, "boss", "county_admin", PASSWORD, unit_code="420999000000")
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("Cipher-2026\nFresh5678x\n"))
    code, err = _run(["users", "recover-admin", "boss", "--db", str(path), "--password-stdin"],
                     capsys)
    assert code == 2 and "恢复密钥不正确" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{new.recovery}\nFresh5678x\n"))
    assert _run(["users", "recover-admin", "boss", "--db", str(path), "--password-stdin"],
                capsys)[0] == 0
    db = open_db(path, key=new.key)
    assert users.authenticate(db, "boss", "Fresh5678x")[1]      # must change it at login
    db.close()


def test_recover_admin_refused_on_a_plain_file(db_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("x\nFresh5678x\n"))
    code, err = _run(["users", "recover-admin", "county_admin", "--db", str(db_file),
                      "--password-stdin"], capsys)
    assert code == 2 and "未加密" in err


def test_no_command_opens_the_database_around_the_login():
    """Commands get their database from open_from_args (which logs in); only the ones that
    make a new file or prove the recovery key call open_db themselves."""
    allowed = {"cmd_create_encrypted", "cmd_setup", "cmd_users_recover_admin"}
    folder = Path(__file__).parents[1] / "ykt_desktop" / "commands"
    for path in folder.glob("*.py"):
        if path.name == "__init__.py":
            continue
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(func, ast.FunctionDef) or func.name in allowed:
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open_db":
                    pytest.fail(f"{path.name}:{func.name} 绕过登录直接 open_db")



def test_users_deleted_outside_the_app_do_not_switch_login_off(db_file, capsys, monkeypatch):
    """Review of issue 14: DELETE FROM users with sqlite3 (its audit trigger dropped first)."""
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    assert _run(["issues", "list", "--db", str(db_file), "--user", "inspector"], capsys)[0] == 0
    conn = sqlite3.connect(db_file)
    conn.execute("DROP TRIGGER audit_users_delete")
    conn.execute("DELETE FROM users")
    conn.commit()
    conn.close()
    code, err = _run(["issues", "list", "--db", str(db_file)], capsys)
    assert code == 2 and "用户已全部被删除" in err
    from ykt_desktop.audit.verify import verify_chain
    from ykt_desktop.progress import run

    db = open_db(db_file)
    messages = [p.message for p in run(verify_chain(db)).problems]
    db.close()
    assert any("登录被人为关闭" in m for m in messages), messages


def test_password_stdin_before_the_subcommand(db_file, capsys, monkeypatch):
    """Review 2 of issue 14: ``--password-stdin`` before the subcommand was ignored by the
    commands that have their own (users ...)."""
    monkeypatch.delenv("YKT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    code, err = _run(["--password-stdin", "users", "list", "--db", str(db_file),
                      "--user", "county_admin"], capsys)
    assert code == 0, err


def test_environment_and_stdin_passwords_together_are_refused(db_file, capsys, monkeypatch):
    """Both given: stdin's first line silently became the command's next password."""
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("Evil-Pw-2026\n"))
    code, err = _run(["users", "passwd", "village_clerk", "--db", str(db_file),
                      "--password-stdin", "--user", "county_admin"], capsys)
    assert code == 2 and "YKT_PASSWORD" in err and "--password-stdin" in err, err
    db = open_db(db_file)
    assert users.authenticate(db, "village_clerk", PASSWORD)
    db.close()
