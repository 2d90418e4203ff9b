"""Login dialog, 审计日志 and 用户与安全 pages (offscreen)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.context import AppContext
from ui.security.audit_log_page import AuditLogPage
from ui.security.login import LoginDialog
from ui.security.users_page import UsersPage
from ykt_desktop.security import users
from ykt_desktop.security.session import Session, attach, current


def _accounts(db):
    users.add_user(db, "admin", "county_admin", "Root1234x", unit_code="420999000000")
    users.log_in(db, "admin", "Root1234x")
    users.add_user(db, "clerk", "village_clerk", "Work1234x", unit_code="420999100200")


def test_login_dialog(qtbot, demo_db):
    _accounts(demo_db)
    dialog = LoginDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.username.setText("clerk")
    dialog.password.setText("nope")
    dialog.try_login()
    assert "不正确" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText("Work1234x")
    dialog.try_login()
    assert dialog.session.role == "village_clerk" and dialog.must_change
    assert current(demo_db).username == "clerk"


def test_audit_page_filters_and_respects_role(qtbot, demo_db):
    _accounts(demo_db)
    demo_db.execute("UPDATE households SET notes = 'seen' WHERE id = 3")
    page = AuditLogPage(AppContext(demo_db))
    qtbot.addWidget(page)
    assert page.model.rowCount() > 3
    page.table.setCurrentIndex(page.table.findData("households"))
    page.search()
    assert page.model.rowCount() == 1 and "共 1 条" in page.count.text()
    row = page.model.data(page.model.index(0, 4))
    assert row == "户"
    assert page.table.currentText() == "户"
    attach(demo_db, Session("clerk", "village_clerk", "420999100200"))
    page.reload()
    assert page.model.rowCount() == 0 and not page.denied.isHidden()


def test_users_page(qtbot, demo_db, tmp_path):
    _accounts(demo_db)
    page = UsersPage(AppContext(demo_db))
    qtbot.addWidget(page)
    names = [page.user_model.row(i)[0] for i in range(page.user_model.rowCount())]
    assert names == ["admin", "clerk"]
    assert all(b.isEnabled() for b in page.admin_buttons)
    attach(demo_db, Session("clerk", "village_clerk", "420999100200"))
    page.reload()
    assert not any(b.isEnabled() for b in page.admin_buttons)
    assert not page.restore_button.isEnabled() and page.backup_button.isEnabled()
    assert "村级录入员" in page.me.text()
    page.resize(1100, 680)
    page.grab().save(str(tmp_path / "users.png"))
