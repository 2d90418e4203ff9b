"""审计日志: browse and filter the tamper-evident log; verify its hash chain."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.lazy_table import LazyTableModel
from ui.common.table_fit import ElideTipDelegate
from ui.common.workers import run_job
from ui.context import AppContext
from ui.pages import PageSpec
from ykt_desktop.audit import query
from ykt_desktop.audit.export import export_entries
from ykt_desktop.audit.verify import VerifyResult, verify_chain
from ykt_desktop.changes import Kind
from ykt_desktop.errors import UserError
from ykt_desktop.guidance import has_data
from ykt_desktop.security.session import may
from ykt_desktop.table_names import table_name


class AuditLogPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ids: list[int] = []
        layout = QVBoxLayout(self)
        title = QLabel("审计日志")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.denied = QLabel("当前角色不能查看审计日志（县级管理员、乡镇审核员和检查员可以查看）。")
        layout.addWidget(self.denied)
        layout.addLayout(self._filters())
        layout.addLayout(self._subject_row())
        self.count = QLabel()
        layout.addWidget(self.count)
        self.empty = EmptyState("audit_log")
        layout.addWidget(self.empty)
        self.model = LazyTableModel(query.HEADERS, lambda ids: query.fetch(self.ctx.db, ids))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.setItemDelegate(ElideTipDelegate(self.view))   # cut-off text as tooltip
        header = self.view.horizontalHeader()
        for col, width in enumerate((55, 145, 90, 50, 100, 200, 300, 330)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(len(query.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.detail = QLabel()       # the selected entry, field by field: 修改前 → 修改后
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setToolTip("选中一条记录，这里逐项列出修改前 → 修改后")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        detail_box = QScrollArea()      # a long entry scrolls here; the table keeps its rows
        detail_box.setWidget(self.detail)
        detail_box.setWidgetResizable(True)
        detail_box.setFrameShape(QScrollArea.Shape.NoFrame)
        detail_box.setMaximumHeight(150)
        layout.addWidget(detail_box)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        # every write leaves audit entries: any kind refreshes it (when it is in sight)
        self.follower = follow_changes(self, ctx, Kind, self.reload)
        self.reload()

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.user, self.table, self.action = QComboBox(), QComboBox(), QComboBox()
        self.use_dates = QCheckBox("日期")
        self.since, self.until = QDateEdit(QDate.currentDate().addMonths(-1)), QDateEdit(
            QDate.currentDate())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.text = QLineEdit()
        self.text.setPlaceholderText("修改前后内容包含…")
        self.text.returnPressed.connect(self.search)
        go = QPushButton("查询")
        go.clicked.connect(self.search)
        go.setToolTip("按左边的条件查询")
        self.text.setToolTip("查找修改前后内容中含有这些字的记录，如姓名、户编号；回车查询")
        self.use_dates.setToolTip("勾选后只看所选日期范围内的记录")
        self.since.setToolTip("起始日期（含）")
        self.until.setToolTip("截止日期（含）")
        self.user.setToolTip("只看某个用户的操作")
        self.table.setToolTip("只看某类记录（如 户、问题、用户）的改动")
        self.action.setToolTip("只看某种操作：新增、修改、删除、登录、导入、导出、签章等")
        self.verify_button = QPushButton("核验哈希链")
        self.verify_button.setToolTip("逐条重新计算哈希，发现被改动、删除或调换顺序的记录")
        self.verify_button.clicked.connect(self.verify)
        for label, widget in (("用户", self.user), ("表", self.table), ("操作", self.action)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        for widget in (self.use_dates, self.since, QLabel("至"), self.until, self.text, go):
            row.addWidget(widget)
        row.addStretch()
        row.addWidget(self.verify_button)
        return row

    def _fill_combo(self, combo: QComboBox, column: str, label) -> None:
        current = combo.currentData()
        combo.clear()
        combo.addItem("全部", "")
        for value in query.distinct_values(self.ctx.db, column):
            combo.addItem(label(value), value)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def reload(self) -> None:
        allowed = may(self.ctx.db, "view_audit")
        self.denied.setVisible(not allowed)
        self.view.setVisible(allowed)
        set_available(self.verify_button, allowed, "role")
        set_available(self.export_button, allowed, "role")
        if not allowed:
            self.model.set_ids([])
            self.empty.hide()
            return
        self._fill_combo(self.user, "by_user", str)
        self._fill_combo(self.table, "table_name", table_name)
        self._fill_combo(self.action, "action", lambda a: query.ACTION_LABELS.get(a, a))
        self.search()

    def _subject_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.household, self.issue = QLineEdit(), QLineEdit()
        self.household.setPlaceholderText("户编号")
        self.household.setToolTip("只看这一户的改动：户本身、成员、卡折、发放、核查等；回车查询")
        self.issue.setPlaceholderText("问题编号")
        self.issue.setToolTip("只看这个问题的改动：问题本身、处理记录、复核、举报等；回车查询")
        for edit in (self.household, self.issue):
            edit.returnPressed.connect(self.search)
            edit.setMaximumWidth(260)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.setToolTip("把当前查询出的记录（按本人权限脱敏）连同逐项变化导出 Excel")
        self.export_button.clicked.connect(self.export)
        for label, widget in (("户", self.household), ("问题", self.issue)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        self.filter_error = QLabel()
        self.filter_error.setObjectName("errorText")
        row.addWidget(self.filter_error, 1)
        row.addWidget(self.export_button)
        return row

    def current_filter(self) -> query.AuditFilter:
        dates = self.use_dates.isChecked()
        return query.AuditFilter(
            user=self.user.currentData() or "", table_name=self.table.currentData() or "",
            action=self.action.currentData() or "", text=self.text.text().strip(),
            since=self.since.date().toString("yyyy-MM-dd") if dates else "",
            until=self.until.date().toString("yyyy-MM-dd") if dates else "")

    def search(self) -> None:
        if not may(self.ctx.db, "view_audit"):
            return
        try:
            wanted = query.subject_filter(self.ctx.db, self.current_filter(),
                                          hh_no=self.household.text(), issue_no=self.issue.text())
        except query.AuditQueryError as exc:
            self.filter_error.setText(str(exc))
            return
        self.filter_error.setText("")
        ids = query.entry_ids(self.ctx.db, wanted)
        self.ids = ids
        self.model.set_ids(ids)
        self.detail.setText("")
        self.count.setText(f"共 {len(ids):,} 条（最新在前）")
        self.empty.update_for(len(ids), 0 if ids else has_data(self.ctx.db, "audit"))

    def _show_detail(self, current, _previous=None) -> None:
        if not current.isValid() or current.row() >= len(self.ids):
            self.detail.setText("")
            return
        entry = self.ids[current.row()]
        row = query.fetch(self.ctx.db, [entry], with_diff=True)[entry]
        self.detail.setText(f"第 {row[0]} 条 {row[4]} {row[5]}：\n{row[-1] or '（无逐项变化）'}")

    def export(self) -> str:
        if not self.ids:
            QMessageBox.information(self, "导出", "当前查询没有记录可导出")
            return ""
        path, _ = file_dialogs.save_file_name(self, "导出审计日志", "审计日志.xlsx",
                                              "Excel 文件 (*.xlsx)")
        if not path:
            return ""
        try:
            count = export_entries(self.ctx.db, self.ids, path)
        except UserError as exc:
            QMessageBox.warning(self, "导出", str(exc))
            return ""
        QMessageBox.information(self, "导出", f"已导出 {count:,} 条：{path}")
        return path

    def verify(self) -> None:
        if self.ctx.path is None:
            return
        run_job(self, "正在核验审计日志…", self.ctx.handle, verify_chain, self._show_result)

    def _show_result(self, result: VerifyResult) -> None:
        if result.ok:
            QMessageBox.information(self, "审计日志完好",
                                    f"共 {result.entries:,} 条，哈希链完整。\n链头：{result.head}")
            return
        lines = "\n".join(p.message for p in result.problems[:15])
        QMessageBox.warning(self, "审计日志被改动",
                            f"共 {result.entries:,} 条，发现 {len(result.problems)} 处问题：\n"
                            f"{lines}")


PAGE = PageSpec(key="audit_log", title="审计日志", order=70, factory=AuditLogPage,
                tooltip="谁在什么时候改了什么（修改前后），哈希链防篡改")
