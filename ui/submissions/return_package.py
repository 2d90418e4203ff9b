"""退回: write a signed return-for-correction file with comments on the package as a whole,
on households (户编号) and on issues (问题编号) of the lower unit."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from ui.common import file_dialogs
from ui.common.answered import AnsweredDialog
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.correction import Comment, check_comments, write_return

HINT = ("逐条写明需要改正的地方。针对某户或某个问题的意见，每行一条，格式：\n"
        "户 4209991002000001：地址不全\n问题 420999100200-WT2026000001：整改措施未填")


def parse_lines(text: str) -> list[Comment]:
    """'户 <户编号>：意见' / '问题 <编号>：意见' lines; anything else is a general comment."""
    comments = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        head, sep, body = line.replace(":", "：").partition("：")
        kind, _, key = head.partition(" ")
        table = {"户": "households", "问题": "issues"}.get(kind.strip())
        if sep and table and key.strip():
            comments.append(Comment(table, key.strip(), body.strip()))
        else:
            comments.append(Comment("package", "", line))
    return comments


class ReturnPackageDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, unit_code: str, unit_name: str, period: str,
                 parent=None) -> None:
        super().__init__(parent)
        self.db, self.unit_code, self.period = db, unit_code, period
        self.setWindowTitle(f"退回 {unit_name} {period} 的上报")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit()
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成退回文件…")
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def write(self) -> None:
        comments = parse_lines(self.text.toPlainText())
        if not comments:
            QMessageBox.warning(self, self.windowTitle(), "请写明退回意见")
            return
        try:                        # a wrong 户编号 or 问题编号 is told before the file is chosen
            check_comments(self.db, self.unit_code, comments)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        out, _ = file_dialogs.save_file_name(self, "保存退回文件",
                                             f"退回_{self.unit_code}_{self.period}.ykr",
                                             "退回文件 (*.ykr)")
        if not out:
            return
        try:
            write_return(self.db, self.unit_code, self.period, comments, out)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        QMessageBox.information(self, self.windowTitle(),
                                f"已生成退回文件（{len(comments)} 条意见）：\n{out}\n"
                                "请把它交给下级单位导入。")
        self.accept()
