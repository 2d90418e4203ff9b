"""销号: the measure taken, its date, money recovered and returned; evidence is required."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.common import file_dialogs, stale_reload
from ui.common.answered import AnsweredDialog
from ui.context import AppContext
from ykt_desktop.errors import UserError
from ykt_desktop.ledger.issues import (
    add_evidence,
    close_issue,
    evidence_list,
    get_issue,
    issue_version,
)
from ykt_desktop.record_versions import StaleRecordError


def money_box(value: float = 0.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 1e10)
    box.setDecimals(2)
    box.setSuffix(" 元")
    box.setValue(value)
    return box


class IssueCloseDialog(AnsweredDialog):
    def __init__(self, ctx: AppContext, issue_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.issue_id = ctx, issue_id
        issue = get_issue(ctx.db, issue_id)
        self.version = issue_version(ctx.db, issue_id)
        self.setWindowTitle(f"销号：{issue['issue_no']}")
        self.resize(520, 380)
        form = QFormLayout(self)
        self.measure = QPlainTextEdit(issue["measure"])
        self.measure.setPlaceholderText("如：已追回多发资金并退还群众，对责任人批评教育")
        self.measure.setToolTip("回车换行；Ctrl+回车 或 Alt+X 销号")
        self.measure.setTabChangesFocus(True)
        self.day = QLineEdit(dt.date.today().isoformat())
        self.recovered = money_box(issue["recovered_amount"])
        self.returned = money_box(issue["returned_amount"])
        self.evidence_label = QLabel()
        add = QPushButton("添加佐证材料(&A)…")
        add.clicked.connect(self._choose_evidence)
        row = QHBoxLayout()
        row.addWidget(self.evidence_label, 1)
        row.addWidget(add)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        form.addRow("整改措施", self.measure)
        form.addRow("整改完成日期", self.day)
        form.addRow("追缴收回", self.recovered)
        form.addRow("返还发放", self.returned)
        form.addRow("佐证材料", row)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("销号(&X)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消(&C)")
        self.measure.installEventFilter(self)     # Enter there is a new line; Ctrl+Enter 销号
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_evidence()

    def reload(self) -> None:
        """Show the issue's saved measure and amounts again (after a refused save)."""
        issue = get_issue(self.ctx.db, self.issue_id)
        self.version = issue_version(self.ctx.db, self.issue_id)
        self.measure.setPlainText(issue["measure"])
        self.recovered.setValue(issue["recovered_amount"])
        self.returned.setValue(issue["returned_amount"])
        self.error.setText("已重新载入最新内容")
        self._show_evidence()

    def _show_evidence(self) -> None:
        files = evidence_list(self.ctx.db, self.issue_id)
        names = "、".join(f["filename"] for f in files)
        self.evidence_label.setText(names or "（尚未上传，销号前必须上传）")

    def _choose_evidence(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择佐证材料", "",
                                              "图片或文档 (*.jpg *.jpeg *.png *.pdf *.doc *.docx)")
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        try:
            add_evidence(self.ctx.db, self.issue_id, path.name, path.read_bytes(),
                         by_user=self.ctx.user)
        except (OSError, UserError) as exc:
            self.error.setText(str(exc))
        else:
            self.error.setText("")      # the cause of an earlier refusal may be fixed now
        self._show_evidence()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.measure and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        try:
            close_issue(self.ctx.db, self.issue_id, measure=self.measure.toPlainText(),
                        rectified_at=self.day.text(), recovered_amount=self.recovered.value(),
                        returned_amount=self.returned.value(), by_user=self.ctx.user,
                        expected_version=self.version)
        except StaleRecordError as exc:
            self.error.setText("未销号：本问题在打开后已被修改")
            if stale_reload.ask_reload(self, exc):
                self.reload()
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
