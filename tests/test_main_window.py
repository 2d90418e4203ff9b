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


def test_first_run_dialog_sets_up_unit(qtbot, empty_db):
    from ui.dialogs.first_run import FirstRunDialog
    from ykt_desktop.unit import get_unit

    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.level.setCurrentIndex(0)  # 村
    dialog.code.setText("420999100201")
    dialog.name.setText("东风村")
    dialog._create_unit()
    unit = get_unit(empty_db)
    assert (unit.level, unit.code, unit.name) == ("village", "420999100201", "东风村")
    assert dialog.choice == "unit"


def test_first_run_dialog_refuses_bad_code(qtbot, empty_db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs.first_run import FirstRunDialog
    from ykt_desktop.unit import get_unit

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.code.setText("12345")
    dialog.name.setText("某村")
    dialog._create_unit()
    assert get_unit(empty_db) is None
    assert "12位" in shown[0]
