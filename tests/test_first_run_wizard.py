"""The first-run set-up wizard, driven through its own widgets: nothing is written before 完成,
a cancelled wizard leaves the database as it was, bad answers are refused in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from ui.security.encryption_setup import RecoveryKeyDialog
from ui.setup.wizard import SetupWizard
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.security.encryption import unlock
from ykt_desktop.security.users import authenticate, list_users
from ykt_desktop.storage import DatabaseLocked, handle_of, is_encrypted, open_db
from ykt_desktop.unit import get_unit

ADMIN_PASSWORD = "Wang12345x"


def fill_unit(wizard: SetupWizard, code: str = "420999100201", name: str = "东风村") -> None:
    page = wizard.unit_page
    page.level.setCurrentIndex(page.level.findData("village"))
    page.code.setText(code)
    page.name.setText(name)


def fill_users(wizard: SetupWizard) -> None:
    page = wizard.users_page
    page.admin_name.setText("王五")
    page.admin_password.setText(ADMIN_PASSWORD)
    page.admin_again.setText(ADMIN_PASSWORD)
    page.new_user.setText("li")
    page.new_role.setCurrentIndex(page.new_role.findData("village_clerk"))
    page.new_password.setText("Clerk12345")
    page.add_extra()
    assert page.extra_list.count() == 1, page.message.text()


def run_to_end(qtbot, wizard: SetupWizard, *, passphrase: str = "", year: int = 2025) -> None:
    """Fill every page and click 下一步 up to the summary page."""
    qtbot.addWidget(wizard)
    wizard.show()
    fill_unit(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.users_page
    fill_users(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.encryption_page
    page = wizard.encryption_page
    page.enabled.setChecked(bool(passphrase))
    page.passphrase.setText(passphrase)
    page.again.setText(passphrase)
    wizard.next()
    assert wizard.currentPage() is wizard.catalogue_page
    wizard.catalogue_page.year.setValue(year)
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page


def test_full_run_writes_unit_users_and_catalogue_only_at_finish(qtbot, empty_db):
    wizard = SetupWizard(empty_db)
    run_to_end(qtbot, wizard)
    summary = wizard.summary_page.plan_text.text()
    assert "东风村" in summary and "2025 年度" in summary and "30 项" in summary
    assert "新增户" in wizard.summary_page.next_text.text()
    assert get_unit(empty_db) is None and list_users(empty_db) == []   # nothing yet
    wizard.accept()
    assert wizard.choice == "setup" and wizard.outcome.items == 30
    db = wizard.db
    unit = get_unit(db)
    assert (unit.level, unit.code, unit.name) == ("village", "420999100201", "东风村")
    users = {u.username: u for u in list_users(db)}
    assert users["admin"].role == "county_admin" and users["admin"].unit_code == "420999000000"
    assert not users["admin"].must_change            # chose the password themselves
    assert users["li"].role == "village_clerk" and users["li"].must_change
    assert authenticate(db, "admin", ADMIN_PASSWORD)[0].role == "county_admin"
    assert db.execute("SELECT count(*) FROM subsidy_items").fetchone()[0] == 30
    assert catalogue_year(db) == 2025
    assert not is_encrypted(db.execute("PRAGMA database_list").fetchone()[2])


def test_encryption_chosen_encrypts_the_file_first(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: shown.append(self.key) or 1)
    path = tmp_path / "本单位.db"
    db = open_db(path)
    wizard = SetupWizard(db)
    run_to_end(qtbot, wizard, passphrase="secret-pass-1")
    wizard.accept()
    assert wizard.choice == "setup" and len(shown) == 1
    assert wizard.db is not db and is_encrypted(path)
    assert get_unit(wizard.db).name == "东风村"
    key = handle_of(wizard.db).key
    wizard.db.close()
    with pytest.raises(DatabaseLocked):
        open_db(path)
    assert unlock(path, shown[0]) == key         # the recovery key opens it
    again = open_db(path, key=key)
    assert {u.username for u in list_users(again)} == {"admin", "li"}
    assert catalogue_year(again) == 2025
    again.close()


def test_cancel_leaves_no_unit_and_no_users(qtbot, empty_db):
    wizard = SetupWizard(empty_db)
    run_to_end(qtbot, wizard)
    wizard.reject()
    assert wizard.outcome is None and wizard.choice == ""
    assert get_unit(empty_db) is None
    assert list_users(empty_db) == []
    assert catalogue_year(empty_db) is None
    assert empty_db.execute("SELECT count(*) FROM subsidy_items").fetchone()[0] == 0
    assert empty_db.execute("SELECT count(*) FROM regions").fetchone()[0] == 0


def test_bad_code_is_refused_in_chinese(qtbot, empty_db):
    wizard = SetupWizard(empty_db)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_unit(wizard, code="12345")
    wizard.next()
    assert wizard.currentPage() is wizard.unit_page
    assert "12位" in wizard.unit_page.message.text()
    fill_unit(wizard, code="420999100000")         # a township code as a village
    wizard.next()
    assert wizard.currentPage() is wizard.unit_page
    assert "村级区划代码" in wizard.unit_page.message.text()
    fill_unit(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.users_page
    assert get_unit(empty_db) is None


def test_weak_or_mismatched_passwords_are_refused(qtbot, empty_db):
    wizard = SetupWizard(empty_db)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_unit(wizard)
    wizard.next()
    page = wizard.users_page
    page.admin_password.setText("abc")
    page.admin_again.setText("abc")
    wizard.next()
    assert wizard.currentPage() is page and "至少 8 位" in page.message.text()
    page.admin_password.setText(ADMIN_PASSWORD)
    page.admin_again.setText(ADMIN_PASSWORD + "x")
    wizard.next()
    assert wizard.currentPage() is page and "不一致" in page.message.text()
    page.new_user.setText("admin")
    page.new_password.setText("Clerk12345")
    page.add_extra()
    assert page.extra_list.count() == 0 and "已用过" in page.message.text()
    page.skip.setChecked(True)                      # no users at all is allowed
    wizard.next()
    assert wizard.currentPage() is wizard.encryption_page
    page = wizard.encryption_page
    page.passphrase.setText("short")
    page.again.setText("short")
    wizard.next()
    assert wizard.currentPage() is page and "至少 8 位" in page.message.text()


def test_failure_at_finish_keeps_the_wizard_open(qtbot, empty_db, monkeypatch):
    from ykt_desktop.unit_setup import init_unit

    wizard = SetupWizard(empty_db)
    run_to_end(qtbot, wizard)
    init_unit(empty_db, level="county", code="420999000000", name="演示县")  # meanwhile
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    wizard.accept()
    assert wizard.outcome is None and wizard.isVisible()
    assert "已设置本单位" in warned[0]
    assert list_users(empty_db) == []


def test_demo_choice_on_the_first_page(qtbot, empty_db):
    wizard = SetupWizard(empty_db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.unit_page.demo_button.click()
    assert wizard.choice == "demo"
    assert get_unit(empty_db) is None


def test_app_start_runs_the_wizard_then_asks_for_login(qtbot, tmp_path, monkeypatch):
    """``python main.py --db new.db``: wizard (filled here as a user would), then the login."""
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app
    from ui import startup

    def finish(wizard: SetupWizard) -> int:
        run_to_end(qtbot, wizard)
        wizard.accept()
        return int(wizard.result())

    logins, windows = [], []
    monkeypatch.setattr(SetupWizard, "exec", finish)
    monkeypatch.setattr(startup, "log_in", lambda ctx: logins.append(ctx) or True)
    monkeypatch.setattr(ui_app.MainWindow, "show", lambda self: windows.append(self))
    monkeypatch.setattr(startup, "run_startup_backups", lambda *a: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    path = tmp_path / "新.db"
    assert ui_app.main(["--db", str(path)]) == 0
    assert len(logins) == 1 and get_unit(logins[0].db).name == "东风村"
    assert windows and not windows[0].ctx.read_only and windows[0].banner.isHidden()
    windows[0].close()
    logins[0].db.close()


def test_app_start_demo_choice_opens_the_read_only_demo(qtbot, tmp_path, monkeypatch):
    from ui import app as ui_app

    def choose_demo(wizard: SetupWizard) -> int:
        wizard.choose_demo()
        return int(wizard.result())

    opened = []
    monkeypatch.setattr(SetupWizard, "exec", choose_demo)
    monkeypatch.setattr(ui_app, "open_demo", lambda app, path, params, **kw: opened.append(
        (path, kw)) or 0)
    path = tmp_path / "本单位.db"
    assert ui_app.main(["--db", str(path)]) == 0
    assert opened == [(ui_app.demo_db_path(), {"fresh": True, "read_only": True})]
    db = open_db(path)
    assert get_unit(db) is None          # the officer's own database stays unset
    db.close()


def test_every_wizard_input_has_a_tooltip(qtbot, empty_db):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QSpinBox

    from ui.setup.wizard import SetupWizard

    wizard = SetupWizard(empty_db)
    qtbot.addWidget(wizard)
    missing = []
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        for kind in (QLineEdit, QComboBox, QPushButton, QSpinBox, QCheckBox):
            for widget in page.findChildren(kind):
                if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QSpinBox):
                    continue
                if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
                    continue
                if not widget.toolTip() and not (isinstance(widget, QLineEdit)
                                                 and widget.placeholderText()):
                    missing.append((page.title(), type(widget).__name__,
                                    getattr(widget, "text", lambda: "")()))
    assert missing == []
