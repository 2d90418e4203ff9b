"""The first user administers the database (issue 18 review, security): on a database with no
users, a read-only inspector (or any role that cannot manage users) is refused as the first
account — it would lock administration out — and so is an administrator of another county."""

from __future__ import annotations

import io

import pytest

from ykt_desktop.cli import main as cli_main
from ykt_desktop.security import users
from ykt_desktop.security.users import UserAdminError


def test_cli_refuses_an_inspector_first(county_db, capsys, monkeypatch):
    path = county_db.execute("PRAGMA database_list").fetchone()[2]
    monkeypatch.setattr("sys.stdin", io.StringIO("Kouling-2026-long\n"))
    assert cli_main(["--db", path, "users", "add", "insp", "--role", "inspector",
                     "--password-stdin"]) != 0
    assert "第一个用户须为管理员（县级管理员）" in capsys.readouterr().err
    assert not users.has_users(county_db)
    monkeypatch.setattr("sys.stdin", io.StringIO("Kouling-2026-long\n"))
    assert cli_main(["--db", path, "users", "add", "boss", "--role", "县级管理员",
                     "--unit", "420999000000", "--password-stdin"]) == 0
    assert [u.username for u in users.list_users(county_db)] == ["boss"]


@pytest.mark.parametrize("role, unit", [("village_clerk", "420999100200"),
                                        ("township_reviewer", "420999100000"),
                                        ("county_admin", "420888000000")])
def test_core_refuses_a_first_user_who_cannot_administer(county_db, role, unit):
    with pytest.raises(UserAdminError, match="第一个用户"):
        users.add_user(county_db, "first", role, "Kouling-2026-long", unit_code=unit)
    assert not users.has_users(county_db)
