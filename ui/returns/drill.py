"""明细: the database rows behind one cell of a return."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.common.answered import AnsweredDialog
from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ykt_desktop.returns.drill import Drill

SHOWN = 2000


class ReturnDrillDialog(AnsweredDialog):
    def __init__(self, title: str, result: Drill, headers: tuple[str, ...], rows: list[tuple],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"明细：{title}")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        summary = QLabel(self._summary(result, len(rows)))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.model = ListTableModel(headers or ("说明",), rows or [])
        view = contents_table(self.model, row_numbers=True)
        layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout.addWidget(buttons)

    @staticmethod
    def _summary(result: Drill, shown: int) -> str:
        if result.note:
            return result.note
        if not result.ids:
            return "没有记录构成这个数（为 0 或空）。"
        text = f"这个数由 {len(result.ids)} {result.kind_label}构成"
        if shown < len(result.ids):
            text += f"，下面列出前 {shown} 条"
        return text + "。身份证号、卡号按本单位的脱敏规则显示。"
