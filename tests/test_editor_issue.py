"""No silent overwrite in the ledger: an issue edited on the command line (its own connection)
while the detail, 销号 or 处理结果 dialog is open is not overwritten by that dialog's save;
the officer is asked to reload, and after reloading sees the command line's values."""

from __future__ import annotations

import pytest

from ui.common import stale_reload
from ui.context import AppContext
from ui.ledger.issue_discipline import IssueDisciplineDialog
from ui.ledger.page import LedgerPage
from ykt_desktop.cli import main
from ykt_desktop.ledger.issues import (
    NewIssue,
    add_evidence,
    close_issue,
    create_issue,
    get_issue,
    issue_version,
    refer_issue,
    start_rectification,
    update_issue,
)
from ykt_desktop.record_versions import StaleRecordError


@pytest.fixture
def issue(demo_db) -> int:
    return create_issue(demo_db, NewIssue(category="kekou", description="克扣低保金", amount=350))


def _cli(demo_path, issue_no: str, *options: str, capsys) -> None:
    assert main(["issues", "edit", issue_no, "--db", str(demo_path), *options]) == 0
    capsys.readouterr()


def _answers(monkeypatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return answer
    monkeypatch.setattr(stale_reload, "ask_reload", ask)
    return asked


def test_detail_save_after_a_command_line_edit_is_refused_then_reloaded(
        qtbot, demo_db, demo_path, issue, monkeypatch, capsys):
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    dialog = page.open_issue(issue)
    qtbot.addWidget(dialog)
    number = get_issue(demo_db, issue)["issue_no"]
    _cli(demo_path, number, "--unit", "县民政局", "--deadline", "2026-09-30", capsys=capsys)
    dialog.unit.setText("某村委会")
    dialog.amount.setValue(999)
    events = demo_db.execute("SELECT count(*) FROM issue_events WHERE issue_id = ?",
                             [issue]).fetchone()[0]
    asked = _answers(monkeypatch, answer=False)
    assert dialog.save() is False
    assert len(asked) == 1 and f"问题{number}在您打开后已被修改" in asked[0]
    assert "未保存" in dialog.message.text() and dialog.unit.text() == "某村委会"
    saved = get_issue(demo_db, issue)
    assert (saved["responsible_unit"], saved["deadline"], saved["amount"]) == (
        "县民政局", "2026-09-30", 350)
    assert demo_db.execute("SELECT count(*) FROM issue_events WHERE issue_id = ?",
                           [issue]).fetchone()[0] == events
    asked = _answers(monkeypatch, answer=True)
    assert dialog.save() is False and len(asked) == 1
    assert dialog.unit.text() == "县民政局" and dialog.deadline.text() == "2026-09-30"
    assert dialog.amount.value() == 350
    dialog.person.setText("王五")                   # after reloading, a save goes through
    assert dialog.save()
    saved = get_issue(demo_db, issue)
    assert (saved["responsible_unit"], saved["responsible_person"]) == ("县民政局", "王五")


def test_own_actions_do_not_make_the_detail_stale(qtbot, demo_db, issue):
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    dialog = page.open_issue(issue)
    qtbot.addWidget(dialog)
    dialog.unit.setText("某村委会")
    assert dialog.save() and dialog.start()
    dialog.deadline.setText("2026-06-30")
    assert dialog.save(), dialog.message.text()
    assert get_issue(demo_db, issue)["deadline"] == "2026-06-30"


def test_close_dialog_refuses_over_a_change_and_reloads(qtbot, demo_db, demo_path, issue,
                                                        monkeypatch, capsys):
    start_rectification(demo_db, issue)
    add_evidence(demo_db, issue, "收条.png", b"\x89PNG fake")
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    detail = page.open_issue(issue)
    qtbot.addWidget(detail)
    closer = detail.close_issue()
    qtbot.addWidget(closer)
    _cli(demo_path, get_issue(demo_db, issue)["issue_no"], "--returned", "120", capsys=capsys)
    closer.measure.setPlainText("已退还")
    closer.returned.setValue(350)
    asked = _answers(monkeypatch, answer=True)
    closer.submit()
    assert len(asked) == 1 and closer.result() != closer.DialogCode.Accepted
    assert get_issue(demo_db, issue)["status"] == "rectifying"
    assert closer.returned.value() == 120             # reloaded: the command line's figure
    closer.measure.setPlainText("已退还")
    closer.submit()
    assert closer.result() == closer.DialogCode.Accepted
    assert get_issue(demo_db, issue)["status"] == "closed"


def test_discipline_dialog_refuses_over_a_change(qtbot, demo_db, issue, monkeypatch):
    refer_issue(demo_db, issue, note="移交县纪委")
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    detail = page.open_issue(issue)
    qtbot.addWidget(detail)
    dialog = detail.discipline()
    qtbot.addWidget(dialog)
    other = AppContext(demo_db)                       # another window records the outcome
    window = IssueDisciplineDialog(other, issue)
    qtbot.addWidget(window)
    window.party.setValue(2)
    window.submit()
    assert get_issue(demo_db, issue)["party_sanctions"] == 2
    dialog.gov.setValue(1)
    asked = _answers(monkeypatch, answer=False)
    dialog.submit()
    assert len(asked) == 1
    saved = get_issue(demo_db, issue)
    assert (saved["party_sanctions"], saved["gov_sanctions"]) == (2, 0)


def test_core_compare_and_set(demo_db, issue):
    token = issue_version(demo_db, issue)
    update_issue(demo_db, issue, {"amount": 350})           # no change: still the same token
    assert issue_version(demo_db, issue) == token
    update_issue(demo_db, issue, {"responsible_unit": "甲"}, expected_version=token)
    with pytest.raises(StaleRecordError, match="在您打开后已被修改"):
        update_issue(demo_db, issue, {"responsible_unit": "乙"}, expected_version=token)
    assert get_issue(demo_db, issue)["responsible_unit"] == "甲"
    update_issue(demo_db, issue, {"responsible_unit": "丙"})   # command line: no token
    start_rectification(demo_db, issue)
    add_evidence(demo_db, issue, "a.png", b"x")
    with pytest.raises(StaleRecordError):
        close_issue(demo_db, issue, measure="m", rectified_at="2026-01-01",
                    expected_version=token)
    assert get_issue(demo_db, issue)["status"] == "rectifying"
