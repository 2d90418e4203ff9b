"""举报登记 tab: complaints from registration to reply, linked to issues; overdue replies."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.campaign.common import (
    FormDialog,
    combo,
    date_edit,
    line_edit,
    selected_row,
    text_edit,
)
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ykt_desktop.campaign import complaints
from ykt_desktop.catalogue import categories
from ykt_desktop.changes import Kind
from ykt_desktop.publicity.choices import scope_choices

HEADERS = ("编号", "举报编号", "受理日期", "方式", "举报人", "联系方式", "被举报单位",
           "被举报人", "举报内容", "答复期限", "状态", "核实结果", "关联问题")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN, Kind.ISSUES, Kind.UNIT, Kind.HOUSEHOLDS)  # names


class ComplaintsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
                ("add", "登记举报…", "登记来电、来信、来访、网络或平台转来的举报", self.add),
                ("handle", "登记办理…", "登记所选举报的承办人和办理情况", self.handle),
                ("reply", "登记答复…", "登记对举报人的答复和核实结果", self.reply),
                ("issue", "登记为问题…", "把所选举报登记到问题台账（发现方式：群众举报）",
                 self.to_issue)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        self.overdue = QCheckBox("只看逾期未答复")
        self.overdue.setToolTip("只列超过答复期限还没有答复的举报")
        self.overdue.toggled.connect(lambda _: self.reload())
        row.addWidget(self.overdue)
        row.addStretch()
        layout.addLayout(row)
        self.note = QLabel()
        layout.addWidget(self.note)
        self.empty = EmptyState("campaign.complaints")
        layout.addWidget(self.empty)
        self.model = ListTableModel(HEADERS)
        self.view = contents_table(self.model)
        self.view.setSelectionBehavior(self.view.SelectionBehavior.SelectRows)
        layout.addWidget(self.view, 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        every = complaints.list_complaints(self.ctx.db)
        self.rows = [r for r in every if r["overdue"] or not self.overdue.isChecked()]
        self.model.set_rows([(
            r["id"], r["complaint_no"], r["received_on"], complaints.CHANNELS[r["channel"]],
            r["complainant"] or "匿名", r["complainant_contact"],
            r["village_name"], r["persons_concerned"], r["content"],
            r["deadline"], "逾期未答复" if r["overdue"] else complaints.STATUS[r["status"]],
            complaints.RESULTS[r["result"]], r["issue_no"])
            for r in self.rows])
        late = sum(r["overdue"] for r in every)
        self.note.setText(f"共 {len(every)} 件，逾期未答复 {late} 件。举报人姓名和联系方式只对"
                          "乡镇审核员、县级管理员显示。" if every else "")
        self.empty.update_for(len(self.rows), len(every))
        for key, button in self.buttons.items():
            ok = not self.ctx.read_only and (key == "add" or bool(self.rows))
            set_available(button, ok, "read_only" if self.ctx.read_only else "selection")

    def _selected(self, title: str) -> dict | None:
        row = selected_row(self.view)
        if row is None:
            QMessageBox.information(self, title, "请先在列表中选择一件举报")
            return None
        return self.rows[row]

    def add(self) -> None:
        villages = [("（未指明）", None)] + [(label.strip(), code) for code, label, level in
                                          scope_choices(self.ctx.db) if level == "village"]
        received = date_edit("收到举报的日期")
        deadline = date_edit("默认受理后30天", QDate.currentDate().addDays(30))
        received.dateChanged.connect(lambda day: deadline.setDate(day.addDays(30)))
        rows = [("channel", "举报方式", combo("举报来源", [(v, k) for k, v in
                                                       complaints.CHANNELS.items()])),
                ("received", "受理日期", received),
                ("content", "举报内容", text_edit("举报反映的问题")),
                ("complainant", "举报人", line_edit("可空（匿名）；只对有权限的角色显示")),
                ("contact", "联系方式", line_edit("可空；只对有权限的角色显示")),
                ("village", "被举报单位（村）", combo("问题所在的村", villages)),
                ("persons", "被举报人", line_edit("可空")),
                ("deadline", "答复期限", deadline)]
        if FormDialog(self, "登记举报", rows, lambda v: complaints.register_complaint(
                self.ctx.db, channel=v["channel"], received_on=v["received"],
                content=v["content"], complainant=v["complainant"], contact=v["contact"],
                village_code=v["village"], persons_concerned=v["persons"],
                deadline=v["deadline"])).exec():
            self.ctx.notify_changed(complaints.register_complaint.changes)

    def handle(self) -> None:
        c = self._selected("登记办理")
        rows = [("handler", "承办人", line_edit("承办单位和人员")),
                ("handling", "办理情况", text_edit("调查核实和处理情况"))]
        if c and FormDialog(self, f"登记办理：{c['complaint_no']}", rows,
                            lambda v: complaints.record_handling(
                                self.ctx.db, c["id"], handler=v["handler"],
                                handling=v["handling"])).exec():
            self.ctx.notify_changed(complaints.record_handling.changes)

    def reply(self) -> None:
        c = self._selected("登记答复")
        results = [(v, k) for k, v in complaints.RESULTS.items() if k]
        rows = [("day", "答复日期", date_edit("答复举报人的日期")),
                ("reply", "答复内容", text_edit("向举报人答复的内容")),
                ("result", "核实结果", combo("属实、部分属实或不属实", results))]
        if c and FormDialog(self, f"登记答复：{c['complaint_no']}", rows,
                            lambda v: complaints.record_reply(
                                self.ctx.db, c["id"], replied_on=v["day"], reply=v["reply"],
                                result=v["result"])).exec():
            self.ctx.notify_changed(complaints.record_reply.changes)

    def to_issue(self) -> None:
        c = self._selected("登记为问题")
        cats = [(name, code) for code, name, _ in categories(self.ctx.db)]
        rows = [("category", "问题类别", combo("登记到问题台账的类别", cats))]
        if c and FormDialog(self, f"登记为问题：{c['complaint_no']}", rows,
                            lambda v: complaints.complaint_to_issue(
                                self.ctx.db, c["id"], category=v["category"])).exec():
            self.ctx.notify_changed(complaints.complaint_to_issue.changes)
