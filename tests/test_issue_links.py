"""An issue registered or edited by hand names its subsidy item, person (身份证号) and household
(户编号) — command line and 问题详情 dialog — and then counts in the right return row."""

from __future__ import annotations

import pytest

from ui.context import AppContext
from ui.ledger.issue_detail import IssueDetailDialog
from ykt_desktop.cli import main
from ykt_desktop.ledger.issues import LedgerError, NewIssue, create_issue, get_issue
from ykt_desktop.ledger.links import resolve_links
from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.template import get_template
from ykt_desktop.storage import open_db


def member(db, n=0):
    """(id_number, hh_no, village, household id, person id) of a household member."""
    return db.execute("SELECT p.id_number, h.hh_no, h.village_code, h.id, p.id FROM members m "
                      "JOIN persons p ON p.id = m.person_id JOIN households h ON "
                      "h.id = m.household_id ORDER BY m.id LIMIT 1 OFFSET ?", [n]).fetchone()


def test_resolve_links_checks_and_derives_the_village(demo_db):
    number, hh_no, village, hid, pid = member(demo_db)
    dibao = demo_db.execute("SELECT id FROM subsidy_items WHERE code = 'dibao'").fetchone()[0]
    links = resolve_links(demo_db, item="城乡居民最低生活保障金", id_number=number, hh_no=hh_no)
    assert links == {"item_id": dibao, "person_id": pid, "household_id": hid,
                     "village_code": village}
    assert resolve_links(demo_db, item="dibao")["village_code"] == "420999000000"   # the unit
    assert resolve_links(demo_db, id_number=number)["village_code"] == village
    other = demo_db.execute("SELECT hh_no FROM households WHERE id <> ? LIMIT 1",
                            [hid]).fetchone()[0]
    with pytest.raises(LedgerError, match="不是户 .* 的成员"):
        resolve_links(demo_db, id_number=number, hh_no=other)
    with pytest.raises(LedgerError, match="没有补贴项目“低保”"):
        resolve_links(demo_db, item="低保")
    with pytest.raises(LedgerError, match="没有身份证号为 11010519491231002X"):
        resolve_links(demo_db, id_number="11010519491231002X")
    with pytest.raises(LedgerError, match="身份证号 110101199003077777 有误"):
        resolve_links(demo_db, id_number="110101199003077777")
    with pytest.raises(LedgerError, match="没有户编号为 X1"):
        resolve_links(demo_db, hh_no="X1")
    current = {"item_id": dibao, "person_id": pid, "household_id": hid, "village_code": village}
    assert resolve_links(demo_db, item="无", current=current) == {"item_id": None}


def test_cli_add_and_edit_set_item_person_household(demo_path, capsys):
    db = open_db(demo_path)
    number, hh_no, village, hid, pid = member(db)
    db.close()
    args = ["issues", "add", "--db", str(demo_path), "--category", "daiguan",
            "--description", "存折由村干部代管"]
    assert main([*args, "--id-number", number, "--household", hh_no]) == 0
    assert main(["issues", "add", "--db", str(demo_path), "--category", "gongshi",
                 "--description", "未公示"]) == 0
    assert main([*args, "--item", "nope"]) == 2
    assert "没有补贴项目“nope”" in capsys.readouterr().err
    db = open_db(demo_path)
    first, second = db.execute("SELECT id FROM issues ORDER BY id DESC LIMIT 2").fetchall()[::-1]
    issue = get_issue(db, first[0])
    assert (issue["person_id"], issue["household_id"], issue["village_code"],
            issue["item_id"]) == (pid, hid, village, None)
    assert get_issue(db, second[0])["village_code"] == "420999000000"   # no village: the unit
    db.close()
    assert main(["issues", "edit", "--db", str(demo_path), str(second[0]), "--item", "dibao",
                 "--household", hh_no]) == 0
    db = open_db(demo_path)
    issue = get_issue(db, second[0])
    assert issue["household_id"] == hid and issue["village_code"] == village
    assert issue["item_id"] == db.execute("SELECT id FROM subsidy_items WHERE code = "
                                          "'dibao'").fetchone()[0]
    events = db.execute("SELECT data FROM issue_events WHERE issue_id = ? AND action = 'edit'",
                        [second[0]]).fetchall()
    assert '"household_id"' in events[-1][0]          # the history keeps before and after
    db.close()
    assert main(["issues", "edit", "--db", str(demo_path), str(second[0]), "--item", "无"]) == 0
    db = open_db(demo_path)
    assert get_issue(db, second[0])["item_id"] is None
    db.close()


def test_issue_without_item_counts_in_the_unassigned_row(demo_db):
    iid = create_issue(demo_db, NewIssue(category="tanwu", description="未分项目的贪污",
                                         village_code="420999100200", amount=450.0))
    demo_db.execute("UPDATE issues SET created_at = '2025-03-01 09:00:00' WHERE id = ?", [iid])
    filled = fill(demo_db, get_template("tianmen_wenti_tongji"), "420999000000", "2025")
    row = filled.data_rows()[-1]
    assert row.label == "未分项目" and str(row.cells["c1"].value) == "0.05"     # 0.045 四舍五入
    assert str(filled.rows[-1].cells["c1"].value) == "0.05"
    assert str(fill(demo_db, get_template("tianmen_wenti_tongji"), "420999000000",
                    "2024").rows[-1].cells["c1"].value) == "0.00"            # not in 2024


def test_issue_dialog_sets_item_person_household(qtbot, demo_db):
    iid = create_issue(demo_db, NewIssue(category="gongshi", description="未公示"))
    number, hh_no, village, hid, pid = member(demo_db, 3)
    dialog = IssueDetailDialog(AppContext(demo_db), iid)
    qtbot.addWidget(dialog)
    links = dialog.links
    assert links.item.currentText() == "（不涉及具体项目）" and links.item.toolTip()
    links.item.setCurrentIndex(links.item.findData("gengdi"))
    links.id_number.setText(number)
    links.hh_no.setText("无此户")
    assert not dialog.save()
    assert "没有户编号为 无此户 的户" in dialog.message.text()
    links.hh_no.setText(hh_no)
    assert dialog.save()
    issue = get_issue(demo_db, iid)
    assert (issue["person_id"], issue["household_id"], issue["village_code"]) == (pid, hid,
                                                                                  village)
    assert dialog.links.item.currentData() == "gengdi"
    assert dialog.links.id_number.text() == number


def test_m110_on_a_database_made_before_it(county_db):
    """An older database: the split categories are added after the combined one, and an
    issue registered without a village moves to the unit's own code (counted, sent upward)."""
    from ykt_desktop.migrations.m110_returns_exact import (
        m001_split_categories,
        m002_issues_of_the_unit,
    )

    county_db.execute("DELETE FROM issue_categories WHERE code IN ('chaobiaozhun', 'chaofanwei')")
    iid = create_issue(county_db, NewIssue(category="qita", description="旧问题"))
    county_db.execute("UPDATE issues SET village_code = NULL WHERE id = ?", [iid])
    m001_split_categories(county_db)
    m002_issues_of_the_unit(county_db)
    codes = [r[0] for r in county_db.execute("SELECT code FROM issue_categories ORDER BY sort")]
    at = codes.index("chaobiao")
    assert codes[at + 1:at + 3] == ["chaobiaozhun", "chaofanwei"]
    assert get_issue(county_db, iid)["village_code"] == "420999000000"
