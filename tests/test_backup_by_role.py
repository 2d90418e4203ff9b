"""立即备份 by role (review of issue 14): a backup is a file with every person's data, so the
read-only inspector may not write one, neither from the command line nor from the window; every
other role may. Each role logs in on the same database with villages A and B."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_db
from ykt_desktop.backup import backup_now, list_backups
from ykt_desktop.cli import main
from ykt_desktop.security import passwords, users
from ykt_desktop.security.session import PermissionDenied
from ykt_desktop.storage import open_db

ROLES = {"county_admin": "420999000000", "village_clerk": "420999100200",
         "township_reviewer": "420999100000", "inspector": ""}
PASSWORD = "Pass1234x"


@pytest.fixture(scope="module", autouse=True)
def cheap_hashes():
    from argon2 import PasswordHasher

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER",
                      PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="module")
def template(demo_template: Path, tmp_path_factory) -> Path:
    path = copy_db(demo_template, tmp_path_factory.mktemp("backup_roles") / "roles.db")
    db = open_db(path)
    for role, unit in ROLES.items():
        users.add_user(db, role, role, PASSWORD, unit_code=unit, must_change=False)
    db.close()
    return path


@pytest.mark.parametrize("role", sorted(ROLES))
def test_backup_now_on_the_command_line(template, tmp_path, role, capsys, monkeypatch):
    db_file = copy_db(template, tmp_path / "roles.db")
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    code = main(["backup", "now", "--db", str(db_file), "--user", role])
    err = capsys.readouterr().err
    manual = [p for p in list_backups(db_file) if "-manual" in p.name]
    if role == "inspector":
        assert code == 2 and not manual, err
        assert "不能立即备份" in err and "只读" in err and "Traceback" not in err
    else:
        assert code == 0 and len(manual) == 1, err


@pytest.mark.parametrize("role", sorted(ROLES))
def test_backup_now_in_the_core(template, tmp_path, role):
    from ykt_desktop.security.session import current

    db_file = copy_db(template, tmp_path / "roles.db")
    db = open_db(db_file)
    users.log_in(db, role, PASSWORD)
    assert current(db).role == role
    if role == "inspector":
        with pytest.raises(PermissionDenied, match="不能立即备份"):
            backup_now(db)
        assert not list_backups(db_file)
    else:
        assert backup_now(db).exists()
    db.close()


def test_backup_button_of_the_window_for_the_inspector(template, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.context import AppContext
    from ui.security.users_page import UsersPage

    db_file = copy_db(template, tmp_path / "roles.db")
    db = open_db(db_file)
    users.log_in(db, "inspector", PASSWORD)
    page = UsersPage(AppContext(db))
    qtbot.addWidget(page)
    assert not page.backup_button.isEnabled()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    page.backup_now()           # reached anyway (a shortcut, a script): refused in words
    assert shown and "不能立即备份" in shown[0]
    assert not [p for p in list_backups(db_file) if "-manual" in p.name]
