"""抽查与举报 editors that load a record and write it back. 政策清单 → 编辑项目信息…: the
item's 政策依据 / 补贴对象 / 监督电话 changed elsewhere while the dialog is open are not
overwritten; 重新载入 shows them and the dialog stays open; a save after that goes through. The
dialog starts from the saved fields, not from an older preview. 工作日程 → 修改阶段日期: the
same for a phase's dates."""

from __future__ import annotations

import pytest

from ui.campaign.calendar_tab import CalendarTab
from ui.campaign.common import FormDialog
from ui.campaign.policy_tab import PolicyTab
from ui.common import stale_reload
from ui.context import AppContext
from ykt_desktop.campaign import calendar
from ykt_desktop.campaign.catalogue_fields import policy_fields, set_policy_fields
from ykt_desktop.record_versions import StaleRecordError


def _tab(qtbot, db) -> PolicyTab:
    tab = PolicyTab(AppContext(db))
    qtbot.addWidget(tab)
    tab.scope.setCurrentIndex(max(0, tab.scope.count() - 1))
    tab.preview()
    assert tab.item_codes
    tab.item_view.selectRow(0)
    return tab


def test_item_fields_changed_elsewhere_are_not_overwritten(qtbot, demo_db, monkeypatch):
    tab = _tab(qtbot, demo_db)
    code = tab.item_codes[0]
    set_policy_fields(demo_db, code, target="预览之后改的对象")    # the preview is now old
    seen: dict[str, object] = {}
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return True
    monkeypatch.setattr(stale_reload, "ask_reload", ask)

    def officer(dialog: FormDialog) -> int:
        seen["opened with"] = dialog.widgets["target"].text()
        set_policy_fields(demo_db, code, policy_basis="另一个窗口的文号")   # meanwhile
        dialog.widgets["target"].setText("我的修改")
        dialog._ok()
        seen["after refusal"] = (dialog.isVisible() or not dialog.result(),
                                 dialog.widgets["policy_basis"].text(),
                                 dialog.widgets["target"].text())
        dialog.widgets["hotline"].setText("0712-1234567")
        dialog._ok()
        return dialog.result()
    monkeypatch.setattr(FormDialog, "exec", officer)
    tab.edit_item()
    assert seen["opened with"] == "预览之后改的对象"
    assert len(asked) == 1 and "的政策清单信息在您打开后已被修改" in asked[0]
    assert seen["after refusal"] == (True, "另一个窗口的文号", "预览之后改的对象")
    saved, _ = policy_fields(demo_db, code)
    assert saved == {"policy_basis": "另一个窗口的文号", "target": "预览之后改的对象",
                     "hotline": "0712-1234567"}


def test_core_compare_and_set(demo_db):
    code = demo_db.execute("SELECT code FROM subsidy_items ORDER BY id LIMIT 1").fetchone()[0]
    _, token = policy_fields(demo_db, code)
    demo_db.execute("UPDATE subsidy_items SET name = name WHERE code = ?", [code])
    set_policy_fields(demo_db, code, expected_version=token, target="甲")
    with pytest.raises(StaleRecordError):
        set_policy_fields(demo_db, code, expected_version=token, target="乙")
    assert policy_fields(demo_db, code)[0]["target"] == "甲"


def test_phase_dates_changed_elsewhere_are_not_overwritten(qtbot, demo_db, monkeypatch):
    calendar.seed_tianmen(demo_db, 2026)
    tab = CalendarTab(AppContext(demo_db))
    qtbot.addWidget(tab)
    tab.reload()
    tab.phase_view.selectRow(0)
    phase = tab.phase_rows[0]
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return True
    monkeypatch.setattr(stale_reload, "ask_reload", ask)
    seen = {}

    def officer(dialog: FormDialog) -> int:
        calendar.update_phase(demo_db, phase.id, start="2026-02-01", end="2026-02-28")
        dialog.widgets["end"].setDate(dialog.widgets["end"].date().addDays(3))
        dialog._ok()
        seen["after refusal"] = (dialog.result(), dialog.widgets["start"].date().toString(
            "yyyy-MM-dd"), dialog.widgets["end"].date().toString("yyyy-MM-dd"))
        dialog.widgets["end"].setDate(dialog.widgets["end"].date().addDays(1))
        dialog._ok()
        return dialog.result()
    monkeypatch.setattr(FormDialog, "exec", officer)
    tab.edit_phase()
    assert len(asked) == 1 and "这个阶段的日期在您打开后已被修改" in asked[0]
    assert seen["after refusal"] == (0, "2026-02-01", "2026-02-28")
    saved = next(p for p in calendar.phases(demo_db) if p.id == phase.id)
    assert (saved.start_date, saved.end_date) == ("2026-02-01", "2026-03-01")
