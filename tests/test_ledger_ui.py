"""The 问题台账 page and the issue detail dialog (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.context import AppContext
from ui.ledger.page import OVERDUE_BRUSH, LedgerPage
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue, start_rectification


def _issues(db):
    a = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    b = create_issue(db, NewIssue(category="daiguan", description="村干部代管存折"))
    start_rectification(db, b, deadline="2020-01-31")
    return a, b


def test_ledger_filters_and_overdue_highlight(qtbot, demo_db):
    visits = demo_db.execute("SELECT count(*) FROM issues").fetchone()[0]
    a, b = _issues(demo_db)
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    assert page.model.rowCount() == visits + 2
    page.overdue.setChecked(True)
    assert page.model.rowCount() == 1 and page.model.row_id(0) == b
    brush = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush == OVERDUE_BRUSH
    page.overdue.setChecked(False)
    page.category.setCurrentIndex(page.category.findData("kekou"))
    assert [page.model.row_id(r) for r in range(page.model.rowCount())] == [a]
    assert "350.00" in page.totals.text()


def test_detail_dialog_drives_the_flow(qtbot, demo_db, tmp_path):
    a, _ = _issues(demo_db)
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    dialog = page.open_issue(a)
    qtbot.addWidget(dialog)
    assert dialog.buttons["start"].isEnabled() and not dialog.buttons["close"].isEnabled()
    dialog.unit.setText("某村委会")
    dialog.deadline.setText("2026-06-30")
    assert dialog.save()
    assert dialog.start()
    assert dialog.buttons["close"].isEnabled()
    closer = dialog.close_issue()
    qtbot.addWidget(closer)
    closer.measure.setPlainText("已退还克扣资金")
    closer.submit()
    assert "佐证" in closer.error.text() and get_issue(demo_db, a)["status"] == "rectifying"
    evidence = tmp_path / "收条.png"
    evidence.write_bytes(b"\x89PNG fake")
    closer.attach(evidence)
    closer.returned.setValue(350)
    closer.submit()
    assert closer.result() == closer.DialogCode.Accepted
    qtbot.waitUntil(lambda: get_issue(demo_db, a)["status"] == "closed")
    dialog.reload()
    assert dialog.buttons["reopen"].isEnabled()
    assert not dialog.reopen("")                 # a reason is required
    assert dialog.reopen("佐证不清晰")
    assert dialog.refer("移交县纪委监委")
    statuses = [r[3] for r in dialog.events.set_rows.__self__._rows]
    assert "已销号 → 退回重改" in statuses
    assert get_issue(demo_db, a)["returned_amount"] == 350
