"""上级退回意见 where they concern: after a village imports its township's return, the household
form and the issue detail show each comment, and the ledger marks the issue — also for a
read-only role (an inspector logged in, the form in view mode)."""

from __future__ import annotations

import pytest
from exchange_support import PERIOD, export, make_chain, send

from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.ledger.page import COMMENT_COLUMN, LedgerPage
from ykt_desktop.exchange.correction import Comment, import_return, write_return
from ykt_desktop.exchange.return_comments import household_comments, issue_comments
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.security import users
from ykt_desktop.security.session import detach
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """A village whose submission the township returned with comments on a household, one of
    its issues and the package as a whole; the village has imported the return file."""
    folder = tmp_path_factory.mktemp("exchange-comments")
    chain = make_chain(folder)
    village = next(iter(chain.villages))
    town_path = chain.townships[chain.parent[village]]
    vdb = open_db(chain.villages[village])
    households = vdb.execute("SELECT id, hh_no FROM households ORDER BY id").fetchall()
    (hh_id, hh_no), other = households[0], households[-1][0]
    category = vdb.execute("SELECT code FROM issue_categories ORDER BY sort LIMIT 1").fetchone()[0]
    issue_id = create_issue(vdb, NewIssue(category=category, description="测试问题",
                                          village_code=village, household_id=hh_id))
    issue_no = vdb.execute("SELECT issue_no FROM issues WHERE id = ?", [issue_id]).fetchone()[0]
    vdb.close()
    package = export(chain.villages[village], folder / "v1.ykt")
    send(town_path, package)
    town = open_db(town_path)
    write_return(town, village, PERIOD, [
        Comment("package", "", "核查率偏低"),
        Comment("households", hh_no, "地址不全，请补门牌号"),
        Comment("issues", f"{village}-{issue_no}", "整改措施未填")],
        folder / "r.ykr", author="乡镇审核员")
    town.close()
    vdb = open_db(chain.villages[village])
    assert import_return(vdb, folder / "r.ykr") == 3
    users.add_user(vdb, "admin", "county_admin", "Guanli2567qz", unit_code="420999000000")
    users.add_user(vdb, "jj", "inspector", "Work2567qz", unit_code="", must_change=False)
    users.log_in(vdb, "jj", "Work2567qz")
    yield vdb, hh_id, other, issue_id
    detach(vdb)
    vdb.close()


def test_core_reads_comments_with_unit_time_and_submission(returned):
    db, hh_id, other, issue_id = returned
    comments = household_comments(db, hh_id)
    assert {c.text for c in comments} == {"整改措施未填", "地址不全，请补门牌号"}
    c = next(c for c in comments if c.target_table == "households")
    assert c.submission == "v1.ykt" and c.period == PERIOD and c.author == "乡镇审核员"
    assert c.from_unit and c.from_unit != c.author and c.created_at
    assert "退回上报 v1.ykt" in c.line() and not c.resolved
    assert [c.text for c in issue_comments(db, issue_id)] == ["整改措施未填"]
    assert household_comments(db, other) == []


def test_household_form_shows_the_comments_read_only(qtbot, returned):
    db, hh_id, other, _ = returned
    dialog = HouseholdFormDialog(AppContext(db, read_only=True), hh_id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "上级退回意见(&T)" in titles
    tab = dialog.return_comments
    texts = {tab.model.row(r)[2] for r in range(tab.model.rowCount())}
    assert texts == {"地址不全，请补门牌号", "整改措施未填"}
    row = next(tab.model.row(r) for r in range(tab.model.rowCount())
               if tab.model.row(r)[2] == "整改措施未填")
    assert row[0] == "未处理" and row[1].startswith("问题 420999") and row[6] == "v1.ykt"
    assert not dialog.notice.isHidden() and "上级退回意见2条（未处理2条）" in dialog.notice.text()
    plain = HouseholdFormDialog(AppContext(db, read_only=True), other)
    qtbot.addWidget(plain)
    assert plain.return_comments is None and plain.notice.isHidden()
    assert "上级退回意见(&T)" not in [plain.tabs.tabText(i) for i in range(plain.tabs.count())]


def test_ledger_marks_the_issue_and_the_detail_lists_the_comment(qtbot, returned):
    db, _, _, issue_id = returned
    page = LedgerPage(AppContext(db, read_only=True))
    qtbot.addWidget(page)
    row = page.model.row_of(issue_id)
    assert row >= 0
    mark = page.model.index(row, COMMENT_COLUMN)
    assert page.model.data(mark) == "未处理1条"
    others = [page.model.data(page.model.index(r, COMMENT_COLUMN))
              for r in range(page.model.rowCount()) if r != row]
    assert set(others) <= {""}
    dialog = page.open_issue(issue_id)
    qtbot.addWidget(dialog)
    assert not dialog.return_comments.isHidden()
    text = dialog.return_comments.text()
    assert "整改措施未填" in text and "乡镇审核员" in text and "v1.ykt" in text


def test_issues_show_on_the_command_line_lists_the_comment(returned, capsys, monkeypatch):
    from ykt_desktop.cli import main
    from ykt_desktop.storage import db_path

    db, _, _, issue_id = returned
    issue_no = db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue_id]).fetchone()[0]
    monkeypatch.setenv("YKT_PASSWORD", "Work2567qz")      # the database has users: log in
    assert main(["issues", "show", "--db", str(db_path(db)), issue_no, "--user", "jj"]) == 0
    out = capsys.readouterr().out
    assert "上级退回意见：" in out and "整改措施未填" in out and "（未处理）" in out
