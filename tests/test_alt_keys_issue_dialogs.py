"""Alt-letter keys (issue 18 review): the issue detail's actions, the 销号 dialog and the import
preview's 导入/取消 each have their own Alt key; in 销号, whose first field is multi-line (Enter
is a new line there), Ctrl+Enter 销号s."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from ui.context import AppContext
from ui.ledger.issue_close import IssueCloseDialog
from ui.ledger.issue_detail import IssueDetailDialog
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue, start_rectification


def alt_keys(dialog) -> list[str]:
    """The Alt key of every button the officer can press (empty where there is none)."""
    return [QKeySequence.mnemonic(b.text()).toString() for b in
            dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog) and b.text()]


def _issue(db) -> int:
    issue = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    start_rectification(db, issue, deadline="2026-06-30")
    return issue


def test_issue_detail_and_close_have_alt_keys(qtbot, demo_db):
    issue = _issue(demo_db)
    detail = IssueDetailDialog(AppContext(demo_db), issue)
    qtbot.addWidget(detail)
    for key in ("start", "close", "reopen", "refer"):
        assert QKeySequence.mnemonic(detail.buttons[key].text()).toString(), key
    keys = [k for k in alt_keys(detail) if k]
    assert len(keys) == len(set(keys)), keys
    close = IssueCloseDialog(AppContext(demo_db), issue)
    qtbot.addWidget(close)
    keys = alt_keys(close)
    assert all(keys) and len(keys) == len(set(keys)), keys


def test_ctrl_enter_closes_from_the_measure_field(qtbot, demo_db):
    issue = _issue(demo_db)
    dialog = IssueCloseDialog(AppContext(demo_db), issue)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.measure.setFocus()
    dialog.measure.insertPlainText("已追回")
    QTest.keyClick(dialog.measure, Qt.Key.Key_Return)
    assert dialog.measure.toPlainText() == "已追回\n"                 # Enter: a new line
    assert get_issue(demo_db, issue)["status"] == "rectifying"
    QTest.keyClick(dialog.measure, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: get_issue(demo_db, issue)["status"] != "rectifying"
                    or bool(dialog.error.text()))
    assert dialog.error.text() and "佐证" in dialog.error.text()   # the core's own check ran
