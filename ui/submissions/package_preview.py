"""导入下级上报: what a verified package would change, per village, before it is applied."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from ui.common.answered import AnsweredDialog
from ui.common.list_table import ListTableModel
from ykt_desktop.exchange.importer import ImportResult
from ykt_desktop.exchange.preview import KINDS

HEADERS = ("村", "区划代码", "户 新增", "户 变更", "户 删除", "人 新增", "人 变更", "人 删除",
           "问题 新增", "问题 变更", "问题 删除")


def preview_rows(result: ImportResult) -> list[tuple]:
    preview = result.preview
    if preview is None:
        return []
    rows = []
    for code, per in preview.villages.items():
        numbers = [n for kind in KINDS for n in (per[kind].added, per[kind].changed,
                                                  per[kind].removed)]
        rows.append((preview.names.get(code, code), code, *numbers))
    return rows


class PackagePreviewDialog(AnsweredDialog):
    """Shows the signer, the returns inside and the changes; 导入 accepts."""

    def __init__(self, result: ImportResult, filename: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入预览：{filename}")
        self.setMinimumSize(820, 420)
        layout = QVBoxLayout(self)
        head = QLabel(f"校验通过：{result.unit_name}（{result.unit_code}） {result.period}\n"
                      f"签名者：{result.signer}")
        head.setWordWrap(True)
        layout.addWidget(head)
        if result.returns:
            lines = [f"{'✓' if c.ok else '✗'} {c.name}：{c.message}" for c in result.returns]
            returns = QLabel("随包报表：\n" + "\n".join(lines))
            returns.setWordWrap(True)
            layout.addWidget(returns)
        for warning in result.warnings:
            label = QLabel(f"注意：{warning}")
            label.setWordWrap(True)
            label.setStyleSheet("color: #b00020;")
            layout.addWidget(label)
        model = ListTableModel(HEADERS, preview_rows(result))
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(view, 1)
        if result.preview is not None and not result.preview.any:
            layout.addWidget(QLabel("户、人员、问题均无变化（发放记录等明细仍按新文件替换）。"))
        note = QLabel("导入在一个事务中完成：要么全部写入，要么一条也不写。该单位以前的上报"
                      "保留在历史中。")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入(&I)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消(&C)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
