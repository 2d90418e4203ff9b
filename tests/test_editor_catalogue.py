"""政策清单 → 编辑项目信息…: the item's 政策依据 / 补贴对象 / 监督电话 changed elsewhere while the
dialog is open are not overwritten; 重新载入 shows them and the dialog stays open; a save after
that goes through. The dialog starts from the saved fields, not from an older preview."""

from __future__ import annotations

import pytest

from ui.campaign.common import FormDialog
from ui.campaign.policy_tab import PolicyTab
from ui.context import AppContext
from ui.dialogs import stale_reload
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
