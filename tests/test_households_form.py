"""pytest-qt drives the real 一户一表 form, by keyboard: a four-person household with a card
held by a cadre and three subsidy items, a wrong ID refused, the issue raised, saved, reopened."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests.keyboard_helpers import focused, key, keys_pressed, typed
from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.households.page import HouseholdsPage
from ui.households.raise_issues import RaiseIssuesDialog
from ykt_desktop import idcard
from ykt_desktop.households.drafts import load_draft
from ykt_desktop.households.search import HouseholdFilter, search_ids

CTRL = Qt.KeyboardModifier.ControlModifier
PEOPLE = [("张三丰", idcard.make("420999", dt.date(1940, 5, 6), 11), "户主"),
          ("李秀英", idcard.make("420999", dt.date(1942, 7, 8), 12), "配偶"),
          ("张伟", idcard.make("420999", dt.date(1970, 1, 2), 13), "子"),
          ("张芳", idcard.make("420999", dt.date(1972, 3, 4), 14), "女")]
ITEMS = [("张三丰", "高龄津贴（80-89周岁）", "2025-12", "100"),
         ("李秀英", "高龄津贴（80-89周岁）", "2025-12", "100"),
         ("张三丰", "耕地地力保护补贴", "2025", "600")]


def village(db) -> tuple[str, str]:
    return db.execute("SELECT v.code, g.code FROM regions v JOIN regions g ON g.parent_code = "
                      "v.code WHERE v.level = 'village' ORDER BY v.code, g.code LIMIT 1"
                      ).fetchone()


def open_new(qtbot, db) -> HouseholdFormDialog:
    ctx = AppContext(db)
    ctx.user = "测试员"
    code, group = village(db)
    dialog = HouseholdFormDialog(ctx, village_code=code, group_code=group)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    # a window left by an earlier test may still hold the focus: wait for this one's
    qtbot.waitUntil(lambda: focused() is not None and dialog.isAncestorOf(focused()))
    return dialog


def enter_members(qtbot, dialog) -> None:
    key(Qt.Key.Key_Tab, CTRL)                           # 户信息 -> 成员
    assert dialog.tabs.currentWidget() is dialog.members
    assert focused() is dialog.members.name
    for i, (name, number, relation) in enumerate(PEOPLE):
        typed(name)
        key(Qt.Key.Key_Tab)
        assert focused() is dialog.members.id_number
        if i == 0:                                      # a wrong check digit first
            typed(number[:-1] + ("0" if number[-1] != "0" else "1"))
            key(Qt.Key.Key_Return)
            assert "校验位错误" in dialog.members.message.text()
            assert "校验位错误" in dialog.members.id_number.feedback.text()
            assert dialog.record.members == []
            assert focused() is dialog.members.id_number
            key(Qt.Key.Key_A, CTRL)
        typed(number)
        assert "岁" in dialog.members.id_number.feedback.text()
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_A, CTRL)
        typed(relation)
        key(Qt.Key.Key_Return)
        assert focused() is dialog.members.name
    assert [m.name for m in dialog.record.members] == [p[0] for p in PEOPLE]
    assert dialog.members.model.rowCount() == 4


def enter_cadre_card(dialog) -> None:
    key(Qt.Key.Key_Tab, CTRL)                           # 成员 -> 卡折
    cards = dialog.cards
    assert focused() is cards.owner
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Down)                                # 社保卡 -> 一卡通存折
    key(Qt.Key.Key_Tab)
    typed("中国农业银行")
    key(Qt.Key.Key_Tab)
    typed("6228480000000000123")
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)                                # 本人 -> 家属 -> 村干部
    key(Qt.Key.Key_Tab)
    typed("王书记")
    key(Qt.Key.Key_Return)                              # consent left unticked
    card = dialog.record.members[0].cards[0]
    assert (card.card_type, card.custodian, card.custodian_name, card.consent) == (
        "passbook", "cadre", "王书记", False)
    assert "村干部保管且本人未同意" in cards.model.row(0)[-1]


def enter_items(dialog) -> None:
    key(Qt.Key.Key_Tab, CTRL)                           # 卡折 -> 补贴核对
    tab = dialog.subsidies
    for member, item, period, amount in ITEMS:
        assert focused() is tab.member or focused().parent() is tab.member
        typed(member)
        key(Qt.Key.Key_Tab)
        typed(item)
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_A, CTRL)
        typed(period)
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_Down)                            # 未问 -> 已收到
        key(Qt.Key.Key_Tab)
        typed(amount)
        key(Qt.Key.Key_Return)
    assert len(dialog.record.statements) == 3
    assert tab.model.rowCount() == 3


def enter_visit(dialog) -> None:
    key(Qt.Key.Key_Tab, CTRL)                           # 补贴核对 -> 入户核查
    assert focused() is dialog.visit.visit_date
    key(Qt.Key.Key_Tab)
    typed("李明 张华")
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Down)                                # -> 已核查


def test_keyboard_household_with_cadre_card_issue_save_and_reopen(qtbot, demo_db):
    dialog = open_new(qtbot, demo_db)
    assert focused() is dialog.info.address      # the village is known: typing starts here
    pressed = keys_pressed()
    typed("东风村一组99号")
    enter_members(qtbot, dialog)
    enter_cadre_card(dialog)
    enter_items(dialog)
    enter_visit(dialog)
    assert dialog.record.visit.result == "verified"
    raise_dialog = RaiseIssuesDialog(demo_db, dialog.record, dialog)
    qtbot.addWidget(raise_dialog)
    assert "daiguan" in {d.category for d in raise_dialog.candidates}
    raise_dialog.accept()
    dialog.add_issues(raise_dialog.result_issues)
    assert "保存时挂号" in dialog.issues.model.row(0)[0]
    key(Qt.Key.Key_S, CTRL)
    assert not dialog.dirty, dialog.status.text()
    # non-text keys for 4 members, 1 card, the statements, the visit and Ctrl+S: 56 (issue 18:
    # 86 in a walk by hand before; the raise-issues dialog above is opened by the test)
    assert keys_pressed() - pressed <= 56, keys_pressed() - pressed
    hid = dialog.record.id
    dialog.close()

    again = HouseholdFormDialog(AppContext(demo_db), hid)
    qtbot.addWidget(again)
    r = again.record
    assert r.address == "东风村一组99号"
    assert [(m.name, m.id_number, m.relation) for m in r.members] == PEOPLE
    assert r.members[0].cards[0].custodian == "cadre"
    assert sorted((s.item_id, s.period, s.amount) for s in r.statements) == sorted(
        (demo_db.execute("SELECT id FROM subsidy_items WHERE name = ?", [i[1]]).fetchone()[0],
         i[2], float(i[3])) for i in ITEMS)
    assert r.visit.result == "verified" and r.visit.verifiers == "李明 张华"
    issues = again.issues.model
    assert issues.rowCount() >= 1
    assert any(issues.row(i)[1] == "违规代管/扣押“一卡通”" and "-WT" in issues.row(i)[0]
               for i in range(issues.rowCount()))
    assert demo_db.execute("SELECT category, card_id FROM issues WHERE household_id = ?",
                           [hid]).fetchone() == ("daiguan", r.members[0].cards[0].id)
    assert again.members.model.rowCount() == 4 and again.cards.model.rowCount() == 1


def test_form_without_members_is_not_saved(qtbot, demo_db):
    dialog = open_new(qtbot, demo_db)
    before = demo_db.execute("SELECT count(*) FROM households").fetchone()[0]
    dialog.save()
    assert "未保存" in dialog.status.text() and "至少要有一名成员" in dialog.status.text()
    assert demo_db.execute("SELECT count(*) FROM households").fetchone()[0] == before


def test_draft_autosave_close_prompt_and_restore(qtbot, demo_db):
    dialog = open_new(qtbot, demo_db)
    key(Qt.Key.Key_Tab, CTRL)
    typed(PEOPLE[0][0])
    key(Qt.Key.Key_Tab)
    typed(PEOPLE[0][1])
    key(Qt.Key.Key_Return)
    assert dialog.dirty
    qtbot.waitUntil(lambda: load_draft(demo_db, dialog.key) is not None, timeout=5000)
    asked = []
    dialog.ask = lambda title, text, buttons: asked.append(text) or dialog.ask_answer
    dialog.ask_answer = QMessageBox.StandardButton.Cancel
    dialog.reject()
    assert dialog.isVisible() and "未保存的修改" in asked[0]
    dialog.ask_answer = QMessageBox.StandardButton.Discard
    dialog.autosave.stop()
    dialog.save_draft()
    # a new form for the same user offers the draft and restores it
    second = HouseholdFormDialog(dialog.ctx, village_code=dialog.record.village_code)
    qtbot.addWidget(second)
    second.ask = lambda *a: QMessageBox.StandardButton.Yes
    assert second.offer_draft()
    assert [m.name for m in second.record.members] == [PEOPLE[0][0]]
    assert second.members.model.rowCount() == 1
    dialog.reject()
    assert not dialog.isVisible()
    assert load_draft(demo_db, dialog.key) is None


def test_signature_drawn_with_the_mouse_is_stored(qtbot, demo_db):
    hid = next(h for h in search_ids(demo_db, HouseholdFilter(status="verified"))
               if all(idcard.is_valid(r[0]) for r in demo_db.execute(
                   "SELECT id_number FROM persons p JOIN members m ON m.person_id = p.id "
                   "WHERE m.household_id = ?", [h])))
    dialog = HouseholdFormDialog(AppContext(demo_db), hid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.visit)
    pad = dialog.visit.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    for x in range(30, 200, 10):
        QTest.mouseMove(pad, QPoint(x, 20 + x // 4))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 70))
    assert dialog.record.visit.signature is not None and dialog.dirty
    assert dialog.save(), dialog.status.text()
    data = demo_db.execute("SELECT a.data, a.kind FROM verifications v JOIN attachments a ON "
                           "a.id = v.signature_attachment_id WHERE v.household_id = ?",
                           [hid]).fetchone()
    assert data[1] == "signature" and bytes(data[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_page_lists_filters_and_searches(qtbot, demo_db):
    page = HouseholdsPage(AppContext(demo_db))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.loads == 1)     # lists are found off the GUI thread
    assert page.model.rowCount() == 90 and "90" in page.count.text()
    head, initials = demo_db.execute(
        "SELECT p.name, p.name_initials FROM households h JOIN persons p ON "
        "p.id = h.head_person_id ORDER BY h.id LIMIT 1").fetchone()
    page.search.setText(initials)
    page.apply_filter()
    qtbot.waitUntil(lambda: page.loads == 2)
    expected = search_ids(demo_db, HouseholdFilter(text=initials))
    assert page.model.rowCount() == len(expected) >= 1
    assert head in {page.model.row_values(i)[4] for i in range(len(expected))}
    page.search.setText("")
    page.status.setCurrentIndex(page.status.findData("verified"))
    qtbot.waitUntil(lambda: page.loads == 3)
    verified = demo_db.execute("SELECT count(*) FROM households WHERE verify_status = "
                               "'verified'").fetchone()[0]
    assert page.model.rowCount() == verified


def test_reason_out_of_the_tab_order_when_verified(qtbot, demo_db):
    dialog = open_new(qtbot, demo_db)
    dialog.tabs.setCurrentWidget(dialog.visit)
    dialog.visit.result.setFocus()
    key(Qt.Key.Key_Down)                                  # -> 已核查
    assert dialog.visit.result.currentData() == "verified"
    key(Qt.Key.Key_Tab)
    assert focused() is dialog.visit.confirmed            # 无法核查原因 skipped
    dialog.visit.result.setCurrentIndex(dialog.visit.result.findData("unable"))
    dialog.visit.result.setFocus()
    key(Qt.Key.Key_Tab)
    assert focused() is dialog.visit.reason
    assert "扫描件" in dialog.visit.pad.toolTip()
    dialog.dirty = False
