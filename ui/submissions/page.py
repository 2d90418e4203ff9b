"""上报与导入: the completeness board, importing lower units' packages, this unit's own
submission and return comments, and certificates."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.common.empty_state import EmptyState
from ui.common.follow_changes import follow_changes
from ui.context import AppContext
from ui.pages import PageSpec
from ui.submissions.board import SubmissionBoard
from ui.submissions.certs import SubmissionCerts
from ui.submissions.inbox import SubmissionInbox
from ui.submissions.send import SubmissionSend
from ykt_desktop.changes import Kind
from ykt_desktop.guidance import has_data

# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.SUBMISSIONS, Kind.UNIT, Kind.PAYMENTS, Kind.HOUSEHOLDS)  # progress


class SubmissionsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel("上报与导入")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.empty = EmptyState("submissions")
        layout.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.board = SubmissionBoard(ctx)
        self.inbox = SubmissionInbox(ctx)
        self.send = SubmissionSend(ctx)
        self.certs = SubmissionCerts(ctx)
        self.tabs.addTab(self.board, "完成情况")
        self.tabs.addTab(self.inbox, "导入下级上报")
        self.tabs.addTab(self.send, "本单位上报")
        self.tabs.addTab(self.certs, "证书")
        layout.addWidget(self.tabs, 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        unit = self.ctx.unit
        village = unit is not None and unit.level == "village"
        self.empty.update_for(has_data(self.ctx.db, "submissions"),
                              key="submissions.village" if village else "submissions")
        if unit is None:
            return
        # a village receives nothing from below: no 完成情况 board, no inbox, its own 上报 first
        for tab in (self.board, self.inbox):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), not village)
        if village and self.tabs.currentWidget() in (self.board, self.inbox):
            self.tabs.setCurrentWidget(self.send)
        for tab in (self.board, self.inbox, self.send, self.certs):
            tab.reload()


PAGE = PageSpec("submissions", "上报与导入", 60, SubmissionsPage,
                "下级上报文件的校验、预览和导入，本单位上报，退回意见，证书")
