"""The main window: navigation list on the left, pages on the right, status bar below."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import workers
from ui.common.background import BackgroundLoader, wait_all
from ui.common.screen_fit import MAX_H, MAX_W, fit_on_screen
from ui.context import AppContext
from ui.pages import PageSpec, discover_pages
from ykt_desktop import APP_TITLE, __version__, stats
from ykt_desktop.audit.head import flush_quietly
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.changes import Changes, Kind

DEMO_READ_ONLY = ("演示数据（只读）：仅供培训，不能修改。正式使用请关闭软件，以正常方式"
                  "（不选演示县）重新打开，按“初始设置”向导建立本单位。")
DEMO_WRITABLE = ("演示数据（可修改的练习库）：每次打开练习库都会重新生成，不要录入真实数据。"
                 "正式使用请关闭软件，以正常方式重新打开，按“初始设置”向导建立本单位。")


def demo_banner(ctx: AppContext) -> str:
    if not ctx.demo:
        return ""
    return DEMO_READ_ONLY if ctx.read_only else DEMO_WRITABLE


HEAD_EVERY_MS = 3000
STATUS_SHOWS = (Kind.UNIT, Kind.HOUSEHOLDS, Kind.PAYMENTS)     # the status bar's unit and counts


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs: list[PageSpec] = discover_pages()
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle(self._title())
        fit_on_screen(self, MAX_W, MAX_H)
        self.setMinimumSize(QSize(1024, 640))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setToolTip(spec.tooltip)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # built on first visit
        self.nav.currentRowChanged.connect(self.show_page)
        layout.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(demo_banner(ctx))
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(bool(self.banner.text()))
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.status_unit = QLabel()
        self.status_counts = QLabel()
        self.status_path = QLabel()
        for label in (self.status_unit, self.status_counts, self.status_path):
            self.statusBar().addWidget(label)
        self.status_loader = BackgroundLoader(self, self._show_counts)
        ctx.data_changed.connect(self._data_changed)
        self.head_timer = QTimer(self)      # the audit head beside the file (issue 14 review)
        self.head_timer.timeout.connect(self.keep_audit_head)
        self.head_timer.start(HEAD_EVERY_MS)
        self.update_status()
        self.nav.setCurrentRow(0)

    def _data_changed(self, changes: Changes) -> None:
        """Any write moves the audit log's head; the status bar shows the unit and counts."""
        self.keep_audit_head()
        if changes.touches(STATUS_SHOWS):
            self.update_status()

    def keep_audit_head(self) -> None:
        """Write the audit log's head beside the database (cheap when it did not change)."""
        flush_quietly(self.ctx.db)

    def _title(self) -> str:
        unit = self.ctx.unit
        suffix = ("（演示·只读）" if self.ctx.demo else "（只读）") if self.ctx.read_only else (
            "（演示）" if self.ctx.demo else "")
        name = f" - {unit.name}" if unit else ""
        return f"{APP_TITLE} {__version__}{name}{suffix}"

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def show_page(self, row: int) -> QWidget:
        spec = self.specs[row]
        if spec.key not in self.pages:
            page = spec.factory(self.ctx)
            old = self.stack.widget(row)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.insertWidget(row, page)
            self.pages[spec.key] = page
        self.stack.setCurrentIndex(row)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return self.pages[spec.key]

    def show_page_by_key(self, key: str) -> QWidget:
        return self.show_page(self.page_keys().index(key))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        wait_all()
        workers.wait_all()
        self.head_timer.stop()
        self.keep_audit_head()
        super().closeEvent(event)

    def update_status(self) -> None:
        unit = self.ctx.unit
        year = catalogue_year(self.ctx.db)
        self.status_unit.setText((f"本单位：{unit.level_label} {unit.name}（{unit.code}）"
                                  if unit else "本单位：未设置")
                                 + (f"  补贴目录：{year} 年度" if year else ""))
        self.status_path.setText(f"  数据库：{self.ctx.path or '内存'}")
        self.setWindowTitle(self._title())
        self.status_loader.load(self.ctx.db, self.ctx.path, stats.status_counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.status_counts.setText(
            f"  户 {counts['households']:,}  人 {counts['persons']:,}  "
            f"卡折 {counts['cards']:,}  发放 {counts['payments']:,} 笔")
