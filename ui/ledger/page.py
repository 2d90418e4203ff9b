"""问题台账: every issue with filters; overdue ones in red; double-click for the detail."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import column_chooser
from ui.common.empty_state import EmptyState
from ui.common.follow_changes import follow_changes
from ui.common.lazy_table import LazyTableModel
from ui.common.region_filter import RegionFilter
from ui.common.table_fit import (
    SAMPLE_DATE,
    SAMPLE_NAME,
    SAMPLE_TIME,
    SAMPLE_VILLAGE,
    fit_columns,
    two_line_header,
)
from ui.context import AppContext
from ui.ledger.issue_detail import IssueDetailDialog
from ui.pages import PageSpec
from ykt_desktop import catalogue, glossary
from ykt_desktop.changes import Kind
from ykt_desktop.exchange.return_comments import issue_comment_marks
from ykt_desktop.guidance import has_data
from ykt_desktop.ledger.query import (
    HEADERS,
    OVERDUE_COLUMN,
    IssueFilter,
    fetch_issue_rows,
    is_overdue,
    ledger_totals,
    list_issue_ids,
)

OVERDUE_BRUSH = QBrush(QColor("#c62828"))
STATUS_COLUMN = 2
COLUMNS = (*HEADERS, "上级意见")
COMMENT_COLUMN = len(HEADERS)
COMMENT_BRUSH = QBrush(QColor("#fff4e5"))
DESCRIPTION_WIDTH = 320
DESCRIPTION_MIN = 240      # with every column shown the table scrolls rather than squeeze this
DESCRIPTION_COLUMN = 6


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.ISSUES, Kind.UNIT, Kind.SUBMISSIONS, Kind.HOUSEHOLDS)  # 对象: the person's name


class LedgerPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel("问题台账")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(self._filters())
        self.totals = QLabel()
        layout.addWidget(self.totals)
        self.empty = EmptyState("ledger")
        layout.addWidget(self.empty)
        self.model = LazyTableModel([two_line_header(h) for h in COLUMNS], self._fetch)
        self.model.decorate = self._decorate
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._fit_columns()
        self.view.doubleClicked.connect(lambda index: self.open_issue(self.model.row_id(
            index.row())))
        self.view.setToolTip("双击查看问题详情、整改和销号；右键点表头可选择显示哪些列")
        # key columns by default (fit 1366 px); 发现方式, 责任单位/人, 追缴, 返还, 移交, 挂号时间
        # are one click away (显示列… or the header's right-click)
        column_chooser.install(self.view, "ledger", default_hidden=(3, 8, 9, 11, 12, 13, 14))
        self.columns_slot.addWidget(column_chooser.chooser_button(self.view, "ledger"))
        layout.addWidget(self.view, 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _fit_columns(self) -> None:
        """Columns as wide as their header and typical content; the description is elided
        (full text as tooltip) so that the main columns fit 1366x768 side by side."""
        names = [name for _, name, _ in catalogue.categories(self.ctx.db)]
        amount = ["123,456.00"]
        fit_columns(self.view, {0: ["420999100200-WT2026000000"], 1: names,
                                2: glossary.ISSUE_STATUS.values(),
                                3: glossary.FOUND_BY.values(), 4: [SAMPLE_VILLAGE],
                                5: [SAMPLE_NAME], 7: amount, 8: ["某某镇财政所"], 9: [SAMPLE_NAME],
                                10: [SAMPLE_DATE], 11: amount, 12: amount, 14: [SAMPLE_TIME],
                                15: ["未处理10条"]},
                    widths={6: DESCRIPTION_WIDTH})
        # the description takes what the shown columns leave: no sideways scroll at 1366 px
        self.view.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().sectionResized.connect(
            lambda column, *_: column != DESCRIPTION_COLUMN and self._share_description())
        self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._share_description()
        return super().eventFilter(watched, event)

    def _share_description(self) -> None:
        """问题描述 stretches over what the shown columns leave; when they leave less than
        :data:`DESCRIPTION_MIN` (every column shown) it keeps that width and the table
        scrolls sideways instead of squeezing the description to "…"."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != DESCRIPTION_COLUMN and not header.isSectionHidden(c))
        room = self.view.viewport().width() - others
        mode = (QHeaderView.ResizeMode.Stretch if room >= DESCRIPTION_MIN
                else QHeaderView.ResizeMode.Interactive)
        if header.sectionResizeMode(DESCRIPTION_COLUMN) != mode:
            header.setSectionResizeMode(DESCRIPTION_COLUMN, mode)
        if mode == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(DESCRIPTION_COLUMN, DESCRIPTION_MIN)

    def _filters(self) -> QVBoxLayout:
        self.category = QComboBox()
        self.category.addItem("（全部类别）", None)
        for code, name, _ in catalogue.categories(self.ctx.db):
            self.category.addItem(name, code)
        self.status = QComboBox()
        self.status.addItem("（全部状态）", None)
        self.status.addItem("未销号", "open")
        for code, label in glossary.ISSUE_STATUS.items():
            self.status.addItem(label, code)
        self.found_by = QComboBox()
        self.found_by.addItem("（全部发现方式）", None)
        for code, label in glossary.FOUND_BY.items():
            self.found_by.addItem(label, code)
        self.overdue = QCheckBox("只看逾期")
        self.min_amount = QDoubleSpinBox()
        self.min_amount.setRange(0, 1e9)
        self.min_amount.setDecimals(2)
        self.min_amount.setSuffix(" 元以上")
        self.search = QLineEdit()
        self.search.setPlaceholderText("编号、描述、姓名或身份证号")
        self.region = RegionFilter(self.ctx.db)
        apply = QPushButton("查询")
        apply.clicked.connect(self.reload)
        apply.setToolTip("按上面的条件查询（改动下拉框时会自动查询）")
        self.category.setToolTip("只看某一类问题，如截留挪用、人卡分离")
        self.status.setToolTip("已挂号 → 整改中 → 已销号；“未销号”含已挂号和整改中")
        self.found_by.setToolTip("问题是怎么发现的：入户核查、系统比对、群众举报等")
        self.overdue.setToolTip("只看过了整改期限还没销号的问题（红色显示）")
        self.min_amount.setToolTip("只看涉及金额不少于此数的问题；0 为不限")
        self.search.setToolTip("按问题编号、描述、姓名或身份证号查找，回车查询")
        for combo in (self.category, self.status, self.found_by):
            combo.currentIndexChanged.connect(self.reload)
        self.overdue.toggled.connect(self.reload)
        self.region.changed.connect(self.reload)
        self.search.returnPressed.connect(self.reload)
        first, second = QHBoxLayout(), QHBoxLayout()
        for w in (QLabel("类别"), self.category, QLabel("状态"), self.status, QLabel("发现方式"),
                  self.found_by, self.overdue):
            first.addWidget(w)
        first.addStretch()
        self.columns_slot = first     # 显示列… is added once the table exists
        for w in (self.region, QLabel("金额"), self.min_amount, self.search, apply):
            second.addWidget(w)
        box = QVBoxLayout()
        box.addLayout(first)
        box.addLayout(second)
        return box

    def current_filter(self) -> IssueFilter:
        town, village, _ = self.region.codes()
        return IssueFilter(category=self.category.currentData(), status=self.status.currentData(),
                           village_code=village or town, found_by=self.found_by.currentData(),
                           overdue_only=self.overdue.isChecked(),
                           min_amount=self.min_amount.value() or None, text=self.search.text())

    def reload(self, *_args) -> None:
        ids = list_issue_ids(self.ctx.db, self.current_filter())
        self.model.set_ids(ids)
        self.empty.update_for(len(ids), 0 if ids else has_data(self.ctx.db, "issues"))
        t = ledger_totals(self.ctx.db, ids)
        self.totals.setText(f"共{t['issues']:,}个问题，已销号{t['closed']:,}个；涉及金额"
                            f"{t['amount']:,.2f}元，追缴{t['recovered']:,.2f}元，"
                            f"返还{t['returned']:,.2f}元；移交纪检监察{t['referred']}个")

    def _fetch(self, ids: list[int]) -> dict[int, tuple]:
        """The ledger rows plus 上级意见: comments of an upper unit's return on the issue."""
        marks = issue_comment_marks(self.ctx.db, ids)
        return {i: (*row, marks.get(i, ""))
                for i, row in fetch_issue_rows(self.ctx.db, ids).items()}

    @staticmethod
    def _decorate(values: tuple, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            status = glossary.code_for(glossary.ISSUE_STATUS, values[STATUS_COLUMN])
            if is_overdue(status, values[OVERDUE_COLUMN] or None):
                return OVERDUE_BRUSH
        mark = values[COMMENT_COLUMN]
        if column in (0, COMMENT_COLUMN) and mark:
            if role == Qt.ItemDataRole.BackgroundRole and mark.startswith("未处理"):
                return COMMENT_BRUSH
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"上级退回时对本问题提出了意见（{mark}），双击查看"
        if role == Qt.ItemDataRole.ToolTipRole and column == OVERDUE_COLUMN and values[column]:
            return "已逾期未销号" if LedgerPage._decorate(
                values, column, Qt.ItemDataRole.ForegroundRole) else ""
        return None

    def open_issue(self, issue_id: int) -> IssueDetailDialog:
        dialog = IssueDetailDialog(self.ctx, issue_id, self)
        dialog.finished.connect(lambda _r: self.model.refresh())
        dialog.open()
        return dialog


PAGE = PageSpec(key="ledger", title="问题台账", order=30, factory=LedgerPage,
                tooltip="全部问题的挂号、整改、销号、追缴返还和移交情况")
