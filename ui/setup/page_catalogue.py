"""Set-up wizard, page 4 补贴项目目录: the year the campaign covers and the default catalogue."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ykt_desktop import glossary
from ykt_desktop.catalogue import item_rows
from ykt_desktop.catalogue_year import FIRST_YEAR, LAST_YEAR, default_year

HEADERS = ("补贴项目", "主管部门", "按人/按户", "发放渠道")


class CataloguePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 4 步：补贴项目目录")
        self.setSubTitle("选择这次专项治理覆盖的年度，载入软件自带的补贴项目目录。")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(default_year())
        self.year.setSuffix(" 年度")
        self.year.setToolTip("这次专项治理覆盖的年度，显示在状态栏；补贴标准按年度核对")
        form.addRow("目录年度", self.year)
        layout.addLayout(form)
        rows = item_rows()
        self.count = len(rows)
        note = QLabel(f"默认目录共 {self.count} 项补贴（下表），点“完成”时载入。补贴项目和标准"
                      f"每年都会调整、各省不同，县里可以按本地文件修改。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = ListTableModel(HEADERS, [
            (r["name"], r["department"], glossary.label(glossary.BASIS, r["basis"]),
             glossary.label(glossary.CHANNELS, r["channel"])) for r in rows])
        view = contents_table(self.model)
        layout.addWidget(view, 1)
