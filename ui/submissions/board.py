"""上报与导入 › 完成情况: every unit below us for a period, with 接收 / 退回 / 截止日期."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.empty_state import set_available
from ui.common.list_table import ListTableModel
from ui.common.period_default import follow_default
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ui.submissions.return_package import ReturnPackageDialog
from ykt_desktop import glossary
from ykt_desktop.campaign.overview import calendar_line
from ykt_desktop.changes import Changes
from ykt_desktop.db_errors import explain
from ykt_desktop.errors import UserError
from ykt_desktop.exchange import board
from ykt_desktop.exchange.correction import write_return
from ykt_desktop.periods import default_period
from ykt_desktop.region_list import import_region_list
from ykt_desktop.storage import DB_ERRORS

HEADERS = ("单位", "区划代码", "级别", "状态", "最近上报时间", "签名者", "经由")


class SubmissionBoard(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[board.BoardRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("上报期间"))
        self.period = QLineEdit()
        follow_default(self.period, default_period(ctx.db))
        self.period.setMaximumWidth(100)
        self.period.editingFinished.connect(self.reload)
        self.period.setToolTip("看哪一期的上报，如 2025-12；默认是本库有发放数据的最近一个月")
        bar.addWidget(self.period)
        self.due = QLabel()
        bar.addWidget(self.due, 1)
        for text, slot, tip in (
                ("设定截止日期…", self.set_due, "设定本期上报的截止日期，过期未报的显示为逾期"),
                ("接收", self.accept, "确认接收表中选中单位本期的上报"),
                ("退回…", self.return_selected, "把选中单位本期的上报退回重改，并写明意见"),
                ("导入下级名单…", self.import_regions,
                 "导入本单位下级的区划名单（Excel 或 CSV，列：区划代码、名称），"
                 "表中列出全部下级，未上报的显示“未报”"),
                ("刷新", self.reload, "重新读取各单位的上报情况")):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setToolTip(tip)
            set_available(button, text == "刷新" or not ctx.read_only, "read_only")
            bar.addWidget(button)
        layout.addLayout(bar)
        self.model = ListTableModel(HEADERS)
        self.view = contents_table(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        layout.addWidget(self.view, 1)
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.campaign = QLabel()      # the campaign calendar's reports due / overdue
        self.campaign.setWordWrap(True)
        layout.addWidget(self.campaign)

    def import_regions(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择下级区划名单", "",
                                              "表格文件 (*.xlsx *.xls *.csv)")
        if not path:
            return
        try:
            result = import_region_list(self.ctx.db, path)
        except (UserError, *DB_ERRORS) as exc:
            QMessageBox.warning(self, "未能导入", explain(exc) or str(exc))
            return
        added = "，".join(f"{glossary.label(glossary.LEVELS, k)}{n}个"
                         for k, n in result.added.items()) or "没有新的下级"
        skipped = f"\n跳过{len(result.skipped)}行（不是本单位的下级）" if result.skipped else ""
        QMessageBox.information(self, "已导入", f"已导入：{added}{skipped}")
        self.ctx.notify_changed(import_region_list.changes)
        self.reload()

    def reload(self) -> None:
        follow_default(self.period, default_period(self.ctx.db))
        period = self.period.text().strip()
        due = board.deadline(self.ctx.db, period)
        self.due.setText(f"截止日期：{due}" if due else "未设定截止日期")
        self.rows = board.board(self.ctx.db, period)
        self.model.set_rows([
            (("　　" if r.via else "") + r.name, r.unit_code,
             glossary.label(glossary.LEVELS, r.level), r.status_label, r.last_time, r.signer,
             r.via) for r in self.rows])
        tally: dict[str, int] = {}
        for r in self.rows:
            tally[r.status_label] = tally.get(r.status_label, 0) + 1
        self.counts.setText("；".join(f"{k} {v}" for k, v in tally.items()) or "本单位没有下级")
        line = calendar_line(self.ctx.db)
        self.campaign.setText(f"工作日程：{line}" if line else "")

    def _selected(self) -> board.BoardRow | None:
        picked = self.view.selectionModel().selectedRows()
        if not picked:
            QMessageBox.information(self, "上报与导入", "请先在表中选择一个单位")
            return None
        row = self.rows[picked[0].row()]
        if row.via:
            QMessageBox.information(self, "上报与导入", "村的上报由所属乡镇接收和退回")
            return None
        return row

    def set_due(self) -> None:
        period = self.period.text().strip()
        text, ok = QInputDialog.getText(self, "设定截止日期", f"{period} 的截止日期（YYYY-MM-DD）",
                                        text=board.deadline(self.ctx.db, period) or "")
        if ok and text.strip():
            self._guard(lambda: board.set_deadline(self.ctx.db, period, text.strip()),
                        board.set_deadline.changes)

    def accept(self) -> None:
        row = self._selected()
        if row is not None:
            self._guard(lambda: board.accept(self.ctx.db, row.unit_code,
                                             self.period.text().strip()), board.accept.changes)

    def return_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        dialog = ReturnPackageDialog(self.ctx.db, row.unit_code, row.name,
                                     self.period.text().strip(), parent=self)
        if dialog.exec():
            self.ctx.notify_changed(write_return.changes)

    def _guard(self, action, changes: Changes) -> None:
        try:
            action()
        except (ValueError, UserError) as exc:
            QMessageBox.warning(self, "上报与导入", str(exc))
            return
        self.ctx.notify_changed(changes)
