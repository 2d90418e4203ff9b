"""概览: headline numbers and progress per township / village."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.background import BackgroundLoader
from ui.common.empty_state import EmptyState
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.context import AppContext
from ui.overview.bar_chart import BarChart
from ui.overview.click_through import open_bar_rows
from ui.pages import PageSpec
from ykt_desktop import stats
from ykt_desktop.campaign.overview import calendar_line
from ykt_desktop.changes import Kind
from ykt_desktop.errors import UserError
from ykt_desktop.overview_charts import campaign_charts

CHART_KEYS = ("progress", "categories", "statuses", "money", "calendar")

HEADERS = ("代码", "名称", "户数", "已核查", "无法核查", "核查进度", "人数", "发放笔数",
           "发放金额（元）", "未销号问题")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.HOUSEHOLDS, Kind.PAYMENTS, Kind.ISSUES, Kind.UNIT, Kind.CAMPAIGN)


class OverviewPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.drill: str | None = None
        self.tiles: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        layout.addLayout(self._tiles())
        self.campaign = QLabel()      # 工作日程: current phase, reports overdue / due soon
        self.campaign.setObjectName("campaignLine")
        self.campaign.setWordWrap(True)
        layout.addWidget(self.campaign)
        self.empty = EmptyState("overview")
        self.loads = 0  # how many background counts have been shown (tests wait on it)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.table_title = QLabel()
        self.back = QPushButton("返回乡镇列表")
        self.back.clicked.connect(lambda: self._drill(None))
        self.back.setToolTip("从某乡镇的各村回到全县各乡镇")
        row.addWidget(self.table_title)
        row.addStretch()
        row.addWidget(self.back)
        self.tabs = QTabWidget()
        self.charts = {key: BarChart() for key in CHART_KEYS}
        grid = QGridLayout()
        for i, key in enumerate(CHART_KEYS):
            self.charts[key].clicked.connect(self.open_bar)
            span = 2 if key == "calendar" else 1     # deadline titles are long: two columns
            grid.addWidget(self.charts[key], i // 3, i % 3, 1, span)
        charts = QWidget()
        charts.setLayout(grid)
        scroller = QScrollArea()            # many deadlines scroll down, never sideways
        scroller.setWidget(charts)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tabs.addTab(scroller, "图表（点击查看）")
        table_tab = QWidget()
        table_layout = QVBoxLayout(table_tab)
        table_layout.addLayout(row)
        self.model = ListTableModel(HEADERS)
        for col in range(2, len(HEADERS)):
            self.model.alignments[col] = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._open_row)
        self.view.setToolTip("双击乡镇查看其下各村")
        table_layout.addWidget(self.view, 1)
        self.tabs.addTab(table_tab, "各地进度表")
        self.pdf_button = QPushButton("导出 A4 汇总（PDF）…")
        self.pdf_button.setToolTip("把概览的数字和图表导出为一页 A4 PDF，供向领导汇报或打印")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.tabs.setCornerWidget(self.pdf_button)
        layout.addWidget(self.tabs, 1)
        self.loader = BackgroundLoader(self, self._show)
        self.tiles_loader = BackgroundLoader(self, self._show_summary)   # the quick counts first
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _tiles(self) -> QGridLayout:
        grid = QGridLayout()
        names = (("households", "户数"), ("persons", "人数"), ("cards", "卡折"),
                 ("items", "补贴项目"), ("payments", "发放记录"), ("paid_amount", "发放金额（元）"),
                 ("progress", "入户核查进度"), ("open_issues", "未销号问题"))
        for i, (key, text) in enumerate(names):
            box = QFrame()
            box.setObjectName("tile")
            inner = QVBoxLayout(box)
            caption = QLabel(text)
            value = QLabel("0")
            value.setObjectName("tileValue")
            inner.addWidget(caption)
            inner.addWidget(value)
            self.tiles[key] = value
            grid.addWidget(box, i // 4, i % 4)
        return grid

    def reload(self) -> None:
        """Recount in the background (seconds at county scale); the page fills in when done."""
        drill = self.drill
        line = calendar_line(self.ctx.db)
        self.campaign.setText(f"工作日程（“抽查与举报”页）：{line}" if line else "")
        self.campaign.setVisible(bool(line))
        self.table_title.setText("正在统计…")
        self.tiles_loader.load(self.ctx.db, self.ctx.path, stats.summary)
        self.loader.load(self.ctx.db, self.ctx.path, lambda db: _counted(db, drill))

    def _show(self, counted: tuple) -> None:
        data, charts = counted
        for chart in charts:
            self.charts[chart.key].set_chart(chart)
        self.tiles_loader.key = 0       # the whole count is newer than the quick one
        self._show_summary(data.summary)
        self.back.setVisible(bool(self.drill))
        self.table_title.setText({"village": "各村核查进度", "group": "各组核查进度"}.get(
            data.level, "各乡镇核查进度（双击查看各村）"))
        self.model.set_rows([
            (r.code, r.name, r.households, r.verified, r.unable, f"{r.progress:.1%}", r.persons,
             r.payments, f"{r.paid_amount:,.2f}", r.open_issues) for r in data.rows])
        self.loads += 1

    def _show_summary(self, summary: dict) -> None:
        """The tiles, as soon as the headline counts are in (the area table takes longer)."""
        unit = summary["unit"]
        self.title.setText(f"{unit.name} 概览" if unit else "概览")
        for key, label in self.tiles.items():
            value = summary[key]
            if key == "progress":
                label.setText(f"{value:.1%}（{summary['verified']}/{summary['households']}户）")
            elif key == "paid_amount":
                label.setText(f"{value:,.2f}")
            else:
                label.setText(f"{value:,}")
        self.empty.update_for(summary["households"])

    def open_bar(self, chart: str, key: str) -> QWidget | None:
        """A click on a bar: the page with the rows behind it (see ui/overview/click_through.py)."""
        return open_bar_rows(self.window(), chart, key)

    def export_pdf(self) -> str:
        # lazy: reportlab loads on the first PDF (issue 15)
        from ykt_desktop.overview_pdf import write_summary_pdf

        path, _ = file_dialogs.save_file_name(self, "导出概览汇总", "概览汇总.pdf", "PDF (*.pdf)")
        if not path:
            return ""
        try:
            write_summary_pdf(self.ctx.db, path, drill=self.drill)
        except UserError as exc:
            QMessageBox.warning(self, "导出", str(exc))
            return ""
        QMessageBox.information(self, "导出", f"已导出：{path}")
        return path

    def _open_row(self, index) -> None:
        code = self.model.row(index.row())[0]
        if not self.drill and code.endswith("000"):
            self._drill(code)

    def _drill(self, code: str | None) -> None:
        self.drill = code
        self.reload()


def _counted(db, drill: str | None) -> tuple:
    """Table and charts from one count (runs off the GUI thread)."""
    data = stats.overview(db, drill=drill)
    return data, campaign_charts(db, drill=drill, data=data)


PAGE = PageSpec(key="overview", title="概览", order=0, factory=OverviewPage,
                tooltip="本单位户数、人数、发放情况和各乡镇、村的核查进度")
