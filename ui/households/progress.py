"""进度: verification completeness per township / village / group, and what is still missing.

County-wide figures take a few seconds, so they are computed by a job off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.list_table import ListTableModel
from ui.common.region_filter import RegionFilter
from ui.common.table_fit import contents_table
from ui.common.workers import run_job
from ui.context import AppContext
from ykt_desktop.households import completeness
from ykt_desktop.households.completeness import AreaProgress

HEADERS = ("代码", "名称", "户数", "已核查", "无法核查", "未核查", "核查进度", "人数",
           "已核人数", "补贴项目", "已核对项目", "项目核对率")


def progress_row(r: AreaProgress) -> tuple:
    rate = r.items_confirmed / r.items if r.items else 0.0
    return (r.code, r.name, r.households, r.verified, r.unable, r.pending, f"{r.fraction:.1%}",
            r.persons, r.persons_checked, r.items, r.items_confirmed, f"{rate:.1%}")


class HouseholdProgress(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.regions = RegionFilter(ctx.db)
        self.regions.hide_groups()
        top.addWidget(self.regions)
        self.refresh_button = QPushButton("统计")
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_button.setToolTip("按上方范围重新统计核查进度（全县要几秒）")
        top.addWidget(self.refresh_button)
        top.addStretch()
        layout.addLayout(top)
        self.caption = QLabel("选择范围后点“统计”。全县统计需要几秒。")
        layout.addWidget(self.caption)
        self.model = ListTableModel(HEADERS)
        for col in range(2, len(HEADERS)):
            self.model.alignments[col] = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        layout.addWidget(self._view(self.model), 2)
        row = QHBoxLayout()
        row.addWidget(QLabel("仍缺："))
        self.kind = QComboBox()
        for code, text in completeness.MISSING_KINDS.items():
            self.kind.addItem(text, code)
        self.kind.currentIndexChanged.connect(self.show_missing)
        self.kind.setToolTip("下表列出所选范围内还缺什么：未入户核查的户、补贴未核对的成员、没有户自述的项目、"
                             "户籍人口名单中没有一户一表的户和人")
        row.addWidget(self.kind)
        self.missing_caption = QLabel()
        row.addWidget(self.missing_caption)
        row.addStretch()
        layout.addLayout(row)
        self.missing_model = ListTableModel(completeness.MISSING_HEADERS["households"])
        self.missing_view = self._view(self.missing_model)
        layout.addWidget(self.missing_view, 2)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.model.rowCount() == 0:
            QTimer.singleShot(0, self.refresh)

    @staticmethod
    def _view(model: ListTableModel) -> QTableView:
        return contents_table(model, row_numbers=True)

    def scope(self) -> tuple[str, str | None]:
        town, village, _group = self.regions.codes()
        if village:
            return "group", village
        if town:
            return "village", town
        return "township", None

    def refresh(self) -> None:
        level, under = self.scope()
        if self.ctx.path is None:
            self.show_rows(completeness.area_progress(self.ctx.db, level, under=under))
            return
        self.runner = run_job(self, "正在统计核查进度…", self.ctx.handle,
                              lambda db: completeness.area_progress_job(db, level, under=under),
                              self.show_rows)

    def show_rows(self, rows: list[AreaProgress]) -> None:
        level, _under = self.scope()
        total = completeness.total(rows)
        self.model.set_rows([progress_row(r) for r in [*rows, total]])
        self.caption.setText(
            f"按{ {'township': '乡镇', 'village': '村', 'group': '组'}[level] }：户 "
            f"{total.verified + total.unable}/{total.households} 已入户（其中无法核查"
            f"{total.unable}户），人 {total.persons_checked}/{total.persons}，"
            f"补贴项目 {total.items_confirmed}/{total.items} 已核对")
        self.show_missing()

    def show_missing(self, _index: int = 0) -> None:
        kind = self.kind.currentData()
        _level, under = self.scope()
        limit = 500
        rows = completeness.missing(self.ctx.db, kind, under=under, limit=limit)
        self.missing_model = ListTableModel(completeness.MISSING_HEADERS[kind], rows)
        self.missing_view.setModel(self.missing_model)
        more = "（只列出前500行，请缩小范围）" if len(rows) == limit else ""
        self.missing_caption.setText(f"{len(rows)}行{more}")
