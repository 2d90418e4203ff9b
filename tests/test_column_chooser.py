"""问题台账: the officer hides columns from the header's menu; the choice is remembered."""

from PySide6.QtCore import QSettings

from ui.common import column_chooser
from ui.context import AppContext
from ui.ledger.page import LedgerPage


def test_hidden_columns_remembered(qtbot, demo_db, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(column_chooser, "_settings", lambda: settings)
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    count = page.view.model().columnCount()
    default = {3, 8, 9, 11, 12, 13, 14}                # never chosen: the key columns only
    assert {c for c in range(count) if page.view.isColumnHidden(c)} == default
    menu = column_chooser.column_menu(page.view, "ledger")
    actions = menu.actions()
    assert len(actions) == count
    assert [a.isChecked() for a in actions] == [c not in default for c in range(count)]
    assert "问题描述" in [a.text() for a in actions]
    actions[9].setChecked(True)                        # as a click in the menu does
    assert not page.view.isColumnHidden(9)
    actions[9].setChecked(False)
    assert page.view.isColumnHidden(9)
    again = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(again)
    assert again.view.isColumnHidden(9) and not again.view.isColumnHidden(0)
    column_chooser.set_column_shown(again.view, "ledger", 9, True)
    assert not again.view.isColumnHidden(9)
    assert column_chooser.hidden_columns("ledger") == default - {9}


def test_the_last_visible_column_stays(qtbot, demo_db, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(column_chooser, "_settings", lambda: settings)
    page = LedgerPage(AppContext(demo_db))
    qtbot.addWidget(page)
    count = page.view.model().columnCount()
    for column in range(count):
        column_chooser.set_column_shown(page.view, "ledger", column, False)
    assert [c for c in range(count) if not page.view.isColumnHidden(c)] == [count - 1]
