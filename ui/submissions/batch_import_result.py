"""批量导入结果: one row per file of a batch import — accepted, already imported, or refused
with the Chinese reason (the accepted ones landed together in one transaction)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.answered import AnsweredDialog
from ui.common.list_table import ListTableModel
from ykt_desktop.exchange.batch_report import BatchRow, batch_summary

HEADERS = ("文件", "单位", "期间", "结果", "说明")
REFUSED_BRUSH = QBrush(QColor("#c62828"))


class ResultModel(ListTableModel):
    """Refused files' 结果 in red."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 3
                and self.row(index.row())[3].startswith("拒收")):
            return REFUSED_BRUSH
        return super().data(index, role)


class BatchResultDialog(AnsweredDialog):
    def __init__(self, rows: Sequence[BatchRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.setWindowTitle("批量导入结果")
        self.resize(980, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(batch_summary(self.rows) + "。导入的文件在同一个事务中写入；"
                              "拒收的文件未写入任何数据，请按说明处理后再导入。")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ResultModel(HEADERS, [r.cells() for r in self.rows])
        view = QTableView()
        view.setModel(self.model)
        view.setWordWrap(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
