"""问题详情: the issue, who is responsible and by when, its evidence and full history, and
the next steps of the flow (开始整改, 销号, 退回重改, 移交纪检监察)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import stale_reload
from ui.common.answered import AnsweredDialog
from ui.common.empty_state import set_available
from ui.common.list_table import ListTableModel
from ui.common.return_comments import ReturnCommentsNotice
from ui.common.screen_fit import fit_on_screen
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ui.ledger.evidence_row import EvidenceRow
from ui.ledger.issue_close import IssueCloseDialog, money_box
from ui.ledger.issue_discipline import IssueDisciplineDialog
from ui.ledger.issue_links_form import IssueLinksForm
from ui.ledger.text_prompt import TextPrompt
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.return_comments import issue_comments
from ykt_desktop.ledger.issues import (
    add_comment,
    evidence_list,
    get_issue,
    issue_version,
    refer_issue,
    reopen_issue,
    start_rectification,
    update_issue,
)
from ykt_desktop.ledger.query import HEADERS, event_rows, fetch_issue_rows, is_overdue
from ykt_desktop.record_versions import StaleRecordError

EVENT_HEADERS = ("时间", "操作人", "操作", "状态", "说明")
SHOWN = (0, 1, 2, 3, 4, 5, 6, 13, 14)      # columns of HEADERS shown read-only

ISSUE_CHANGES = update_issue.changes     # what every write of this dialog changes


class IssueDetailDialog(AnsweredDialog):
    def __init__(self, ctx: AppContext, issue_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.issue_id = ctx, issue_id
        fit_on_screen(self, 900, 680)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.facts = QFormLayout()
        self.fact_labels = {i: QLabel() for i in SHOWN}
        for i, label in self.fact_labels.items():
            label.setWordWrap(True)
            self.facts.addRow(HEADERS[i], label)
        top.addLayout(self.facts, 3)
        top.addLayout(self._edit_form(), 2)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.return_comments = ReturnCommentsNotice()
        layout.addWidget(self.return_comments)
        layout.addLayout(self._action_row())
        self.evidence = EvidenceRow(self.ctx)
        layout.addLayout(self.evidence)
        self.events = ListTableModel(EVENT_HEADERS)
        view = contents_table(self.events, row_numbers=True)
        layout.addWidget(view, 1)
        self.reload()

    def _edit_form(self) -> QFormLayout:
        form = QFormLayout()
        self.unit, self.person, self.deadline = QLineEdit(), QLineEdit(), QLineEdit()
        self.deadline.setPlaceholderText("YYYY-MM-DD")
        self.amount, self.recovered, self.returned = money_box(), money_box(), money_box()
        for label, widget in (("责任单位", self.unit), ("责任人", self.person),
                              ("整改期限", self.deadline), ("涉及金额", self.amount),
                              ("追缴收回", self.recovered), ("返还发放", self.returned)):
            form.addRow(label, widget)
        self.links = IssueLinksForm(self.ctx.db, form)      # 补贴项目, 身份证号, 户编号
        save = QPushButton("保存修改(&S)")
        save.clicked.connect(self.save)
        self.save_button = save
        form.addRow(save)
        return form

    def _action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (("start", "开始整改(&R)", self.start),
                                ("close", "销号(&X)…", self.close_issue),
                                ("reopen", "退回重改(&T)…", self._reopen_clicked),
                                ("refer", "移交纪检监察(&J)…", self._refer_clicked),
                                ("discipline", "处理结果(&D)…", self.discipline),
                                ("comment", "备注(&B)…", self._comment_clicked)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch()
        return row

    def reload(self) -> None:
        issue = get_issue(self.ctx.db, self.issue_id)
        self.issue = issue
        self.version = issue_version(self.ctx.db, self.issue_id)
        values = fetch_issue_rows(self.ctx.db, [self.issue_id])[self.issue_id]
        self.setWindowTitle(f"问题详情：{issue['issue_no']}")
        for i, label in self.fact_labels.items():
            label.setText(str(values[i]))
        self.unit.setText(issue["responsible_unit"])
        self.person.setText(issue["responsible_person"])
        self.deadline.setText(issue["deadline"] or "")
        self.amount.setValue(issue["amount"])
        self.recovered.setValue(issue["recovered_amount"])
        self.returned.setValue(issue["returned_amount"])
        self.links.load(issue)
        status = issue["status"]
        self.buttons["start"].setEnabled(status in ("registered", "reopened"))
        self.buttons["close"].setEnabled(status == "rectifying")
        self.buttons["reopen"].setEnabled(status == "closed")
        self.buttons["discipline"].setEnabled(bool(issue["referred"]))
        if self.ctx.read_only:      # demo county or inspector: look, change nothing
            for button in (*self.buttons.values(), self.save_button):
                set_available(button, False, "read_only")
        overdue = is_overdue(status, issue["deadline"])
        done = status == "closed" and issue["measure"]   # a reopened issue is not done
        self.message.setText(("已逾期未销号。" if overdue else "")
                             + (f"整改措施：{issue['measure']}（{issue['rectified_at']}完成）"
                                if done else ""))
        self.evidence.load(evidence_list(self.ctx.db, self.issue_id))
        self.events.set_rows(event_rows(self.ctx.db, self.issue_id))
        self.return_comments.show_comments(issue_comments(self.ctx.db, self.issue_id))

    def _do(self, action) -> bool:
        """Run one of the issue's writes (each changes the ledger: ``ISSUE_CHANGES``)."""
        try:
            action()
        except StaleRecordError as exc:
            self.message.setText("未保存：本问题在打开后已被修改")
            if stale_reload.ask_reload(self, exc):
                self.reload()
                self.message.setText("已重新载入最新内容")
            return False
        except UserError as exc:
            self.message.setText(f"未完成：{exc}")
            return False
        self.ctx.notify_changed(ISSUE_CHANGES)
        self.reload()
        return True

    def save(self) -> bool:
        changes = {"responsible_unit": self.unit.text(), "responsible_person": self.person.text(),
                   "deadline": self.deadline.text().strip() or None,
                   "amount": self.amount.value(), "recovered_amount": self.recovered.value(),
                   "returned_amount": self.returned.value()}

        def write() -> None:
            with self.ctx.db.atomic():
                changes.update(self.links.changes(self.issue))
                update_issue(self.ctx.db, self.issue_id, changes, by_user=self.ctx.user,
                             expected_version=self.version)
        return self._do(write)

    def start(self) -> bool:
        return self._do(lambda: start_rectification(self.ctx.db, self.issue_id,
                                                    by_user=self.ctx.user))

    def close_issue(self) -> IssueCloseDialog:
        dialog = IssueCloseDialog(self.ctx, self.issue_id, self)
        dialog.finished.connect(lambda _r: self._do(lambda: None))
        dialog.open()
        return dialog

    def discipline(self) -> IssueDisciplineDialog:
        dialog = IssueDisciplineDialog(self.ctx, self.issue_id, self)
        dialog.finished.connect(lambda _r: self._do(lambda: None))
        dialog.open()
        return dialog

    def reopen(self, reason: str) -> bool:
        return self._do(lambda: reopen_issue(self.ctx.db, self.issue_id, reason=reason,
                                             by_user=self.ctx.user))

    def refer(self, note: str) -> bool:
        return self._do(lambda: refer_issue(self.ctx.db, self.issue_id, note=note,
                                            by_user=self.ctx.user))

    def _prompt(self, title: str, label: str, action) -> TextPrompt:
        """Ask for the text; the dialog keeps it until ``action(text)`` succeeds."""
        def submit(text: str) -> str:
            return "" if action(text) else self.message.text()
        dialog = TextPrompt(self, title, label, submit)
        dialog.open()
        return dialog

    def _reopen_clicked(self) -> TextPrompt:
        return self._prompt("退回重改", "退回理由（必填）：", self.reopen)

    def _refer_clicked(self) -> TextPrompt:
        return self._prompt("移交纪检监察", "移交单位、日期、文号：", self.refer)

    def _comment_clicked(self) -> TextPrompt:
        return self._prompt("备注", "备注内容：", lambda note: self._do(
            lambda: add_comment(self.ctx.db, self.issue_id, note, by_user=self.ctx.user)))
