"""The manual's quick start says where the cursor is when a household opens, and the app does
that (issue 18 review): an existing household opens on 成员 with the cursor in 姓名, a new one on
户信息 with the cursor in 家庭住址."""

from __future__ import annotations

from pathlib import Path

from ui.context import AppContext
from ui.households.form import HouseholdFormDialog

MANUAL = Path(__file__).resolve().parents[1] / "docs" / "用户手册.md"


def test_cursor_where_the_quick_start_says(qtbot, demo_db):
    quick = MANUAL.read_text(encoding="utf-8").split("## 快速上手")[1].split("\n## ")[0]
    said = "".join(quick.split())          # the manual wraps its lines
    assert "已登记的户打开在“成员”标签，光标在“姓名”" in said
    assert "新增户打开在“户信息”，光标在“家庭住址”" in said
    hh = demo_db.execute("SELECT id FROM households WHERE hh_no = '4209991002000001'"
                         ).fetchone()[0]
    for household, tab, field in ((hh, "members", "name"), (None, "info", "address")):
        form = HouseholdFormDialog(AppContext(demo_db), household)
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        assert form.tabs.currentWidget() is getattr(form, tab)
        qtbot.waitUntil(lambda f=form, t=tab, w=field: getattr(getattr(f, t), w).hasFocus())
        form.reject()
