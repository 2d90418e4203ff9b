"""抽查与举报 (issue 16): 重点抽查 and back-checks, the campaign calendar, 政策清单, the 举报
register and 主动说清, one tab each (ui/campaign/)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.campaign.calendar_tab import CalendarTab
from ui.campaign.complaints_tab import ComplaintsTab
from ui.campaign.policy_tab import PolicyTab
from ui.campaign.samples_tab import SamplesTab
from ui.campaign.self_reports_tab import SelfReportsTab
from ui.common.empty_state import EmptyState
from ui.common.follow_changes import follow_changes
from ui.context import AppContext
from ui.pages import PageSpec
from ykt_desktop.campaign.overview import campaign_record_count
from ykt_desktop.changes import Kind

# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN,)


class CampaignPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel("抽查与举报")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.empty = EmptyState("campaign")
        layout.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.samples = SamplesTab(ctx)
        self.calendar = CalendarTab(ctx)
        self.policy = PolicyTab(ctx)
        self.complaints = ComplaintsTab(ctx)
        self.self_reports = SelfReportsTab(ctx)
        for widget, text, tip in (
                (self.samples, "重点抽查", "随机抽取村、户或问题，打印名单，登记复核，看差异率"),
                (self.calendar, "工作日程", "各阶段起止日期、向上级报送的期限和阶段总结"),
                (self.policy, "政策清单", "生成并张贴本单位的补贴政策清单"),
                (self.complaints, "举报登记", "群众举报的登记、办理、答复和关联问题"),
                (self.self_reports, "主动说清", "主动说清人数和主动上缴资金")):
            index = self.tabs.addTab(widget, text)
            self.tabs.setTabToolTip(index, tip)
        layout.addWidget(self.tabs, 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        self.empty.update_for(campaign_record_count(self.ctx.db))


PAGE = PageSpec("campaign", "抽查与举报", 35, CampaignPage,
                tooltip="重点抽查和复核、工作日程、政策清单、举报登记、主动说清")
