"""工作日程 tab: phases and report deadlines (due soon / overdue), and the phase summary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.campaign.common import (
    KEEP_OPEN,
    FormDialog,
    attempt,
    combo,
    date_edit,
    line_edit,
    selected_row,
    spin,
)
from ui.common import stale_reload
from ui.common.empty_state import EmptyState, set_available
from ui.common.file_dialogs import save_file_name
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.row_select import select_row
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ykt_desktop.campaign import calendar, summary
from ykt_desktop.campaign.overview import calendar_line
from ykt_desktop.changes import Kind
from ykt_desktop.record_versions import StaleRecordError

PHASE_HEADERS = ("编号", "阶段", "开始", "结束", "适用单位", "状态")
DEADLINE_HEADERS = ("编号", "报送事项", "报送期限", "层级", "报送对象", "报送日期", "状态")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN,)


class CalendarTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
                ("seed", "按天门方案填入…", "按天门市“回头看”实施方案填入七个阶段和九项报送期限"
                 "（选择年度）", self.seed),
                ("phase", "新增阶段…", "新增一个阶段（名称、起止日期、适用单位）", self.add_phase),
                ("dates", "修改阶段日期…", "修改所选阶段的起止日期", self.edit_phase),
                ("deadline", "新增报送期限…", "新增一项向上级报送的期限", self.add_deadline),
                ("done", "登记已报送…", "登记所选报送事项的报送日期", self.mark_done),
                ("summary", "阶段总结导出…", "所选阶段的核查户数、问题分类、整改、追缴、移交等"
                 "数据，导出为 Excel 或 PDF", self.export_summary)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch()
        layout.addLayout(row)
        self.empty = EmptyState("campaign.calendar")
        layout.addWidget(self.empty)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.phases = ListTableModel(PHASE_HEADERS)
        self.phase_view = contents_table(self.phases)
        self.phase_view.setSelectionBehavior(self.phase_view.SelectionBehavior.SelectRows)
        layout.addWidget(QLabel("阶段"))
        layout.addWidget(self.phase_view, 2)
        self.deadlines = ListTableModel(DEADLINE_HEADERS)
        self.deadline_view = contents_table(self.deadlines)
        self.deadline_view.setSelectionBehavior(self.deadline_view.SelectionBehavior.SelectRows)
        layout.addWidget(QLabel("报送期限"))
        layout.addWidget(self.deadline_view, 3)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        today = dt.date.today()
        self.phase_rows = calendar.phases(self.ctx.db)
        self.deadline_rows = calendar.deadlines(self.ctx.db)
        self.phases.set_rows([(p.id, p.name, p.start_date, p.end_date, p.scope_code or "全部",
                               p.state(today)) for p in self.phase_rows])
        self.deadlines.set_rows([(d.id, d.title, d.due_date, calendar.LEVELS[d.level],
                                  d.recipient, d.done_date or "", d.state(today))
                                 for d in self.deadline_rows])
        self.empty.update_for(len(self.phase_rows) + len(self.deadline_rows))
        self.status.setText(calendar_line(self.ctx.db, today=today))
        writable = not self.ctx.read_only
        for key in ("seed", "phase", "dates", "deadline", "done"):
            set_available(self.buttons[key], writable, "read_only")
        set_available(self.buttons["seed"], writable and not self.phase_rows
                      and not self.deadline_rows, "read_only" if not writable else "selection")

    def select_deadline(self, deadline_id: int) -> bool:
        """Select (and scroll to) the deadline ``deadline_id`` in 报送期限 (a 概览 bar)."""
        for row, d in enumerate(self.deadline_rows):
            if d.id == deadline_id:
                select_row(self.deadline_view, row)
                self.deadline_view.scrollTo(self.deadlines.index(row, 0))
                return True
        return False

    def seed(self) -> None:
        year = spin("按此年度的日期填入", 2019, 2099, dt.date.today().year)
        FormDialog(self, "按天门方案填入", [("year", "年度", year)],
                   lambda v: calendar.seed_tianmen(self.ctx.db, v["year"])).exec()
        self.ctx.notify_changed(calendar.seed_tianmen.changes)

    def add_phase(self) -> None:
        rows = [("name", "阶段名称", line_edit("如 重点抽查")),
                ("start", "开始日期", date_edit("阶段开始日期")),
                ("end", "结束日期", date_edit("阶段结束日期")),
                ("scope", "适用单位区划代码", line_edit("留空为全部单位"))]
        if FormDialog(self, "新增阶段", rows, lambda v: calendar.add_phase(
                self.ctx.db, name=v["name"], start=v["start"], end=v["end"],
                scope_code=v["scope"])).exec():
            self.ctx.notify_changed(calendar.add_phase.changes)

    def edit_phase(self) -> None:
        row = selected_row(self.phase_view)
        if row is None:
            QMessageBox.information(self, "修改阶段日期", "请先在阶段列表中选择一个阶段")
            return
        state = {"id": self.phase_rows[row].id}
        p = self._fresh_phase(state)
        if p is None:
            return
        rows = [("start", "开始日期", date_edit("阶段开始日期", _day(p.start_date))),
                ("end", "结束日期", date_edit("阶段结束日期", _day(p.end_date)))]

        def submit(v: dict) -> object:
            try:
                calendar.update_phase(self.ctx.db, p.id, start=v["start"], end=v["end"],
                                      expected_version=state["version"])
            except StaleRecordError as exc:     # changed elsewhere since: ask, never overwrite
                fresh = self._fresh_phase(state) if stale_reload.ask_reload(dialog, exc) else None
                if fresh is not None:
                    dialog.widgets["start"].setDate(_day(fresh.start_date))
                    dialog.widgets["end"].setDate(_day(fresh.end_date))
                return KEEP_OPEN
            return True

        dialog = FormDialog(self, f"修改阶段日期：{p.name}", rows, submit)
        if dialog.exec():
            self.ctx.notify_changed(calendar.update_phase.changes)

    def _fresh_phase(self, state: dict) -> calendar.Phase | None:
        """The phase as saved now; its token is read first (a change in between refuses)."""
        state["version"] = calendar.phase_version(self.ctx.db, state["id"])
        return next((x for x in calendar.phases(self.ctx.db) if x.id == state["id"]), None)

    def add_deadline(self) -> None:
        rows = [("title", "报送事项", line_edit("如 阶段性工作总结")),
                ("due", "报送期限", date_edit("最迟报送日期")),
                ("level", "层级", combo("由哪一级报送", [(v, k) for k, v in
                                                       calendar.LEVELS.items()])),
                ("recipient", "报送对象", line_edit("如 省领导小组办公室"))]
        if FormDialog(self, "新增报送期限", rows, lambda v: calendar.add_deadline(
                self.ctx.db, title=v["title"], due=v["due"], level=v["level"],
                recipient=v["recipient"])).exec():
            self.ctx.notify_changed(calendar.add_deadline.changes)

    def mark_done(self) -> None:
        row = selected_row(self.deadline_view)
        if row is None:
            QMessageBox.information(self, "登记已报送", "请先在报送期限列表中选择一项")
            return
        d = self.deadline_rows[row]
        rows = [("done", "报送日期", date_edit("实际报送的日期"))]
        if FormDialog(self, f"登记已报送：{d.title}", rows, lambda v: calendar.mark_done(
                self.ctx.db, d.id, done=v["done"])).exec():
            self.ctx.notify_changed(calendar.mark_done.changes)

    def export_summary(self) -> None:
        row = selected_row(self.phase_view)
        if row is None:
            QMessageBox.information(self, "阶段总结导出", "请先在阶段列表中选择一个阶段")
            return
        p = self.phase_rows[row]
        path, _ = save_file_name(self, "阶段总结导出", f"{p.name}阶段总结.xlsx",
                                 "Excel (*.xlsx);;PDF (*.pdf)")
        if not path:
            return
        unit = self.ctx.unit
        done = attempt(self, "阶段总结导出", lambda: summary.export_summary(
            self.ctx.db, summary.summarize(self.ctx.db, start=p.start_date, end=p.end_date,
                                           title=p.name), path,
            unit_name=unit.name if unit else ""))
        if done:
            QMessageBox.information(self, "阶段总结导出", f"已导出：{path}")


def _day(text: str) -> QDate:
    return QDate.fromString(text, "yyyy-MM-dd")
