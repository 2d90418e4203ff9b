"""上级退回意见 shown where they concern: a table of comments (the household form's tab) and a
notice label (the household form's banner, the issue detail). Read-only for every role."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui.common.list_table import ListTableModel
from ykt_desktop.exchange.return_comments import ReturnComment

HEADERS = ("状态", "对象", "意见", "退回单位", "提出人", "退回时间", "所涉上报", "期间")
NOTICE_STYLE = ("QLabel { background: #fff4e5; border: 1px solid #f0a040; padding: 6px; "
                "color: #7a3e00; }")


def comment_rows(comments: Sequence[ReturnComment]) -> list[tuple]:
    return [(c.state, c.target, c.text, c.from_unit, c.author,
             c.created_at[:16].replace("T", " "), c.submission, c.period) for c in comments]


def summary(comments: Sequence[ReturnComment]) -> str:
    pending = sum(not c.resolved for c in comments)
    state = f"（未处理{pending}条）" if pending else "（均已处理）"
    return f"上级退回意见{len(comments)}条{state}"


class ReturnCommentsTab(QWidget):
    """一户一表 · 上级退回意见: every comment on the household and its issues."""

    def __init__(self, comments: Sequence[ReturnComment], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ListTableModel(HEADERS)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel("改正后请重新生成上报文件报上级；意见在“上报与导入”页"
                                "“本单位上报”中标记已处理。"))
        self.set_comments(comments)

    def set_comments(self, comments: Sequence[ReturnComment]) -> None:
        self.comments = list(comments)
        self.summary.setText(summary(self.comments) + "：上级审核时对本户或本户问题提出的意见")
        self.model.set_rows(comment_rows(self.comments))


class ReturnCommentsNotice(QLabel):
    """A highlighted notice listing the comments; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(NOTICE_STYLE)
        self.hide()

    def show_comments(self, comments: Sequence[ReturnComment], *, lines: bool = True,
                      suffix: str = "") -> None:
        if not comments:
            self.clear()
            self.hide()
            return
        text = summary(comments) + suffix
        if lines:
            text += "：\n" + "\n".join(
                ("" if c.resolved else "● ") + c.line() + ("（已处理）" if c.resolved else "")
                for c in comments)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.show()
