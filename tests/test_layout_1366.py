"""Readable at 1366x768: the main window and the main dialogs ask for sizes that fit the screen
less a task bar and a title bar, and hold their content at that size; key table columns are
never narrower than their header text (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView, QWidget

from tests.imports_helpers import ROSTER_HEADER, roster_rows, write_xlsx
from ui.checks.import_mapping import ImportMappingDialog
from ui.common.screen_fit import MAX_H, MAX_W
from ui.common.table_fit import HEADER_PADDING, narrow_columns, two_line_header
from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.households.raise_issues import RaiseIssuesDialog
from ui.ledger.issue_detail import IssueDetailDialog
from ui.main_window import MainWindow
from ui.returns.page import ReturnsPage
from ykt_desktop.checks.registry import rule_titles
from ykt_desktop.ledger.issues import NewIssue, create_issue

LONG = "胡文明已于2025-04-27死亡（人员档案,死亡名单（民政）），此后仍发放困难残疾人生活补贴、" \
       "特困人员救助供养金共16笔，合计7,920.00元，请核实并追缴"


def _fits(qtbot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    size, least = widget.size(), widget.minimumSizeHint()
    name = type(widget).__name__
    assert size.width() <= MAX_W and size.height() <= MAX_H, (name, size)
    assert least.width() <= size.width() and least.height() <= size.height(), (name, least)


def _no_narrow(view: QTableView) -> None:
    assert narrow_columns(view) == []


def test_main_window_and_pages_fit(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    _fits(qtbot, window)
    checks = window.show_page_by_key("checks")
    _no_narrow(checks.finding_view)
    ledger = window.show_page_by_key("ledger")
    _no_narrow(ledger.view)
    households = window.show_page_by_key("households")
    _no_narrow(households.view)
    longest_rule = max(rule_titles().values(), key=len)
    metrics = checks.finding_view.fontMetrics()
    assert checks.finding_view.columnWidth(0) >= metrics.horizontalAdvance(longest_rule)
    visible = households.view.viewport().width()
    assert sum(households.view.columnWidth(c) for c in range(13)) <= visible + 1


def test_ledger_category_column_holds_the_longest_category(qtbot, demo_db):
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    ledger = window.show_page_by_key("ledger")
    names = [ledger.category.itemText(i) for i in range(1, ledger.category.count())]
    metrics = ledger.view.fontMetrics()
    assert ledger.view.columnWidth(1) >= max(metrics.horizontalAdvance(n) for n in names)


def test_household_form_and_suggested_issues_fit(qtbot, demo_db):
    hid = demo_db.execute("SELECT id FROM households ORDER BY id LIMIT 1").fetchone()[0]
    form = HouseholdFormDialog(AppContext(demo_db), hid)
    _fits(qtbot, form)
    for tab in (form.members, form.cards, form.subsidies, form.visit):
        form.tabs.setCurrentWidget(tab)
        _fits(qtbot, form)
    form.dirty = False
    dialog = RaiseIssuesDialog(demo_db, form.record, None)
    dialog.list.addItem(f"【应退出未退出】{LONG}")
    _fits(qtbot, dialog)
    # a word-wrapping list lays its items out 100 ms after a resize (QListView's delayed
    # layout); run that pending layout now instead of racing its timer
    dialog.list.executeDelayedItemsLayout()
    item = dialog.list.item(dialog.list.count() - 1)
    rect = dialog.list.visualItemRect(item)
    assert rect.width() <= dialog.list.viewport().width()      # wrapped, no side scrolling
    assert rect.height() > dialog.list.fontMetrics().height() * 1.5


def test_issue_detail_and_import_mapping_fit(qtbot, demo_db, tmp_path):
    issue = create_issue(demo_db, NewIssue(category="kekou", description=LONG, amount=350))
    _fits(qtbot, IssueDetailDialog(AppContext(demo_db), issue))
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(demo_db, 5),
                      title="发放名册")
    dialog = ImportMappingDialog(AppContext(demo_db), "roster", path)
    _fits(qtbot, dialog)
    _no_narrow(dialog.sample_view)
    id_column = ROSTER_HEADER.index("公民身份号码")
    metrics = dialog.sample_view.fontMetrics()
    assert dialog.sample_view.columnWidth(id_column) >= metrics.horizontalAdvance("4" * 18)


def test_return_header_shows_every_line_of_its_titles(qtbot, demo_db):
    page = ReturnsPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.template.setCurrentIndex(page.template.findData("tongchuan_paicha_tongji"))
    page.fill()
    qtbot.waitUntil(lambda: page.filled is not None, timeout=30000)
    page.show()
    qtbot.waitExposed(page)
    header, model = page.view.horizontalHeader(), page.view.model()
    lines = max(len(str(model.headerData(c, Qt.Orientation.Horizontal)).splitlines())
                for c in range(model.columnCount()))
    assert lines >= 3
    # Qt's own estimate (lines x line spacing + margins) cut the third line off on screen
    spacing = QFontMetrics(header.font()).lineSpacing()
    assert header.height() >= lines * spacing + HEADER_PADDING // 2


def test_two_line_header_breaks_before_the_unit() -> None:
    assert two_line_header("追缴收回（元）") == "追缴收回\n（元）"
    assert two_line_header("金额（元）") == "金额（元）"
    assert two_line_header("问题描述") == "问题描述"
