"""比对与导入: import reference lists, run the checks, confirm or dismiss what they found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.checks.import_mapping import ImportMappingDialog
from ui.checks.params import CheckParamsDialog
from ui.common import file_dialogs
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.lazy_table import LazyTableModel
from ui.common.list_table import ListTableModel
from ui.common.table_fit import (
    SAMPLE_AMOUNT,
    SAMPLE_NAME,
    SAMPLE_TIME,
    SAMPLE_VILLAGE,
    fit_columns,
)
from ui.common.workers import run_job
from ui.context import AppContext
from ui.pages import PageSpec
from ykt_desktop import glossary
from ykt_desktop.changes import Changes, Kind
from ykt_desktop.checks.decide import (
    FINDING_HEADERS,
    FindingFilter,
    confirm_finding,
    dismiss_finding,
    fetch_finding_rows,
    list_finding_ids,
    restore_finding,
)
from ykt_desktop.checks.overview import rule_lines
from ykt_desktop.checks.registry import rule_titles
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.errors import UserError
from ykt_desktop.imports.kinds import KIND_TITLES

RULE_HEADERS = ("规则", "上次运行", "发现", "待确认", "已确认", "已排除", "本次未再发现")
FILE_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv)"
IMPORT_TIPS = {
    "roster": "导入省一卡通平台导出的发放名册（Excel 或 CSV）：先检查、对应列，无误后整批导入",
    "deaths": "导入民政、殡葬或公安的死亡名单，用于查死亡后仍在领取",
    "cadres": "导入村干部及其近亲属名单，用于查优亲厚友（只提示复核，不作定性）",
    "register": "导入公安或民政的户籍人口名单（户号、身份证号、村、组），"
                "查名单上没有一户一表的户和人",
}


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.FINDINGS, Kind.ISSUES, Kind.UNIT, Kind.HOUSEHOLDS)  # names of the persons


class ChecksPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = None
        self.rules: list = []
        layout = QVBoxLayout(self)
        title = QLabel("比对与导入")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(self._import_row())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._rules_box())
        splitter.addWidget(self._findings_box())
        layout.addWidget(splitter, 1)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _import_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for kind in ("roster", "deaths", "cadres", "register"):
            button = QPushButton(f"导入{KIND_TITLES[kind]}…")
            button.clicked.connect(lambda _c=False, k=kind: self.choose_import(k))
            button.setToolTip(IMPORT_TIPS[kind])
            set_available(button, not self.ctx.read_only, "read_only")
            row.addWidget(button)
        row.addStretch()
        self.run_all = QPushButton("运行全部比对")
        self.run_selected = QPushButton("运行所选规则")
        self.run_all.clicked.connect(lambda: self.start_checks(None))
        self.run_selected.clicked.connect(self._run_selected)
        params = QPushButton("比对参数…")
        params.clicked.connect(lambda: CheckParamsDialog(self.ctx, self).open())
        self.run_all.setToolTip("用全部规则比对本库数据，结果列为待确认的问题线索，不改动任何数据")
        self.run_selected.setToolTip("只运行上表中选中的规则（可按住 Ctrl 多选）")
        params.setToolTip("查看和修改比对规则的参数，如高龄津贴的年龄段、发放期限")
        for button in (self.run_all, self.run_selected):
            set_available(button, not self.ctx.read_only, "read_only")
        row.addWidget(self.run_all)
        row.addWidget(self.run_selected)
        row.addWidget(params)
        return row

    def _rules_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rule_model = ListTableModel(RULE_HEADERS)
        self.rule_view = QTableView()
        self.rule_view.setModel(self.rule_model)
        self.rule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rule_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.rule_view.clicked.connect(self._rule_clicked)
        layout.addWidget(self.rule_view)
        self.rule_help = QLabel("点选一条规则查看说明和它发现的问题线索。")
        self.rule_help.setWordWrap(True)
        layout.addWidget(self.rule_help)
        return box

    def _findings_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.rule_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem("（全部状态）", None)
        for code, label in glossary.FINDING_STATUS.items():
            self.status_filter.addItem(label, code)
        self.status_filter.setCurrentIndex(1)
        self.rule_filter.setToolTip("只看某一条规则发现的线索（点上表中的规则也可）")
        self.status_filter.setToolTip("待确认：还要人工判断；已确认：已挂号为问题；已排除：附理由备查")
        self.rule_filter.currentIndexChanged.connect(self.reload_findings)
        self.status_filter.currentIndexChanged.connect(self.reload_findings)
        self.count_label = QLabel()
        for widget in (QLabel("规则"), self.rule_filter, QLabel("状态"), self.status_filter,
                       self.count_label):
            bar.addWidget(widget)
        bar.addStretch()
        self.confirm_button = QPushButton("确认为问题（挂号）")
        self.dismiss_button = QPushButton("排除…")
        self.restore_button = QPushButton("恢复为待确认")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.dismiss_button.clicked.connect(self._dismiss_clicked)
        self.restore_button.clicked.connect(self.restore_selected)
        self.confirm_button.setToolTip("把选中的线索登记为问题台账中的问题（已挂号）")
        self.dismiss_button.setToolTip("选中的线索经核实不是问题：填写理由后排除，理由保留备查")
        self.restore_button.setToolTip("把选中的已排除线索恢复为待确认")
        for button in (self.confirm_button, self.dismiss_button, self.restore_button):
            set_available(button, not self.ctx.read_only, "read_only")
            bar.addWidget(button)
        layout.addLayout(bar)
        self.action_message = QLabel()
        self.action_message.setObjectName("errorText")
        layout.addWidget(self.action_message)
        self.empty = EmptyState("checks")
        layout.addWidget(self.empty)
        self.finding_model = LazyTableModel(FINDING_HEADERS,
                                            lambda ids: fetch_finding_rows(self.ctx.db, ids))
        self.finding_view = QTableView()
        self.finding_view.setModel(self.finding_model)
        self.finding_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        fit_columns(self.finding_view, {0: rule_titles().values(),
                                        1: glossary.FINDING_STATUS.values(),
                                        2: [SAMPLE_VILLAGE], 3: [SAMPLE_NAME],
                                        5: [SAMPLE_AMOUNT], 6: [SAMPLE_TIME], 7: [SAMPLE_TIME]},
                    stretch=4)
        layout.addWidget(self.finding_view)
        return box

    # --- data -------------------------------------------------------------------------
    def reload(self) -> None:
        self.rules = rule_lines(self.ctx.db)
        self.rule_model.set_rows([(r.title, r.last_run_at or "未运行", r.found, r.candidate,
                                   r.confirmed, r.dismissed, r.stale) for r in self.rules])
        current = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem("（全部规则）", None)
        for r in self.rules:
            self.rule_filter.addItem(r.title, r.name)
        self.rule_filter.setCurrentIndex(max(self.rule_filter.findData(current), 0))
        self.rule_filter.blockSignals(False)
        self.reload_findings()

    def reload_findings(self, _index: int = 0) -> None:
        ids = list_finding_ids(self.ctx.db, FindingFilter(
            rule=self.rule_filter.currentData(), status=self.status_filter.currentData()))
        self.finding_model.set_ids(ids)
        self.count_label.setText(f"共{len(ids):,}条")
        total = sum(r.candidate + r.confirmed + r.dismissed for r in self.rules)
        ran = any(r.last_run_at for r in self.rules)
        self.empty.update_for(len(ids), total,
                              key="checks.clean" if ran and not total else "checks")

    def _rule_clicked(self, index) -> None:
        rule = self.rules[index.row()]
        self.rule_help.setText(f"{rule.title}：{rule.description}")
        self.rule_filter.setCurrentIndex(max(self.rule_filter.findData(rule.name), 0))

    def selected_finding_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.finding_view.selectionModel().selectedRows()})
        return [self.finding_model.row_id(r) for r in rows]

    # --- actions ------------------------------------------------------------------------
    def choose_import(self, kind: str) -> None:
        path, _ = file_dialogs.open_file_name(self, f"选择{KIND_TITLES[kind]}文件", "",
                                              FILE_FILTER)
        if not path:
            return
        dialog = self.open_import(kind, path)
        dialog.exec()
        if dialog.result is not None:       # imported: say so, the dialog closed by itself
            skipped = len(dialog.result.report.bad_rows)
            QMessageBox.information(self, KIND_TITLES[kind], f"{KIND_TITLES[kind]}已导入"
                                    f"{dialog.result.rows:,}行：{Path(path).name}"
                                    + (f"\n有问题的{skipped:,}行未导入，已记入本次导入批次"
                                       if skipped else ""))

    def open_import(self, kind: str, path: str) -> ImportMappingDialog:
        return ImportMappingDialog(self.ctx, kind, path, self)

    def _run_selected(self) -> None:
        rows = sorted({i.row() for i in self.rule_view.selectionModel().selectedRows()})
        if rows:
            self.start_checks([self.rules[r].name for r in rows])

    def start_checks(self, names: list[str] | None) -> None:
        self.runner = run_job(self, "正在比对…", self.ctx.handle,
                              lambda db: run_checks(db, names), self._checks_done)

    def _checks_done(self, result) -> None:
        self.ctx.notify_changed(result.changes)
        found = sum(r.found for r in result.results)
        new = sum(r.new for r in result.results)
        self.rule_help.setText(f"比对完成：{len(result.results)}条规则，发现{found:,}条线索，"
                               f"其中新增{new:,}条，用时{result.seconds:.1f}秒。")

    def confirm_selected(self) -> int:
        return self._each(lambda fid: confirm_finding(self.ctx.db, fid, by_user=self.ctx.user),
                          confirm_finding.changes)

    def _dismiss_clicked(self) -> None:
        reason, ok = QInputDialog.getText(self, "排除比对结果", "排除理由（必填，将保留备查）：")
        if ok:
            self.dismiss_selected(reason)

    def dismiss_selected(self, reason: str) -> int:
        return self._each(lambda fid: dismiss_finding(self.ctx.db, fid, reason,
                                                      by_user=self.ctx.user),
                          dismiss_finding.changes)

    def restore_selected(self) -> int:
        return self._each(lambda fid: restore_finding(self.ctx.db, fid, by_user=self.ctx.user),
                          restore_finding.changes)

    def _each(self, action, changes: Changes) -> int:
        done = 0
        try:
            with self.ctx.db.atomic():
                for fid in self.selected_finding_ids():
                    action(fid)
                    done += 1
        except UserError as exc:
            self.action_message.setText(f"未做任何改动：{exc}")
            return 0
        self.action_message.setText(f"已处理{done}条。")
        self.ctx.notify_changed(changes)
        return done


PAGE = PageSpec(key="checks", title="比对与导入", order=20, factory=ChecksPage,
                tooltip="导入发放名册、死亡名单、干部及亲属名单；运行比对，确认或排除问题线索")
