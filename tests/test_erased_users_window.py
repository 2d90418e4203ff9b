"""Users erased outside the app (review of issue 14, gap 2): the window must not take the
database for a new install and offer to create an administrator, nor open it without a login.
It refuses, in Chinese, with the way back; the command line does the same and lets only
``backup restore`` run."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import app as ui_app
from ui import startup
from ui.setup.wizard import SetupWizard
from ykt_desktop.cli import main
from ykt_desktop.security import users
from ykt_desktop.storage import open_db

PASSWORD = "Wang-4729-xq"


@pytest.fixture
def erased(demo_path):
    """A county database with an administrator who logged in, then the users deleted with the
    sqlite3 shell (the audit trigger on users dropped first)."""
    db = open_db(demo_path)
    users.add_user(db, "admin", "county_admin", PASSWORD, unit_code="420999000000",
                   must_change=False)
    users.log_in(db, "admin", PASSWORD)
    db.close()
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TRIGGER audit_users_delete")
    conn.execute("DELETE FROM users")
    conn.commit()
    conn.close()
    return demo_path


def _never(name: str):
    def fail(*_args, **_kwargs):
        raise AssertionError(f"{name} must not be reached")
    return fail


def test_window_refuses_a_database_whose_users_were_erased(qtbot, erased, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(SetupWizard, "exec", _never("the set-up wizard"))
    monkeypatch.setattr(startup, "log_in", _never("a login-free start"))
    monkeypatch.setattr(ui_app.MainWindow, "show", _never("the main window"))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert ui_app.main(["--db", str(erased)]) == 2
    assert len(shown) == 1
    assert "用户已全部被删除" in shown[0] and "backup restore" in shown[0], shown
    db = open_db(erased)
    try:
        assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 0   # no admin made
    finally:
        db.close()


def test_a_database_that_never_had_users_still_opens(qtbot, demo_path, monkeypatch):
    """The demo county has no users and no login in its log: opened without a login as
    before."""
    windows = []
    monkeypatch.setattr(ui_app.MainWindow, "show", lambda self: windows.append(self))
    monkeypatch.setattr(startup, "run_startup_backups", lambda *a: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert ui_app.main(["--db", str(demo_path)]) == 0
    assert len(windows) == 1
    windows[0].close()
    windows[0].ctx.db.close()


def test_command_line_refuses_all_but_restore(erased, capsys):
    assert main(["users", "add", "evil", "--role", "county_admin", "--unit", "420999000000",
                 "--db", str(erased)]) == 2
    assert "用户已全部被删除" in capsys.readouterr().err
    assert main(["backup", "restore", "--db", str(erased), "--dry-run"]) in (0, 2)
    assert "用户已全部被删除" not in capsys.readouterr().err


def test_erasing_the_login_entries_too_does_not_help(demo_path):
    """The logins and the user's creation deleted from the log as well (a chain break that
    only ``audit verify`` would show): the entries the administrator's session wrote still
    name a user, so the database is still refused."""
    db = open_db(demo_path)
    users.add_user(db, "admin", "county_admin", PASSWORD, unit_code="420999000000",
                   must_change=False)
    users.log_in(db, "admin", PASSWORD)
    with db.atomic():
        db.execute("UPDATE households SET notes = 'x' WHERE id = (SELECT min(id) FROM households)")
    db.close()
    conn = sqlite3.connect(demo_path)
    for trigger in ("audit_log_no_delete", "audit_users_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DELETE FROM users")
    conn.execute("DELETE FROM audit_log WHERE action = 'login' OR table_name = 'users'")
    conn.commit()
    conn.close()
    db = open_db(demo_path)
    try:
        assert users.users_erased(db)
    finally:
        db.close()


@pytest.fixture
def dropped(demo_path):
    """The users table dropped with the sqlite3 shell (the demo has data and audit history)."""
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TABLE users")
    conn.commit()
    conn.close()
    return demo_path


def test_a_dropped_users_table_is_refused_like_erased_users(dropped, capsys):
    """Review 2 of issue 14: no users table switched the login off for the whole CLI, and
    ``users add`` gave a traceback (no such table: users)."""
    for argv in (["users", "add", "evil", "--role", "county_admin", "--unit", "420999000000"],
                 ["issues", "list"], ["users", "list"]):
        assert main([*argv, "--db", str(dropped)]) == 2, argv
        err = capsys.readouterr().err
        assert "用户已全部被删除" in err and "Traceback" not in err, err
    db = open_db(dropped)
    try:
        assert users.users_erased(db) and not users.has_users(db)
    finally:
        db.close()


def test_window_refuses_a_dropped_users_table(qtbot, dropped, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(SetupWizard, "exec", _never("the set-up wizard"))
    monkeypatch.setattr(startup, "log_in", _never("a login-free start"))
    monkeypatch.setattr(ui_app.MainWindow, "show", _never("the main window"))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert ui_app.main(["--db", str(dropped)]) == 2
    assert len(shown) == 1 and "用户已全部被删除" in shown[0], shown


def test_restore_without_login_takes_only_the_databases_own_backup(erased, tmp_path, capsys):
    """Review 2 of issue 14: ``backup restore FILE`` without a login (allowed on an erased
    database) accepted any file, e.g. a copy of the same unit with the attacker's administrator.
    Now only a backup of this database in its backups folder."""
    from ykt_desktop import backup

    crafted = tmp_path / "crafted.db"
    conn, out = sqlite3.connect(erased), sqlite3.connect(crafted)
    conn.backup(out)
    conn.close()
    out.close()
    assert main(["backup", "restore", str(crafted), "--db", str(erased), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "备份文件夹" in err and "Traceback" not in err, err
    db = open_db(erased, backup=False)
    own = backup.backup_db(db, reason="manual")
    db.close()
    assert main(["backup", "restore", str(own), "--db", str(erased), "--dry-run"]) == 0, \
        capsys.readouterr().err
