"""公示 › 已生成的公示 at 1366×768 (issue 18 review): the 状态 column is in view without
scrolling sideways; a long title is cut short with its whole text as the tooltip."""

from __future__ import annotations

from datetime import date, timedelta

from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop.progress import run
from ykt_desktop.publicity.compliance import notice_statuses
from ykt_desktop.publicity.model import NoticeRequest
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.records import add_posting, save_publicity


def test_status_column_in_view(qtbot, demo_db):
    start = date.today() - timedelta(days=20)
    notice = build_notice(demo_db, NoticeRequest(("dibao", "gengdi"), "2025-12", "420999100200",
                                                 start_date=start))
    pid = save_publicity(demo_db, notice, file_data=run(write_pdf_job(notice)),
                         filename="n.pdf")
    add_posting(demo_db, pid, location="村务公开栏", posted_from=start.isoformat(),
                posted_to=(start + timedelta(days=9)).isoformat())
    assert {s.publicity_id: s for s in notice_statuses(demo_db)}[pid].status == "ok"
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page_by_key("publicity")
    page.tabs.setCurrentIndex(1)
    view = page.notices
    qtbot.waitUntil(lambda: view.isVisible() and page.notices_model.rowCount() == 1)
    qtbot.wait(50)
    status = page.notices_model.columnCount() - 1
    assert page.notices_model.row(0)[status].startswith("已按规定公示")
    right = view.columnViewportPosition(status) + view.columnWidth(status)
    assert view.horizontalScrollBar().maximum() == 0
    assert 0 <= view.columnViewportPosition(status) and right <= view.viewport().width()
    text = page.notices_model.row(0)[status]
    assert view.fontMetrics().horizontalAdvance(text) <= view.columnWidth(status)
