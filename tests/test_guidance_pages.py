"""Every page says what to do next when it has nothing to show, hides that text when it has
something, and every button, filter and input on it has a tooltip."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)

from ui.common.empty_state import EmptyState
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.pages import discover_pages
from ykt_desktop.checks.decide import confirm_finding
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.guidance import EMPTY_TEXTS, quoted_names
from ykt_desktop.progress import run

PAGE_REF = re.compile(r"“([^”]{1,12})”页")
# A new county database already holds the two audit entries of setting up the unit: the audit
# log has something to show, so there the test narrows the search until nothing matches.
FILLED_WHEN_NEW = {"audit_log": lambda page: (page.text.setText("没有这样的内容"),
                                             page.search())}


def _window(qtbot, db) -> MainWindow:
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    return window


def _visit(qtbot, window: MainWindow, key: str) -> QWidget:
    page = window.show_page_by_key(key)
    if hasattr(page, "loads"):      # the overview counts in the background
        qtbot.waitUntil(lambda: page.loads >= 1, timeout=10000)
    return page


def _shown(page: QWidget) -> bool:
    """Whether the page shows its empty state (also while another page is in front)."""
    return page.empty.isVisibleTo(page)


def _names_on_screen(window: MainWindow) -> set[str]:
    """Texts of every button, tab and page of the window, without “…” and shortcuts."""
    names = {spec.title for spec in discover_pages()}
    for button in window.findChildren(QAbstractButton):
        names.add(button.text())
    for tabs in window.findChildren(QTabWidget):
        names.update(tabs.tabText(i) for i in range(tabs.count()))
    return {re.sub(r"\(&\w\)|&", "", n).rstrip("…").strip() for n in names if n}


def test_every_page_has_an_empty_state_naming_a_next_step(qtbot, county_db):
    window = _window(qtbot, county_db)
    pages = {spec.key for spec in discover_pages()}
    tested = set()
    for key in window.page_keys():
        page = _visit(qtbot, window, key)
        assert isinstance(getattr(page, "empty", None), EmptyState), f"{key}：没有空状态提示"
        if key in FILLED_WHEN_NEW:
            FILLED_WHEN_NEW[key](page)
        assert page.empty.isVisible(), f"{key}：空库上没有显示空状态提示"
        text = page.empty.text()
        assert text in EMPTY_TEXTS.values()
        on_screen = _names_on_screen(window)
        steps = [n for n in quoted_names(text) if n.rstrip("…") in on_screen]
        assert steps, f"{key}：提示没有点名任何按钮、页或标签页：{text}"
        tested.add(key)
    assert tested == pages


def test_every_text_names_real_pages_and_covers_every_page():
    titles = {spec.title for spec in discover_pages()}
    for key, text in EMPTY_TEXTS.items():
        assert key.split(".")[0] in {s.key for s in discover_pages()}, key
        for page in PAGE_REF.findall(text):
            assert page in titles, f"{key}：“{page}”页不存在"
    assert {s.key for s in discover_pages()} <= set(EMPTY_TEXTS)


def _inner(widget: QWidget) -> bool:
    """Qt's own parts of a compound widget (a spin box's line edit, a tab bar's arrows ...)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit, QTabBar,
                               QCalendarWidget, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_on_every_page_has_a_tooltip(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    missing = []
    for key in window.page_keys():
        page = _visit(qtbot, window, key)
        controls = page.findChildren(QAbstractButton) + page.findChildren(QComboBox) + \
            page.findChildren(QLineEdit) + page.findChildren(QAbstractSpinBox)
        assert controls, key
        missing += [f"{key}：{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
                    for w in controls if not _inner(w) and not w.toolTip().strip()]
    assert not missing, "没有提示的控件：\n" + "\n".join(missing)


def test_demo_hides_the_empty_state_where_there_is_data(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    for key in ("overview", "households", "audit_log", "publicity", "returns"):
        page = _visit(qtbot, window, key)
        expect_hidden = key in ("overview", "households", "audit_log")
        assert _shown(page) is not expect_hidden, key
    # publicity and returns have data to work from: their text is the one for that case
    assert window.pages["publicity"].empty.text() == EMPTY_TEXTS["publicity"]
    assert window.pages["returns"].empty.text() == EMPTY_TEXTS["returns"]
    households = window.pages["households"]
    households.search.setText("没有这个人")
    searched = households.loads
    households.apply_filter()
    qtbot.waitUntil(lambda: households.loads > searched)    # found off the GUI thread
    assert _shown(households)
    assert households.empty.text() == EMPTY_TEXTS["households.filtered"]
    households.search.clear()
    searched = households.loads
    households.apply_filter()
    qtbot.waitUntil(lambda: households.loads > searched)
    assert not _shown(households)


def test_empty_states_follow_data_changes(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    checks, ledger = (_visit(qtbot, window, k) for k in ("checks", "ledger"))
    assert _shown(checks) and checks.empty.text() == EMPTY_TEXTS["checks"]
    assert _shown(ledger) and ledger.empty.text() == EMPTY_TEXTS["ledger"]
    run(run_checks(demo_db, None))
    first = demo_db.execute("SELECT min(id) FROM findings").fetchone()[0]
    confirm_finding(demo_db, first, by_user="测试")
    window.ctx.notify_changed(confirm_finding.changes)
    assert checks.follower.stale            # behind the ledger: refreshed when shown again
    assert not _shown(ledger)
    window.show_page_by_key("checks")
    assert not checks.follower.stale and not _shown(checks)
    window.show_page_by_key("ledger")
    checks.status_filter.setCurrentIndex(checks.status_filter.findData("dismissed"))
    window.show_page_by_key("checks")
    assert _shown(checks) and checks.empty.text() == EMPTY_TEXTS["checks.filtered"]


def test_a_disabled_control_says_why(qtbot, demo_db):
    from PySide6.QtWidgets import QPushButton

    from ykt_desktop.guidance import WHY_DISABLED

    window = MainWindow(AppContext(demo_db, read_only=True))
    qtbot.addWidget(window)
    households = window.show_page_by_key("households")
    new = next(b for b in households.findChildren(QPushButton) if b.text() == "新增户")
    assert not new.isEnabled() and WHY_DISABLED["read_only"] in new.toolTip()
    publicity = window.show_page_by_key("publicity")
    assert WHY_DISABLED["not_built"] in publicity.pdf_button.toolTip()
    publicity._set_output_enabled(True)
    assert publicity.pdf_button.isEnabled()
    assert WHY_DISABLED["not_built"] not in publicity.pdf_button.toolTip()
    assert publicity.pdf_button.toolTip()


def test_a_village_is_told_how_to_report_upward(qtbot, empty_db):
    from ui.submissions.page import SubmissionsPage
    from ykt_desktop.unit_setup import init_unit

    init_unit(empty_db, level="village", code="420999100201", name="东风村")
    page = SubmissionsPage(AppContext(empty_db))
    qtbot.addWidget(page)
    assert _shown(page) and page.empty.text() == EMPTY_TEXTS["submissions.village"]
    assert "生成上报文件" in quoted_names(page.empty.text())[1]
