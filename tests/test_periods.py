"""default_period: the latest month with payment data, else the current month; one function
behind every period box."""

import datetime as dt

from ykt_desktop.periods import default_period, default_year, latest_payment_periods

TODAY = dt.date(2026, 3, 1)


def _item(db, code: str) -> int:
    return db.execute("SELECT id FROM subsidy_items WHERE code = ?", [code]).fetchone()[0]


def _pay(db, code: str, period: str, status: str = "paid") -> None:
    db.execute("INSERT INTO payments(item_id, period, amount_paid, status) VALUES (?, ?, 10, ?)",
               [_item(db, code), period, status])


def _codes(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT code FROM subsidy_items ORDER BY id LIMIT 2")]


def test_no_payments_is_the_current_month(county_db):
    assert latest_payment_periods(county_db) == (None, None)
    assert default_period(county_db, today=TODAY) == "2026-03"
    assert default_year(county_db, today=TODAY) == "2026"


def test_latest_month_of_any_item_and_any_status(county_db):
    a, b = _codes(county_db)
    _pay(county_db, a, "2025-07")
    _pay(county_db, a, "2025-11")
    _pay(county_db, b, "2025-12", status="failed")   # a month whose payments failed still counts
    _pay(county_db, b, "2025")                        # a yearly period of the same year
    assert latest_payment_periods(county_db)[0] == "2025-12"
    assert default_period(county_db, today=TODAY) == "2025-12"
    assert default_year(county_db, today=TODAY) == "2025"


def test_a_later_year_with_only_yearly_payments(county_db):
    a, b = _codes(county_db)
    _pay(county_db, a, "2024-12")
    _pay(county_db, b, "2025")
    assert default_period(county_db, today=TODAY) == "2025"
    assert default_year(county_db, today=TODAY) == "2025"


def test_demo_county_defaults_to_its_last_paid_month(demo_db):
    latest = demo_db.execute(
        "SELECT max(period) FROM payments WHERE length(period) = 7").fetchone()[0]
    assert default_period(demo_db) == latest
    assert default_year(demo_db) == latest[:4]


def test_every_period_box_starts_at_the_default(qtbot, demo_db):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    month, year = default_period(demo_db), default_year(demo_db)
    pages = {key: window.show_page_by_key(key) for key in ("publicity", "returns", "submissions")}
    assert pages["publicity"].form.period.text() == month
    assert pages["returns"].period.text() == year
    assert pages["submissions"].board.period.text() == month
    assert pages["submissions"].send.period.text() == month


def test_a_new_household_statement_starts_at_the_default_year(qtbot, demo_db):
    from ui.households.subsidies import SubsidiesTab
    from ykt_desktop.households.load import load_household

    household = demo_db.execute("SELECT min(id) FROM households").fetchone()[0]
    tab = SubsidiesTab(demo_db, load_household(demo_db, household))
    qtbot.addWidget(tab)
    tab.show_entry(None)
    assert tab.period.text() == default_year(demo_db)


def test_period_boxes_follow_the_first_data_but_keep_what_was_typed(qtbot, county_db):
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ykt_desktop.changes import Changes, Kind

    window = MainWindow(AppContext(county_db))
    qtbot.addWidget(window)
    pages = {key: window.show_page_by_key(key) for key in ("publicity", "returns", "submissions")}
    boxes = (pages["publicity"].form.period, pages["submissions"].board.period,
             pages["submissions"].send.period)
    assert {box.text() for box in boxes} == {default_period(county_db)}
    pages["submissions"].send.period.setText("2024-06")      # typed by the user
    _pay(county_db, _codes(county_db)[0], "2025-09")        # the first roster arrives
    window.ctx.notify_changed(Changes.of(Kind.PAYMENTS))
    assert pages["publicity"].form.period.text() == "2025-09"
    assert pages["submissions"].board.period.text() == "2025-09"
    assert pages["returns"].period.text() == "2025"
    assert pages["submissions"].send.period.text() == "2024-06"
