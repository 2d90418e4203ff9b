"""One 一户一表 per household, and no silent overwrite: a double-click on 户列表 opens one form,
asking again brings it to the front, and a save over changes made elsewhere (another window,
an import's executemany on another connection) is refused with the reload question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.common import stale_reload
from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.households.open_form import open_forms
from ui.households.page import HouseholdsPage
from ykt_desktop.households.load import load_household
from ykt_desktop.households.records import HouseholdRecord, IssueDraft
from ykt_desktop.households.save import save_household
from ykt_desktop.households.validate import validate
from ykt_desktop.record_versions import StaleRecordError
from ykt_desktop.storage import open_db


def _page(qtbot, db) -> HouseholdsPage:
    page = HouseholdsPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.loads >= 1)        # the list is found off the GUI thread
    return page


def _valid(db, *, with_card: bool = False) -> list[int]:
    """Households whose saved data passes the form's checks (the demo plants wrong IDs)."""
    ids = [r[0] for r in db.execute("SELECT id FROM households ORDER BY id").fetchall()]
    out = []
    for hid in ids:
        record = load_household(db, hid)
        if not validate(db, record) and (not with_card or any(m.cards for m in record.members)):
            out.append(hid)
    return out


def _forms(page: HouseholdsPage) -> list[HouseholdFormDialog]:
    return [d for d in page.findChildren(HouseholdFormDialog) if d.isVisible()]


def _close_all(page: HouseholdsPage) -> None:
    for form in _forms(page):
        form.dirty = False
        form.reject()


def test_double_click_on_a_row_opens_one_form(qtbot, demo_db):
    page = _page(qtbot, demo_db)
    rect = page.view.visualRect(page.model.index(2, 4))
    assert rect.isValid()
    # what a real double-click delivers: press + release, then the second press as a DblClick
    # (QTest's mouseDClick alone sends no first click, and the view ignores it)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    forms = _forms(page)
    assert len(forms) == 1, [f.windowTitle() for f in forms]
    assert forms[0].record.id == page.model.row_id(2)
    _close_all(page)


def test_asking_again_brings_the_open_form_to_the_front(qtbot, demo_db):
    page = _page(qtbot, demo_db)
    first, second = page.model.row_id(0), page.model.row_id(1)
    a = page.open_form(first)
    b = page.open_form(second)
    assert a is not b
    qtbot.waitUntil(lambda: QApplication.activeWindow() is b)
    again = page.open_form(first)
    assert again is a and len(_forms(page)) == 2
    qtbot.waitUntil(lambda: QApplication.activeWindow() is a)
    assert set(open_forms(page.ctx)) == {first, second}
    a.reject()                                  # closed: the next request opens a fresh form
    assert set(open_forms(page.ctx)) == {second}
    fresh = page.open_form(first)
    assert fresh is not a and fresh.isVisible()
    _close_all(page)


def test_a_new_household_once_saved_is_found_open(qtbot, demo_db):
    page = _page(qtbot, demo_db)
    record = load_household(demo_db, _valid(demo_db)[0])
    form = page.open_form(None)
    form.record.village_code = record.village_code
    form.record.members = [m for m in record.members[:1]]
    form.record.members[0].person_id = None
    form.record.members[0].cards = []
    form.record.address = "新户地址1号"
    assert form.save(), form.status.text()
    assert page.open_form(form.record.id) is form
    _close_all(page)


def _edit_address(form: HouseholdFormDialog, text: str) -> None:
    form.info.address.setText(text)
    form.info.address.textEdited.emit(text)
    assert form.dirty and form.record.address == text


