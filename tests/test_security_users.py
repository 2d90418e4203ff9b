"""Accounts: Argon2id hashes, forced change of the initial password, lockout, admin actions."""

from __future__ import annotations

import io

import pytest

from ykt_desktop.cli import main
from ykt_desktop.security import users
from ykt_desktop.security.session import PermissionDenied, current, detach
from ykt_desktop.security.users import LoginError, UserAdminError
from ykt_desktop.storage import db_path

VILLAGE = "420999100200"


@pytest.fixture
def accounts(demo_db):
    users.add_user(demo_db, "admin", "county_admin", "Root1234x", unit_code="420999000000")
    users.add_user(demo_db, "admin2", "county_admin", "Root1234x", unit_code="420999000000")
    return demo_db


def test_first_user_then_only_admins_add(accounts):
    db = accounts
    stored = db.execute("SELECT password_hash FROM users WHERE username='admin'").fetchone()[0]
    assert stored.startswith("$argon2id$")
    session, must_change = users.log_in(db, "admin", "Root1234x")
    assert must_change and current(db) == session
    users.add_user(db, "clerk", "village_clerk", "Work1234x", unit_code=VILLAGE)
    users.log_in(db, "clerk", "Work1234x")
    with pytest.raises(PermissionDenied):
        users.add_user(db, "x", "inspector", "Look1234x")
    with pytest.raises(PermissionDenied):
        users.unlock(db, "admin")


def test_initial_password_must_change(accounts):
    db = accounts
    users.change_password(db, "admin", "Root1234x", "NewPass5678")
    _, must_change = users.log_in(db, "admin", "NewPass5678")
    assert not must_change
    with pytest.raises(LoginError):
        users.change_password(db, "admin", "wrong", "Other5678x")


@pytest.mark.parametrize(("password", "reason"), [
    ("short1", "至少"), ("onlyletters", "字母和数字"), ("xadmin2x99", "用户名")])
def test_weak_passwords_refused(accounts, password, reason):
    with pytest.raises(UserAdminError, match=reason):
        users.change_password(accounts, "admin2", "Root1234x", password)


def test_lockout_after_repeated_failures(accounts):
    db = accounts
    for i in range(users.MAX_FAILURES - 1):
        with pytest.raises(LoginError, match="不正确"):
            users.log_in(db, "admin2", f"bad{i}")
    with pytest.raises(LoginError, match="锁定"):
        users.log_in(db, "admin2", "bad-last")
    with pytest.raises(LoginError, match="锁定"):
        users.log_in(db, "admin2", "Root1234x")       # right password, still locked
    failures = db.execute("SELECT count(*) FROM audit_log WHERE action = 'login_failed'")
    assert failures.fetchone()[0] == users.MAX_FAILURES
    users.log_in(db, "admin", "Root1234x")
    users.unlock(db, "admin2")
    detach(db)
    users.log_in(db, "admin2", "Root1234x")


def test_unit_must_fit_role(accounts):
    users.log_in(accounts, "admin", "Root1234x")
    with pytest.raises(UserAdminError, match="12位"):
        users.add_user(accounts, "v", "village_clerk", "Work1234x")
    with pytest.raises(UserAdminError, match="级别"):
        users.add_user(accounts, "v", "village_clerk", "Work1234x", unit_code="420999100000")


def test_cli_users(demo_db, monkeypatch, capsys):
    """The first account needs no login; after it every users command logs in (issue 14)."""
    path = str(db_path(demo_db))
    monkeypatch.setattr("sys.stdin", io.StringIO("Root1234x\n"))
    assert main(["users", "add", "boss", "--role", "county_admin", "--unit", "420999000000",
                 "--db", path, "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Root1234x\nTemp12345\n"))
    assert main(["users", "passwd", "boss", "--db", path, "--password-stdin",
                 "--user", "boss"]) == 0          # the forced change of one's own password
    monkeypatch.setattr("sys.stdin", io.StringIO("Temp12345\nWork1234x\n"))
    assert main(["users", "add", "clerk", "--role", "village_clerk", "--unit", VILLAGE,
                 "--db", path, "--user", "boss", "--password-stdin"]) == 0
    monkeypatch.setenv("YKT_PASSWORD", "Temp12345")
    assert main(["users", "unlock", "clerk", "--db", path, "--user", "boss"]) == 0
    assert main(["users", "list", "--db", path, "--user", "boss"]) == 0
    out = capsys.readouterr().out
    assert "boss" in out and "县级管理员" in out and "须改密码" in out
    monkeypatch.delenv("YKT_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("Temp12345\nx\n"))
    assert main(["users", "add", "bad", "--role", "village_clerk", "--db", path,
                 "--user", "boss", "--password-stdin"]) == 2
