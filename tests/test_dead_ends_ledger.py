"""No dead ends in 问题台账 and 公示 (issue 18): the evidence error goes once evidence is added, an
empty 退回 reason keeps the dialog and the typed text, a reopened issue shows no stale 整改措施,
evidence opens from the issue (a temporary copy), 公示 counts only the days that have passed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ui.context import AppContext
from ui.ledger.page import LedgerPage
from ui.publicity.page import PublicityPage
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue, start_rectification
from ykt_desktop.progress import run
from ykt_desktop.publicity.compliance import notice_statuses
from ykt_desktop.publicity.model import NoticeRequest
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.records import add_posting, save_publicity


def _closed_issue(qtbot, db, tmp_path):
    issue = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    start_rectification(db, issue, deadline="2026-06-30")
    page = LedgerPage(AppContext(db))
    qtbot.addWidget(page)
    dialog = page.open_issue(issue)
    qtbot.addWidget(dialog)
    closer = dialog.close_issue()
    qtbot.addWidget(closer)
    closer.measure.setPlainText("已退还克扣资金")
    closer.submit()
    assert "佐证" in closer.error.text()
    evidence = tmp_path / "收条.png"
    evidence.write_bytes(b"\x89PNG receipt")
    closer.attach(evidence)
    assert closer.error.text() == ""           # the cause is fixed: the error is gone
    closer.submit()
    qtbot.waitUntil(lambda: get_issue(db, issue)["status"] == "closed")
    return issue, dialog


def test_reopen_keeps_typed_text_and_drops_stale_measure(qtbot, demo_db, tmp_path):
    issue, dialog = _closed_issue(qtbot, demo_db, tmp_path)
    assert "整改措施：已退还克扣资金" in dialog.message.text()
    prompt = dialog._reopen_clicked()
    qtbot.addWidget(prompt)
    prompt.text.setPlainText("   ")
    prompt.try_accept()
    assert prompt.isVisible() and prompt.error.text() == "请先填写内容"
    prompt.text.setPlainText("佐证照片看不清")
    prompt.try_accept()
    assert not prompt.isVisible() and get_issue(demo_db, issue)["status"] == "reopened"
    assert "整改措施" not in dialog.message.text()
    assert "完成" not in dialog.message.text()


def test_refused_text_stays_in_the_dialog(qtbot, demo_db, tmp_path):
    issue, dialog = _closed_issue(qtbot, demo_db, tmp_path)
    dialog.reopen("第一次退回")
    prompt = dialog._reopen_clicked()          # already reopened: the core refuses
    qtbot.addWidget(prompt)
    prompt.text.setPlainText("再次退回的理由")
    prompt.try_accept()
    assert prompt.isVisible() and prompt.text.toPlainText() == "再次退回的理由"
    assert prompt.error.text()


def test_evidence_opens_from_the_issue(qtbot, demo_db, tmp_path, monkeypatch):
    _, dialog = _closed_issue(qtbot, demo_db, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(QUrl(url).toLocalFile()) or True))
    assert dialog.evidence.open_button.isEnabled()
    dialog.evidence.open_button.click()
    assert len(opened) == 1 and opened[0].endswith("收条.png")
    assert Path(opened[0]).read_bytes() == b"\x89PNG receipt"
    assert str(tmp_path) not in opened[0]      # a copy, not the officer's original


def test_publicity_counts_only_days_passed(qtbot, demo_db):
    today = date.today()
    notice = build_notice(demo_db, NoticeRequest(("dibao",), "2025-07", "420999100200",
                                                 start_date=today))
    pid = save_publicity(demo_db, notice, file_data=run(write_pdf_job(notice)),
                         filename="n.pdf")
    add_posting(demo_db, pid, location="村务公开栏", posted_from=today.isoformat(),
                posted_to=(today + timedelta(days=6)).isoformat())
    status = {s.publicity_id: s for s in notice_statuses(demo_db)}[pid]
    assert (status.posted_days, status.status) == (1, "pending")
    later = {s.publicity_id: s for s in notice_statuses(
        demo_db, as_of=today + timedelta(days=6))}[pid]
    assert (later.posted_days, later.status) == (7, "ok")
    page = PublicityPage(AppContext(demo_db))
    qtbot.addWidget(page)
    row = next(page.notices_model.row(r) for r in range(page.notices_model.rowCount())
               if page.notices_model.row(r)[0] == pid)
    assert row[-1] == "公示期未结束"


def test_closing_punctuation_never_starts_a_line():
    from ykt_desktop.publicity.textfit import wrap

    text = "公示期间如有异议，请向村委会或乡镇人民政府反映，监督电话：0712-1234567。"
    for room in range(60, 420, 3):
        lines = wrap(text, 10, room)
        assert "".join(lines) == text
        assert not any(line[:1] in set("。，：") for line in lines), (room, lines)
