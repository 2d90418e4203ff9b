"""The main window opens offscreen and every navigation entry shows a working page."""

from PySide6.QtWidgets import QLabel

from ui.context import AppContext
from ui.main_window import MainWindow
from ui.pages import discover_pages


def test_walk_every_page_on_the_demo(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.show()
    keys = window.page_keys()
    assert keys[0] == "overview"
    assert len(keys) == len(discover_pages())
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        assert page is window.pages[keys[row]]
        assert page.isVisible()
    assert "演示县" in window.status_unit.text()
    qtbot.waitUntil(lambda: "户 90" in window.status_counts.text(), timeout=10000)
    assert "户 90" in window.status_counts.text()
    window.close()


def test_overview_shows_real_numbers(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    page = window.show_page_by_key("overview")
    qtbot.waitUntil(lambda: page.loads == 1, timeout=10000)
    assert page.tiles["households"].text() == "90"
    persons = demo_db.execute("SELECT count(*) FROM persons").fetchone()[0]
    assert page.tiles["persons"].text() == f"{persons:,}"
    # two townships listed; drill into the first shows its villages
    assert page.model.rowCount() == 2
    page._drill(page.model.row(0)[0])
    qtbot.waitUntil(lambda: page.loads == 2, timeout=10000)
    villages = demo_db.execute(
        "SELECT count(*) FROM regions WHERE level='village' AND parent_code=?",
        [page.drill]).fetchone()[0]
    assert page.model.rowCount() == villages


def test_empty_database_shows_empty_state(qtbot, county_db):
    window = MainWindow(AppContext(county_db))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page_by_key("overview")
    qtbot.waitUntil(lambda: page.loads == 1, timeout=10000)
    assert page.empty.isVisible()
    assert "新增户" in page.empty.text()
    assert page.tiles["progress"].text().startswith("0.0%")
    assert isinstance(window.status_unit, QLabel)


# The first-run set-up (wizard) and the bad-code refusal: tests/test_first_run_wizard.py
