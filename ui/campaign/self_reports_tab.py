"""主动说清 tab: people who came forward and money handed back, on ledger issues (天门 附件2)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.campaign.common import FormDialog, date_edit, line_edit, money, spin
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ykt_desktop.campaign.self_reports import (
    add_self_report,
    has_issues,
    issue_id_by_number,
    self_reports,
)
from ykt_desktop.changes import Kind

HEADERS = ("编号", "说清日期", "问题编号", "村", "主动说清人数", "主动上缴资金（元）", "说清人",
           "备注")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN, Kind.ISSUES, Kind.HOUSEHOLDS)  # names


class SelfReportsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add_button = QPushButton("登记主动说清…")
        self.add_button.setToolTip("在问题台账的某个问题上登记主动说清人数和主动上缴资金；"
                                   "计入该问题和天门附件2的“主动说清情况事项”")
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.add_button)
        row.addStretch()
        layout.addLayout(row)
        self.total = QLabel()
        layout.addWidget(self.total)
        self.empty = EmptyState("campaign.self_reports")
        layout.addWidget(self.empty)
        self.model = ListTableModel(HEADERS)
        layout.addWidget(contents_table(self.model), 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        rows = self_reports(self.ctx.db)
        self.model.set_rows([(r["id"], r["reported_on"], r["issue_no"], r["village"],
                              r["persons"], f"{r['amount']:,.2f}", r["names"], r["notes"])
                             for r in rows])
        self.total.setText(f"合计：主动说清 {sum(r['persons'] for r in rows)} 人，主动上缴资金 "
                           f"{sum(r['amount'] for r in rows):,.2f} 元" if rows else "")
        self.empty.update_for(len(rows))
        set_available(self.add_button, not self.ctx.read_only and has_issues(self.ctx.db),
                      "read_only" if self.ctx.read_only else "selection")

    def add(self) -> None:
        rows = [("issue", "问题编号", line_edit("问题台账中的问题编号，如 WT2026000012")),
                ("persons", "主动说清人数", spin("向纪检监察部门主动说明情况的人数", 0, 9999, 1)),
                ("amount", "主动上缴资金", money("主动上缴（退赔）的资金")),
                ("day", "说清日期", date_edit("主动说清的日期")),
                ("names", "说清人", line_edit("可空")),
                ("notes", "备注", line_edit("可空"))]
        if FormDialog(self, "登记主动说清", rows, lambda v: add_self_report(
                self.ctx.db, issue_id_by_number(self.ctx.db, v["issue"]), persons=v["persons"],
                amount=v["amount"], reported_on=v["day"], names=v["names"],
                notes=v["notes"])).exec():
            self.ctx.notify_changed(add_self_report.changes)
