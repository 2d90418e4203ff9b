"""公示: build a beneficiary notice (masked), preview it, print it or export PDF / Excel, and
record where and how long each notice was posted."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.screen_fit import fit_on_screen
from ui.common.table_fit import ElideTipDelegate, two_line_header
from ui.common.workers import run_job
from ui.context import AppContext
from ui.pages import PageSpec
from ui.publicity.form import PublicityForm
from ui.publicity.notice_painter import paint_layout, setup_printer
from ui.publicity.posting_record import PostingRecordDialog
from ykt_desktop import glossary
from ykt_desktop.changes import Kind
from ykt_desktop.errors import UserError
from ykt_desktop.guidance import has_data
from ykt_desktop.publicity.choices import preview_rows
from ykt_desktop.publicity.compliance import notice_statuses
from ykt_desktop.publicity.config import set_hotlines
from ykt_desktop.publicity.jobs import Built, Exported, build_job, export_job, record_job
from ykt_desktop.publicity.model import COLUMNS, HOTLINE_LABELS, Notice
from ykt_desktop.publicity.records import add_posting, list_publicity
from ykt_desktop.security.session import PermissionDenied, authorize

ITEM_COLUMN = COLUMNS.index(glossary.ITEM)
MAX_ITEM_WIDTH = 170

NOTICE_HEADERS = ("编号", "标题", "期间", "范围", "公示期", "条数", "金额（元）", "张贴记录",
                  "状态")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.PUBLICITY, Kind.PAYMENTS, Kind.UNIT, Kind.HOUSEHOLDS)  # names, households


class PublicityPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.built: Built | None = None
        self.runner = None
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        title = QLabel("公示")
        title.setObjectName("pageTitle")
        left.addWidget(title)
        self.form = PublicityForm()
        self.form.save_hotlines.clicked.connect(self.save_hotlines)
        set_available(self.form.save_hotlines, not ctx.read_only, "read_only")
        left.addWidget(self.form, 1)
        left.addLayout(self._buttons())
        layout.addLayout(left, 2)
        right = QVBoxLayout()
        self.empty = EmptyState("publicity")
        right.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._preview_tab(), "名单预览")
        self.tabs.addTab(self._notices_tab(), "已生成的公示")
        right.addWidget(self.tabs, 1)
        layout.addLayout(right, 5)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _buttons(self) -> QGridLayout:
        grid = QGridLayout()
        self.preview_button = QPushButton("生成预览")
        self.preview_button.setDefault(True)
        self.print_preview_button = QPushButton("打印预览…")
        self.print_button = QPushButton("直接打印…")
        self.pdf_button = QPushButton("导出 PDF…")
        self.xlsx_button = QPushButton("导出 Excel…")
        self.preview_button.clicked.connect(self.build)
        self.print_preview_button.clicked.connect(self.print_preview)
        self.print_button.clicked.connect(self.print_direct)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        for button, tip in (
                (self.preview_button, "按左边的选择生成名单预览（身份证号、卡号按规则脱敏）"),
                (self.print_preview_button, "在屏幕上看打印效果，确认后打印；打印后保存公示记录"),
                (self.print_button, "直接送打印机打印；打印后保存公示记录"),
                (self.pdf_button, "导出为 PDF 文件（可拿到别处打印），并保存公示记录"),
                (self.xlsx_button, "导出为 Excel 文件，并保存公示记录")):
            button.setToolTip(tip)
        grid.addWidget(self.preview_button, 0, 0, 1, 2)
        grid.addWidget(self.print_preview_button, 1, 0)
        grid.addWidget(self.print_button, 1, 1)
        grid.addWidget(self.pdf_button, 2, 0)
        grid.addWidget(self.xlsx_button, 2, 1)
        self._set_output_enabled(False)
        return grid

    def _preview_tab(self) -> QWidget:
        tab = QWidget()
        inner = QVBoxLayout(tab)
        self.summary = QLabel("选择补贴项目、期间和公示范围后点“生成预览”。身份证号、卡号"
                              "按本县脱敏规则显示，不显示残疾类别、等级和详细地址。")
        self.summary.setWordWrap(True)
        inner.addWidget(self.summary)
        self.preview_model = ListTableModel([two_line_header(h) for h in COLUMNS])
        for col in (6, 7):
            self.preview_model.alignments[col] = (Qt.AlignmentFlag.AlignRight
                                                  | Qt.AlignmentFlag.AlignVCenter)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setItemDelegate(ElideTipDelegate(self.preview))
        inner.addWidget(self.preview, 1)
        return tab

    def _notices_tab(self) -> QWidget:
        tab = QWidget()
        inner = QVBoxLayout(tab)
        self.notices_model = ListTableModel(NOTICE_HEADERS)
        self.notices = QTableView()
        self.notices.setModel(self.notices_model)
        self.notices.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.notices.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.notices.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.notices.horizontalHeader().setSectionResizeMode(   # the title takes what is left,
            NOTICE_HEADERS.index("标题"), QHeaderView.ResizeMode.Stretch)    # 状态 stays in view
        self.notices.setWordWrap(False)
        self.notices.setItemDelegate(ElideTipDelegate(self.notices))   # a cut title: tooltip
        self.notices.doubleClicked.connect(lambda _: self.record_posting())
        inner.addWidget(self.notices, 1)
        row = QHBoxLayout()
        post = QPushButton("登记张贴…")
        post.setToolTip("为选中的公示登记张贴地点、起止日期和照片；未登记的会被列为未按规定公示")
        set_available(post, not self.ctx.read_only, "read_only")
        post.clicked.connect(self.record_posting)
        again = QPushButton("按此公示重新选择")
        again.setToolTip("把选中公示的补贴项目、期间和范围填回左边，并重新生成预览")
        again.clicked.connect(self.load_choice)
        hint = QLabel("公示期结束后未登记张贴、或张贴天数不足的，会在“比对与导入”页的比对中列为"
                      "“未按规定公示”。")
        hint.setWordWrap(True)
        row.addWidget(hint, 1)
        row.addWidget(again)
        row.addWidget(post)
        inner.addLayout(row)
        return tab

    def reload(self) -> None:
        self.form.reload(self.ctx.db)
        # Records first, then their statuses: a notice saved in between (by a job on another
        # thread, or a second window) is then listed next time, not a KeyError (the soak's).
        self.records = list_publicity(self.ctx.db)
        statuses = {s.publicity_id: s.label for s in notice_statuses(self.ctx.db)}
        self.notices_model.set_rows([
            (r["id"], r["title"], r["period"], r["scope_name"] or r["scope_code"],
             f"{r['start_date']} 至 {r['end_date']}", r["line_count"],
             f"{r['total_amount']:,.2f}", r["postings"], statuses.get(r["id"], ""))
            for r in self.records])
        self._update_empty()

    def _update_empty(self) -> None:
        paid = has_data(self.ctx.db, "payments")
        self.empty.update_for(len(self.records) + (self.built is not None),
                              key="publicity" if paid else "publicity.no_payments")

    def _set_output_enabled(self, enabled: bool) -> None:
        for button in (self.print_preview_button, self.print_button, self.pdf_button,
                       self.xlsx_button):
            set_available(button, enabled, "not_built")

    def build(self) -> None:
        request = self.form.request()
        self.runner = run_job(self, "生成公示名单", self.ctx.handle,
                              lambda db: build_job(db, request), self._built)

    def _built(self, built: Built) -> None:
        self.built = built
        notice = built.notice
        self.preview_model.set_rows(preview_rows(notice))
        self._fit_preview(notice)
        self.summary.setText(
            f"<b>{notice.title}</b><br>{notice.issuer}　公示期 {notice.start} 至 {notice.end}"
            f"（{notice.days}天）　{notice.person_count}人、{notice.row_count}条，合计"
            f"{notice.total_amount:,.2f}元，A4共{len(built.layout.pages)}页<br>"
            f"{notice.policy_text}")
        self._set_output_enabled(True)
        self._update_empty()
        self.tabs.setCurrentIndex(0)

    def _fit_preview(self, notice: Notice) -> None:
        """Group titles and subtotals span the narrow columns so that these fit their data."""
        self.preview.clearSpans()
        for row, line in enumerate(notice.lines):
            if line.kind == "group":
                self.preview.setSpan(row, 0, 1, len(COLUMNS))
            elif line.kind != "row":
                self.preview.setSpan(row, 1, 1, ITEM_COLUMN)
        self.preview.resizeColumnsToContents()
        if self.preview.columnWidth(ITEM_COLUMN) > MAX_ITEM_WIDTH:   # long names: tooltip
            self.preview.setColumnWidth(ITEM_COLUMN, MAX_ITEM_WIDTH)

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.built.notice.title)
        setup_printer(printer, self.built.layout)
        return printer

    def print_preview(self) -> None:
        if not self.built or not self._may_print():
            return
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"打印预览：{self.built.notice.title}")
        layout = self.built.layout
        dialog.paintRequested.connect(lambda p: paint_layout(p, layout))
        fit_on_screen(dialog, 1000, 690)
        dialog.deleteLater()        # once this handler returns (exec's own loop keeps it)
        if dialog.exec():
            self._record_printed()

    def _may_print(self) -> bool:
        """Printing is exporting: the same core check as the PDF/Excel export."""
        try:
            authorize(self.ctx.db, "export", self.built.notice.scope_code)
        except PermissionDenied as exc:
            QMessageBox.warning(self, "打印公示", str(exc))
            return False
        return True

    def print_direct(self) -> None:
        if not self.built or not self._may_print():
            return
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        dialog.deleteLater()        # once this handler returns (exec's own loop keeps it)
        if dialog.exec():
            paint_layout(printer, self.built.layout)
            self._record_printed()

    def _record_printed(self) -> None:
        if self.ctx.read_only or not self.built:
            return
        built = self.built
        self.runner = run_job(self, "保存公示记录", self.ctx.handle,
                              lambda db: record_job(db, built, created_by=self.ctx.user),
                              self._recorded)

    def _recorded(self, publicity_id: int) -> None:
        self.ctx.notify_changed(record_job.changes)
        QMessageBox.information(self, "公示", f"已保存公示记录（编号{publicity_id}）。张贴后请在"
                                "“已生成的公示”中登记张贴地点、日期和照片。")

    def export(self, suffix: str) -> None:
        if not self.built:
            return
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
        path, _ = file_dialogs.save_file_name(self, "导出公示", self.built.notice.title + suffix,
                                              kind)
        if not path:
            return
        target = Path(path).with_suffix(suffix)
        built, record = self.built, not self.ctx.read_only
        self.runner = run_job(
            self, "导出公示", self.ctx.handle,
            lambda db: export_job(db, built, target, record=record, created_by=self.ctx.user),
            self._exported)

    def _exported(self, exported: Exported) -> None:
        self.ctx.notify_changed(exported.changes)
        more = f"，公示记录编号{exported.publicity_id}" if exported.publicity_id else ""
        QMessageBox.information(self, "导出公示", f"已导出：{exported.path}{more}")

    def _selected_record(self) -> dict | None:
        rows = self.notices.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def record_posting(self) -> None:
        record = self._selected_record()
        if record is None:
            QMessageBox.information(self, "登记张贴", "请先在列表中选择一条公示")
            return
        if self.ctx.read_only:
            return
        dialog = PostingRecordDialog(self.ctx.db, record["id"], user=self.ctx.user, parent=self)
        if dialog.exec():
            self.ctx.notify_changed(add_posting.changes)

    def save_hotlines(self) -> None:
        try:
            saved = set_hotlines(self.ctx.db, self.form.hotline_values())
        except UserError as exc:
            QMessageBox.warning(self, "监督电话", str(exc))
            return
        shown = "；".join(f"{HOTLINE_LABELS[k]}：{v or '（空）'}" for k, v in saved.items())
        QMessageBox.information(self, "监督电话", f"已保存为默认：{shown}")

    def load_choice(self) -> None:
        record = self._selected_record()
        if record:
            self.form.set_choice(json.loads(record["item_codes"]), record["period"],
                                 record["scope_code"])
            self.build()


PAGE = PageSpec(key="publicity", title="公示", order=40, factory=PublicityPage,
                tooltip="生成脱敏的惠民惠农补贴发放公示名单，打印、导出并登记张贴情况")
