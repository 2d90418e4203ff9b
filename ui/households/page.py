"""入户核查: the household list (filters, search by name / pinyin / ID), the 一户一表 form,
printing, and the completeness view (进度)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.background import BackgroundLoader
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.lazy_table import LazyTableModel
from ui.common.region_filter import RegionFilter
from ui.common.table_fit import SAMPLE_DATE, SAMPLE_NAME, SAMPLE_VILLAGE, fit_columns
from ui.common.workers import run_job
from ui.context import AppContext
from ui.households.open_form import open_household_form
from ui.households.progress import HouseholdProgress
from ui.pages import PageSpec
from ykt_desktop import glossary
from ykt_desktop.changes import Kind
from ykt_desktop.guidance import has_data
from ykt_desktop.households.search import (
    LIST_HEADERS,
    STATUS_COLUMN,
    HouseholdFilter,
    count_matches,
    row_fetcher,
    search_ids,
)

if TYPE_CHECKING:      # lazy: the form and the PDF (reportlab) load when first used (issue 15)
    from ui.households.form import HouseholdFormDialog

STATUS_COLORS = {"未核查": QColor("#fff3d6"), "无法核查": QColor("#ffd7d7")}
SEARCH_HINT = "搜索：姓名、拼音首字母（zsf）、身份证号或后几位、户编号"
SEARCH_CAP = 1000       # households listed at once for a search text; the count follows


def _print_forms(db, path, **options):
    # lazy: reportlab loads on the first print (issue 15)
    from ykt_desktop.forms_pdf.household_form import print_forms

    return print_forms(db, path, **options)


def _found(db, f: HouseholdFilter) -> tuple:
    """The list for ``f`` (off the GUI thread): capped when there is a search text."""
    ids = search_ids(db, f, limit=SEARCH_CAP if f.text.strip() else None)
    return f, ids, 0 if ids else has_data(db, "households")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.HOUSEHOLDS, Kind.ISSUES, Kind.UNIT)


class HouseholdsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = None
        layout = QVBoxLayout(self)
        title = QLabel("入户核查（一户一表）")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._list_tab(), "户列表")
        self.progress = HouseholdProgress(ctx)
        self.tabs.addTab(self.progress, "核查进度")
        layout.addWidget(self.tabs, 1)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(200)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textEdited.connect(lambda _t: self.search_timer.start())
        self.loads = 0   # lists shown (tests and the bench wait on it, as on 概览)
        self.finder = BackgroundLoader(self, self._show_found)
        self.counter = BackgroundLoader(self, self._show_count)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.apply_filter()

    def _list_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.regions = RegionFilter(self.ctx.db)
        self.regions.changed.connect(self.apply_filter)
        row.addWidget(self.regions)
        self.status = QComboBox()
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status.addItem("全部状态", None)
        for code, text in glossary.VERIFY_STATUS.items():
            self.status.addItem(text, code)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.status.setToolTip("只看未核查、已核查或无法核查的户")
        row.addWidget(self.status)
        self.problems = QCheckBox("有未销号问题")
        self.problems.toggled.connect(self.apply_filter)
        self.problems.setToolTip("只看还有未销号问题（已挂号、整改中）的户")
        row.addWidget(self.problems)
        row.addStretch()
        layout.addLayout(row)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.apply_filter)
        self.search.setToolTip("输入后稍停即查找；身份证号可只输后几位，拼音输首字母")
        row.addWidget(self.search, 1)
        self.count = QLabel()
        row.addWidget(self.count)
        layout.addLayout(row)
        layout.addLayout(self._buttons())
        self.empty = EmptyState("households")
        layout.addWidget(self.empty)
        self.model = LazyTableModel(LIST_HEADERS, row_fetcher(self.ctx.db))
        self.model.decorate = self._decorate
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.view, {0: ["4209991002000001"], 1: ["某某某街道"], 2: [SAMPLE_VILLAGE],
                                3: ["十二组"], 4: [SAMPLE_NAME], 5: ["420999199001011234"],
                                6: ["10"], 8: ["13900000000"],
                                9: glossary.VERIFY_STATUS.values(), 10: ["李明 张华"],
                                11: [SAMPLE_DATE], 12: ["10"]}, stretch=7)
        # activated = double-click (or the platform's click) and Enter; doubleClicked as well
        # would open the form twice on one double-click
        self.view.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.view, 1)
        return tab

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot, tip in (
                ("新增户", self.new_household, "新增一户，逐项填写一户一表（先在上方选好村和组）"),
                ("打开一户一表", self.open_selected,
                 "打开列表中选中的户（也可双击该行）；只读时可查看、不能修改"),
                ("打印本村一户一表…", self.print_village,
                 "把上方所选村各户的一户一表（已预填）输出为 PDF，入户时核对、签字"),
                ("打印空白表…", self.print_blank, "输出空白一户一表 PDF，供新户手写")):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setToolTip(tip)
            # read-only (demo, inspector): the form opens in view mode; only 新增户 writes
            set_available(button, not self.ctx.read_only or text != "新增户", "read_only")
            row.addWidget(button)
        row.addStretch()
        return row

    @staticmethod
    def _decorate(values: tuple, column: int, role: int):
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS_COLUMN:
            return STATUS_COLORS.get(values[STATUS_COLUMN])
        return None

    def current_filter(self) -> HouseholdFilter:
        town, village, group = self.regions.codes()
        return HouseholdFilter(township=town, village=village, group=group,
                               status=self.status.currentData(),
                               has_problems=self.problems.isChecked(), text=self.search.text())

    def apply_filter(self) -> None:
        """Search off the GUI thread (a newer search drops an older one's answer)."""
        self.search_timer.stop()
        self.counter.drop()             # an older search's count is no longer wanted
        self.count.setText("正在查找…")
        f = self.current_filter()
        self.finder.load(self.ctx.db, self.ctx.path, lambda db: _found(db, f))

    def _show_found(self, found: tuple) -> None:
        f, ids, households = found
        self.model.set_ids(ids)
        if f.text.strip() and len(ids) >= SEARCH_CAP:
            self.count.setText(f"先列出{len(ids):,}户，正在统计…")
            self.counter.load(self.ctx.db, self.ctx.path, lambda db: count_matches(db, f))
        else:
            self.count.setText(f"共{len(ids):,}户")
        self.empty.update_for(len(ids), households)
        self.loads += 1

    def _show_count(self, total: int) -> None:
        self.count.setText(f"共{total:,}户，列出前{SEARCH_CAP:,}户（请多输几个字缩小范围）")
        self.count.setToolTip("查找到的户太多，只列出前一部分；输入更完整的姓名、拼音或号码可缩小范围")

    def reload(self) -> None:
        self.model._fetch = row_fetcher(self.ctx.db)
        self.apply_filter()

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def open_form(self, household_id: int | None) -> HouseholdFormDialog:
        """The household's form; one already open is brought to the front instead."""
        _town, village, group = self.regions.codes()
        return open_household_form(self.ctx, household_id, parent=self,
                                   village_code=village or "", group_code=group)

    def new_household(self) -> None:
        if self.regions.codes()[1] is None:
            QMessageBox.information(self, "新增户", "请先在上方选择村（和组），再新增户。")
            return
        self.open_form(None)

    def open_selected(self) -> None:
        hid = self.selected_id()
        if hid is None:
            QMessageBox.information(self, "打开一户一表", "请先在列表中选中一户。")
            return
        self.open_form(hid)

    def print_village(self) -> None:
        village = self.regions.codes()[1]
        if village is None:
            QMessageBox.information(self, "打印一户一表", "请先在上方选择要打印的村。")
            return
        name = self.regions.village.currentText()
        path, _ = file_dialogs.save_file_name(self, "打印一户一表", f"一户一表_{name}.pdf",
                                              "PDF (*.pdf)")
        if path:
            self.runner = run_job(self, f"正在生成{name}的一户一表…", self.ctx.handle,
                                  lambda db: _print_forms(db, path, village=village),
                                  lambda n: QMessageBox.information(
                                      self, "打印一户一表", f"已输出{n}户：{path}"))

    def print_blank(self) -> None:
        path, _ = file_dialogs.save_file_name(self, "打印空白一户一表", "一户一表_空白.pdf",
                                              "PDF (*.pdf)")
        if path:
            village = self.regions.codes()[1]
            self.runner = run_job(self, "正在生成空白表…", self.ctx.handle,
                                  lambda db: _print_forms(db, path, village=village, blank=True),
                                  lambda _n: QMessageBox.information(
                                      self, "打印空白表", f"已输出：{path}"))


PAGE = PageSpec(key="households", title="入户核查", order=10, factory=HouseholdsPage,
                tooltip="一户一表：查找户、逐户核查成员、卡折和补贴，打印入户核查表，查看核查进度")
