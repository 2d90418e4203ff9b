"""The 抽查与举报 page: draw from the page, back-check a household, the calendar on the
overview and the board, complainants masked for a village clerk, read-only stays read-only."""

from __future__ import annotations

import datetime as dt

from ui.campaign.backcheck_dialog import BackcheckDialog
from ui.campaign.page import CampaignPage
from ui.common.row_select import select_row
from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop.campaign.backcheck import record_backcheck
from ykt_desktop.campaign.calendar import add_deadline, add_phase
from ykt_desktop.campaign.complaints import register_complaint
from ykt_desktop.guidance import EMPTY_TEXTS
from ykt_desktop.security.session import Session, attach


def _page(qtbot, db, **kw) -> CampaignPage:
    page = CampaignPage(AppContext(db, **kw))
    qtbot.addWidget(page)
    return page


def test_draw_and_backcheck_from_the_page(qtbot, demo_db):
    page = _page(qtbot, demo_db)
    tab = page.samples
    assert page.empty.isVisibleTo(page) and page.empty.text() == EMPTY_TEXTS["campaign"]
    tab.seed.setText("7")
    tab.draw_button.click()
    assert tab.samples.rowCount() == 1 and not page.empty.isVisibleTo(page)
    households = demo_db.execute("SELECT count(*) FROM households").fetchone()[0]
    assert households * 0.3 <= tab.drawn.rowCount() <= households * 0.3 + 3
    assert tab.drawn.row(0)[-1] == "未复核"
    select_row(tab.drawn_view, 0)
    hid = tab._household()
    dialog = BackcheckDialog(demo_db, hid, tab.current_id(), parent=page)
    qtbot.addWidget(dialog)
    dialog.copy_original()
    dialog.table.item(0, 2).setText("99")
    dialog.checker.setText("县财政局 王复核")
    dialog.save()
    page.ctx.notify_changed(record_backcheck.changes)
    select_row(tab.sample_view, 0)
    tab.show_sample()
    assert tab.drawn.row(0)[-1].startswith("1/") and tab.rates.rowCount() == 1
    assert tab.rates.row(0)[3] == "100.0%"


def test_calendar_line_on_overview_and_board(qtbot, demo_db):
    today = dt.date.today()
    add_phase(demo_db, name="重点抽查", start=(today - dt.timedelta(days=3)).isoformat(),
              end=(today + dt.timedelta(days=20)).isoformat())
    add_deadline(demo_db, title="阶段性工作总结", due=(today - dt.timedelta(days=1)).isoformat())
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    overview = window.show_page_by_key("overview")
    qtbot.waitUntil(lambda: overview.loads >= 1, timeout=10000)
    assert "当前阶段：重点抽查" in overview.campaign.text()
    assert "逾期未报 1 项：阶段性工作总结" in overview.campaign.text()
    from ui.submissions.board import SubmissionBoard

    board = SubmissionBoard(window.ctx)
    qtbot.addWidget(board)
    board.reload()
    assert "逾期未报 1 项" in board.campaign.text()
    calendar = window.show_page_by_key("campaign").calendar
    assert calendar.phases.rowCount() == 1 and calendar.phases.row(0)[-1] == "进行中"
    assert calendar.deadlines.row(0)[-1] == "逾期未报"


def test_complainant_masked_and_read_only(qtbot, demo_db):
    village = demo_db.execute("SELECT min(village_code) FROM households").fetchone()[0]
    register_complaint(demo_db, channel="来信", received_on="2026-01-05", content="冒领",
                       complainant="王小二", contact="13800005678", village_code=village,
                       deadline="2026-01-20")
    attach(demo_db, Session("clerk", "village_clerk", village))
    page = _page(qtbot, demo_db)
    row = page.complaints.model.row(0)
    assert row[4] == "***" and row[5] == "****" and row[10] == "逾期未答复"
    page.complaints.overdue.setChecked(True)
    assert page.complaints.model.rowCount() == 1
    reader = _page(qtbot, demo_db, read_only=True)
    assert not reader.samples.draw_button.isEnabled()
    assert not reader.complaints.buttons["add"].isEnabled()
    assert not reader.self_reports.add_button.isEnabled()


def test_draw_selects_its_sample_while_ctrl_is_held(qtbot, demo_db):
    """selectRow() toggles when the last key event carried Ctrl (a Ctrl+Enter in another window
    made 抽取 show an empty list in the full suite); the draw selects its row regardless."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    page = _page(qtbot, demo_db)
    tab = page.samples
    QTest.keyClick(tab.seed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    tab.seed.setText("7")
    tab.draw_button.click()
    tab.draw_button.click()             # a second draw: row 0 is already selected once
    held = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier
    assert tab.samples.rowCount() == 2 and tab.drawn.rowCount() > 0, bool(held)
