"""Fits 1366×768 (issue 18): the ledger opens with its key columns and no sideways scrolling,
the hidden ones come back through 显示列…; a village chosen under （全部） selects its township;
the backup table gives 原因/时间/大小 their width; 发现问题… is as wide as its text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.common import column_chooser
from ui.common.region_filter import RegionFilter
from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.main_window import MainWindow


def test_ledger_key_columns_without_sideways_scroll(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page_by_key("ledger")
    qtbot.waitUntil(lambda: page.view.isVisible())
    qtbot.wait(50)
    view = page.view
    shown = [view.model().headerData(c, Qt.Orientation.Horizontal).replace("\n", "")
             for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
    assert shown[:3] == ["问题编号", "类别", "状态"] and "整改期限" in shown
    assert "责任人" not in shown
    assert view.horizontalScrollBar().maximum() == 0, shown
    menu = column_chooser.column_menu(view, "ledger")
    next(a for a in menu.actions() if a.text() == "责任人").setChecked(True)
    assert not view.isColumnHidden(9)
    column_chooser.set_column_shown(view, "ledger", 9, False)


def test_village_selects_its_township(qtbot, demo_db):
    regions = RegionFilter(demo_db)
    qtbot.addWidget(regions)
    assert regions.township.currentData() is None
    village = regions.village.itemData(regions.village.count() - 1)
    regions.village.setCurrentIndex(regions.village.count() - 1)
    assert regions.township.currentData() == village[:9] + "000"
    assert regions.village.currentData() == village


def test_backup_columns_and_issue_button(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    users = window.show_page_by_key("users")
    view = users.backup_view
    users.backup_model.set_rows([("ykt-20261207-101010-manual.db", "手动", "2026-12-07 10:10",
                                  "1.2 MB", "户 90，人 270，问题 5；完整；清单相符" * 3)])
    qtbot.wait(50)
    fm = view.fontMetrics()
    for col, text in ((1, "手动"), (2, "2026-12-07 10:10"), (3, "1.2 MB")):
        assert view.columnWidth(col) >= fm.horizontalAdvance(text), col
    form = HouseholdFormDialog(AppContext(demo_db), demo_db.execute(
        "SELECT min(id) FROM households").fetchone()[0])
    qtbot.addWidget(form)
    form.show()
    form.tabs.setCurrentWidget(form.issues)
    qtbot.waitUntil(lambda: form.issues.isVisible())
    qtbot.wait(50)
    button = form.issues.raise_button
    assert button.width() < form.issues.width() / 2
