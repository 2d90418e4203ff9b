"""移交纪检监察后的处理结果: sanctions and public exposure."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ui.common import stale_reload
from ui.common.answered import AnsweredDialog
from ui.context import AppContext
from ykt_desktop.errors import UserError
from ykt_desktop.ledger.issues import get_issue, issue_version, record_discipline
from ykt_desktop.record_versions import StaleRecordError


def count_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 9999)
    box.setSuffix(" 人")
    box.setValue(value)
    return box


class IssueDisciplineDialog(AnsweredDialog):
    def __init__(self, ctx: AppContext, issue_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.issue_id = ctx, issue_id
        issue = get_issue(ctx.db, issue_id)
        self.version = issue_version(ctx.db, issue_id)
        self.setWindowTitle(f"处理结果：{issue['issue_no']}")
        form = QFormLayout(self)
        self.party = count_box(issue["party_sanctions"])
        self.gov = count_box(issue["gov_sanctions"])
        self.exposed = QCheckBox("已通报曝光")
        self.exposed.setChecked(bool(issue["exposed"]))
        self.exposed_persons = count_box(issue["exposed_persons"])
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        form.addRow("移交情况", QLabel(issue["referral_note"] or "（尚未移交）"))
        form.addRow("党纪处分", self.party)
        form.addRow("政务处分", self.gov)
        form.addRow("", self.exposed)
        form.addRow("通报曝光人数", self.exposed_persons)
        form.addRow("说明", self.note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def reload(self) -> None:
        """Show the issue's saved outcome again (after a refused save)."""
        issue = get_issue(self.ctx.db, self.issue_id)
        self.version = issue_version(self.ctx.db, self.issue_id)
        self.party.setValue(issue["party_sanctions"])
        self.gov.setValue(issue["gov_sanctions"])
        self.exposed.setChecked(bool(issue["exposed"]))
        self.exposed_persons.setValue(issue["exposed_persons"])
        self.error.setText("已重新载入最新内容")

    def submit(self) -> None:
        try:
            record_discipline(self.ctx.db, self.issue_id, party_sanctions=self.party.value(),
                              gov_sanctions=self.gov.value(), exposed=self.exposed.isChecked(),
                              exposed_persons=self.exposed_persons.value(),
                              note=self.note.text(), by_user=self.ctx.user,
                              expected_version=self.version)
        except StaleRecordError as exc:
            self.error.setText("未保存：本问题在打开后已被修改")
            if stale_reload.ask_reload(self, exc):
                self.reload()
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
