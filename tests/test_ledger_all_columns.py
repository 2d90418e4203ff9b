"""问题台账 with every column shown (issue 18 review): 问题描述 keeps a readable width and the
table scrolls sideways instead; hiding the columns again gives the description the rest."""

from __future__ import annotations

from ui.common import column_chooser
from ui.context import AppContext
from ui.ledger.page import DESCRIPTION_COLUMN, DESCRIPTION_MIN
from ui.main_window import MainWindow


def test_description_readable_with_every_column(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page_by_key("ledger")
    view = page.view
    qtbot.waitUntil(view.isVisible)
    hidden = [c for c in range(view.model().columnCount()) if view.isColumnHidden(c)]
    assert hidden
    try:
        for column in hidden:
            column_chooser.set_column_shown(view, "ledger", column, True)
        qtbot.wait(50)
        assert view.columnWidth(DESCRIPTION_COLUMN) >= DESCRIPTION_MIN
    finally:
        for column in hidden:
            column_chooser.set_column_shown(view, "ledger", column, False)
    qtbot.wait(50)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.columnWidth(DESCRIPTION_COLUMN) >= DESCRIPTION_MIN