def _refusals(monkeypatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return answer
    monkeypatch.setattr(stale_reload, "ask_reload", ask)
    return asked


def test_save_over_another_windows_save_is_refused_then_reloaded(qtbot, demo_db, monkeypatch):
    page = _page(qtbot, demo_db)
    hid = _valid(demo_db)[0]
    form = page.open_form(hid)
    other = load_household(demo_db, hid)           # another window saves first
    other.phone = "13911112222"
    save_household(demo_db, other)
    _edit_address(form, "我的修改1号")
    asked = _refusals(monkeypatch, answer=False)    # 取消: stay, edits kept, nothing saved
    assert form.save() is False
    assert len(asked) == 1 and f"户{other.hh_no}在您打开后已被修改" in asked[0]
    assert "重新载入" in asked[0] and "未保存" in form.status.text()
    saved = load_household(demo_db, hid)
    assert saved.phone == "13911112222" and saved.address == other.address
    assert form.dirty and form.record.address == "我的修改1号"
    asked = _refusals(monkeypatch, answer=True)     # 重新载入: the other window's data shown
    assert form.save() is False and len(asked) == 1
    assert form.info.phone.text() == "13911112222" and not form.dirty
    assert form.info.address.text() == saved.address
    _edit_address(form, "我的修改2号")               # and now a save goes through
    assert form.save(), form.status.text()
    after = load_household(demo_db, hid)
    assert (after.address, after.phone) == ("我的修改2号", "13911112222")
    _close_all(page)


def test_an_import_on_another_connection_is_detected(qtbot, demo_db, demo_path, monkeypatch):
    """Bulk paths bypass the UI and may pause audit triggers: a card, a person and a
    statement changed by executemany on a second connection all make the save refuse."""
    page = _page(qtbot, demo_db)
    hid = _valid(demo_db)[1]
    form = page.open_form(hid)
    member = form.record.members[0]
    other = open_db(demo_path)
    try:
        with other.atomic():
            other.conn.executemany("UPDATE persons SET phone = ? WHERE id = ?",
                                   [("13800000001", member.person_id)])
    finally:
        other.close()
    _edit_address(form, "导入时我在改")
    asked = _refusals(monkeypatch, answer=False)
    before = demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert form.save() is False and len(asked) == 1
    assert demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert load_household(demo_db, hid).address != "导入时我在改"
    _close_all(page)


def test_the_form_refuses_also_when_a_card_changed(qtbot, demo_db, monkeypatch):
    hid = _valid(demo_db, with_card=True)[2]
    page = _page(qtbot, demo_db)
    form = page.open_form(hid)
    card = next(c for m in form.record.members for c in m.cards)
    demo_db.execute("UPDATE cards SET notes = '导入修改' WHERE id = ?", [card.id])
    demo_db.conn.commit()
    _edit_address(form, "卡折被改后")
    asked = _refusals(monkeypatch, answer=True)
    assert form.save() is False and len(asked) == 1
    reloaded = next(c for m in form.record.members for c in m.cards if c.id == card.id)
    assert reloaded.notes == "导入修改" and form.record.address != "卡折被改后"
    _close_all(page)


def test_core_refuses_a_stale_record_and_writes_nothing(demo_db):
    hid = _valid(demo_db)[0]
    save_household(demo_db, load_household(demo_db, hid))   # links statements to the visit
    mine, theirs = load_household(demo_db, hid), load_household(demo_db, hid)
    assert mine.version and mine.version == theirs.version
    save_household(demo_db, load_household(demo_db, hid))   # no value changed (updated_at did)
    assert load_household(demo_db, hid).version == mine.version
    theirs.members[0].notes = "另一个窗口的备注"
    save_household(demo_db, theirs)
    mine.address = "不该写入"
    mine.new_issues = [IssueDraft(category="daiguan", description="不该挂号")]
    issues = demo_db.execute("SELECT count(*) FROM issues").fetchone()[0]
    with pytest.raises(StaleRecordError, match=f"户{mine.hh_no}在您打开后已被修改"):
        save_household(demo_db, mine)
    assert demo_db.execute("SELECT count(*) FROM issues").fetchone()[0] == issues
    now = load_household(demo_db, hid)
    assert now.address != "不该写入" and now.members[0].notes == "另一个窗口的备注"
    mine.version = ""                          # no token (command line, an older draft)
    save_household(demo_db, mine)
    assert load_household(demo_db, hid).address == "不该写入"


def test_the_token_survives_a_draft(demo_db):
    record = load_household(demo_db, _valid(demo_db)[0])
    assert HouseholdRecord.from_dict(record.to_dict()).version == record.version


def test_every_place_opens_household_forms_through_the_registry():
    """A form built anywhere else would escape the one-form-per-household rule."""
    root = Path(__file__).resolve().parent.parent / "ui"
    builders = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                      if re.search(r"(?<!class )HouseholdFormDialog\(",
                                   p.read_text(encoding="utf-8")))
    assert builders == ["households/open_form.py"]


def test_a_closed_form_is_freed_not_kept_as_a_child_of_the_page(qtbot, demo_db):
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    page = _page(qtbot, demo_db)
    first, second = _valid(demo_db)[:2]
    closed = page.open_form(first)
    closed.reject()
    shut = page.open_form(second)
    shut.dirty = False
    shut.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(closed) and not isValid(shut)
    assert page.findChildren(HouseholdFormDialog) == [] and open_forms(page.ctx) == {}
    again = page.open_form(first)                # and the household opens again afterwards
    assert isValid(again) and again.record.id == first
    _close_all(page)
