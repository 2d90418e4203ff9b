"""报表: pick template, unit and period; the table with computed and editable cells; the 勾稽
rules panel with failing cells marked; drill-down; drafts; Excel / PDF export and signing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs, stale_reload
from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.frozen_table import FrozenColumnTable
from ui.common.period_default import follow_default
from ui.common.table_fit import fit_header_height
from ui.common.workers import run_job
from ui.context import AppContext
from ui.pages import PageSpec
from ui.returns.drill import ReturnDrillDialog
from ui.returns.sign import ReturnSignDialog
from ui.returns.table_model import ReturnTableModel
from ykt_desktop.changes import Kind
from ykt_desktop.errors import UserError
from ykt_desktop.guidance import has_data
from ykt_desktop.periods import default_year
from ykt_desktop.record_versions import StaleRecordError
from ykt_desktop.returns.choices import unit_choices
from ykt_desktop.returns.drafts import FOOTER_KEYS, check_draft_unchanged, save_draft
from ykt_desktop.returns.drill import drill_job
from ykt_desktop.returns.engine import FilledReturn, fill_job
from ykt_desktop.returns.rules import RuleResult, check_rules, failing_cells
from ykt_desktop.returns.service import ExportResult, export_job
from ykt_desktop.returns.template import Template, list_templates

# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.RETURNS, Kind.PAYMENTS, Kind.ISSUES, Kind.HOUSEHOLDS)  # households checked


class ReturnsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.filled: FilledReturn | None = None
        self.results: list[RuleResult] = []
        self.problems: list[str] = []
        self.drill_dialog: ReturnDrillDialog | None = None
        self.templates: list[Template] = list_templates(errors=self.problems)
        layout = QVBoxLayout(self)
        title = QLabel("报表")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(self._pickers())
        self.status = QLabel()   # what was filled, saved or exported; before that: self.empty
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.note = QLabel()     # 草稿已保存 / 已导出…: beside the title, never instead of it
        self.note.setWordWrap(True)
        self.note.setObjectName("noteText")
        layout.addWidget(self.note)
        self.empty = EmptyState("returns")
        layout.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._table())
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._actions())
        if self.problems:
            self.status.setText("以下模板文件有误，已跳过：\n" + "\n".join(self.problems))
        self._enable()
        self.follower = follow_changes(self, ctx, SHOWS, self._data_changed)
        self._update_empty()

    def _data_changed(self) -> None:
        follow_default(self.period, default_year(self.ctx.db))
        self._update_empty()

    def _update_empty(self) -> None:
        data = has_data(self.ctx.db, "payments") or has_data(self.ctx.db, "issues")
        self.empty.update_for(self.filled is not None,
                              key="returns" if data else "returns.no_data")

    def _pickers(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.template = QComboBox()
        for template in self.templates:
            self.template.addItem(template.name, template.key)
        self.unit = QComboBox()
        unit = self.ctx.unit
        for code, label in unit_choices(self.ctx.db) if unit else []:
            self.unit.addItem(label, code)
        self.period = QLineEdit()
        follow_default(self.period, default_year(self.ctx.db))
        self.period.setMaximumWidth(90)
        self.period.setToolTip("YYYY（年度）或 YYYY-MM（月度）；默认是本库有发放数据的最近一年")
        self.template.setToolTip("要填的统计表；模板是可编辑的数据文件")
        self.unit.setToolTip("按哪个单位的范围统计：本单位或其下的乡镇、村")
        self.fill_button = QPushButton("按数据填表")
        self.fill_button.setToolTip("按所选模板、单位和期间从本库数据算出各格；已保存的草稿会带回手填的格")
        self.fill_button.clicked.connect(self.fill)
        for label, widget in (("模板", self.template), ("单位", self.unit),
                              ("期间", self.period)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.fill_button)
        row.addStretch()
        return row

    def _table(self) -> QTableView:
        self.model = ReturnTableModel(self)
        self.model.on_edit = self._edited
        self.view = FrozenColumnTable()      # 项目名称 stays while scrolling right
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTableView.EditTrigger.EditKeyPressed
                                  | QTableView.EditTrigger.AnyKeyPressed)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.setWordWrap(True)
        return self.view

    def _side(self) -> QWidget:
        box = QWidget()
        side = QVBoxLayout(box)
        side.addWidget(QLabel("勾稽校验（点击定位到单元格）"))
        self.rules = QListWidget()
        self.rules.setWordWrap(True)
        self.rules.itemClicked.connect(self._goto_rule)
        side.addWidget(self.rules, 1)
        form = QFormLayout()
        self.footer_edits: dict[str, QLineEdit] = {}
        for key in FOOTER_KEYS:
            edit = QLineEdit()
            edit.editingFinished.connect(self._footer_changed)
            edit.setToolTip(f"印在报表下方的“{key}”")
            self.footer_edits[key] = edit
            form.addRow(key, edit)
        side.addLayout(form)
        return box

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.drill_button = QPushButton("查看明细")
        self.drill_button.clicked.connect(self._drill_current)
        self.save_button = QPushButton("保存草稿")
        self.save_button.clicked.connect(self.save)
        self.xlsx_button = QPushButton("导出 Excel…")
        self.xlsx_button.clicked.connect(lambda: self._export(".xlsx"))
        self.pdf_button = QPushButton("导出 PDF…")
        self.pdf_button.clicked.connect(lambda: self._export(".pdf"))
        self.sign_button = QPushButton("签章导出 PDF…")
        self.sign_button.clicked.connect(self._sign)
        for button, tip in (
                (self.drill_button, "列出当前格的数是由哪些户、人、发放记录或问题算出的"),
                (self.save_button, "保存手填的格和表尾，下次按数据填表时带回"),
                (self.xlsx_button, "导出为 Excel 文件"),
                (self.pdf_button, "导出为 PDF 文件（不签章）"),
                (self.sign_button, "勾稽校验通过后加本单位数字签名导出 PDF，上级可验证")):
            button.setToolTip(tip)
        legend = QLabel("黄色：手工填写或修改　红色：勾稽未通过　双击计算得出的数查看明细")
        row.addWidget(legend, 1)
        for button in (self.drill_button, self.save_button, self.xlsx_button, self.pdf_button,
                       self.sign_button):
            row.addWidget(button)
        return row

    def _enable(self) -> None:
        ready = self.filled is not None
        for button in (self.drill_button, self.save_button, self.xlsx_button, self.pdf_button,
                       self.sign_button):
            set_available(button, ready, "not_filled")
        if self.ctx.read_only:      # look, print and export; save and sign nothing
            for button in (self.save_button, self.sign_button):
                set_available(button, False, "read_only")
        set_available(self.fill_button, bool(self.templates) and self.unit.count() > 0,
                      "no_unit")

    def current_template(self) -> Template:
        return self.templates[self.template.currentIndex()]

    def fill(self) -> None:
        template, unit, period = self.current_template(), self.unit.currentData(), \
            self.period.text().strip()
        if not _valid_period(period):
            QMessageBox.warning(self, "报表", f"期间“{period}”应为 YYYY 或 YYYY-MM")
            return
        run_job(self, "按数据填表", self.ctx.handle,
                lambda db: fill_job(db, template, unit, period), self.show_return)

    def show_return(self, filled: FilledReturn) -> None:
        self.filled = filled
        self.note.setText("")
        for key, edit in self.footer_edits.items():
            edit.setText(filled.footer.get(key, ""))
        self.model.set_return(filled, set())
        keys = [c.key for c in filled.template.columns]
        self.view.set_frozen_count(keys.index("name") + 1 if "name" in keys[:4] else 2)
        self.view.resizeColumnsToContents()
        self.view.resizeRowsToContents()
        fit_header_height(self.view)
        self._check()
        self._enable()
        self._update_empty()

    def _check(self) -> None:
        assert self.filled is not None
        self.results = check_rules(self.filled)
        failing = [r for r in self.results if not r.ok]
        self.model.set_failing(failing_cells(self.filled))
        self.rules.clear()
        for result in failing:
            item = QListWidgetItem(f"✗ {result.text}\n{result.detail(self.filled)}")
            item.setData(Qt.ItemDataRole.UserRole, (result.row_key, result.cells[0]))
            item.setForeground(Qt.GlobalColor.darkRed)
            self.rules.addItem(item)
        passed = len(self.results) - len(failing)
        self.rules.addItem(QListWidgetItem(f"✓ 通过 {passed} 项，未通过 {len(failing)} 项"))
        state = "（已签章）" if self.filled.status == "signed" else ""
        self.status.setText(f"{self.filled.title}　{self.filled.unit_name}　"
                            f"{self.filled.period}{state}　{len(self.filled.data_rows())} 行")

    def _edited(self) -> None:
        if self.model.error:
            QMessageBox.warning(self, "报表", self.model.error)
            return
        self._check()

    def _footer_changed(self) -> None:
        if self.filled:
            self.filled.footer = {k: e.text().strip() for k, e in self.footer_edits.items()}

    def save(self) -> None:
        if self.filled:
            self._footer_changed()
            try:
                save_draft(self.ctx.db, self.filled)
            except StaleRecordError as exc:
                self._stale(exc)
                return
            self.note.setText("草稿已保存")
            self.ctx.notify_changed(save_draft.changes)

    def _stale(self, error: StaleRecordError) -> None:
        """The draft was changed elsewhere since this return was filled: 重新载入 fills again."""
        self.note.setText("未保存：草稿在填表后已被修改")
        if stale_reload.ask_reload(self, error):
            self.fill()

    def _goto_rule(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not target or not self.filled:
            return
        row_key, col_key = target
        row = next(i for i, r in enumerate(self.filled.rows) if r.key == row_key)
        col = next(i for i, c in enumerate(self.filled.template.columns) if c.key == col_key)
        self.view.setCurrentIndex(self.model.index(row, col))
        self.view.scrollTo(self.model.index(row, col))

    def _double_clicked(self, index: QModelIndex) -> None:
        col = self.filled.template.columns[index.column()] if self.filled else None
        if col is not None and col.kind == "hand":
            self.view.edit(index)
        else:
            self.open_drill(index)

    def _drill_current(self) -> None:
        self.open_drill(self.view.currentIndex())

    def open_drill(self, index: QModelIndex) -> None:
        """Find the rows behind the cell in a worker, then show them."""
        if not self.filled or not index.isValid():
            return
        filled = self.filled
        row = filled.rows[index.row()]
        col = filled.template.columns[index.column()]
        title = f"{row.label} · {col.label}"

        def show(found: tuple) -> None:
            self.drill_dialog = ReturnDrillDialog(title, *found, parent=self)
            self.drill_dialog.open()

        run_job(self, "查看明细", self.ctx.handle,
                lambda db: drill_job(db, filled, row.key, col.key), show)

    def _export(self, suffix: str) -> None:
        if not self.filled:
            return
        name = f"{self.filled.template.name}_{self.filled.unit_name}_{self.filled.period}{suffix}"
        path, _ = file_dialogs.save_file_name(self, "导出报表", name, f"*{suffix}")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, *, signer: str = "", reason: str = "") -> None:
        assert self.filled is not None
        self._footer_changed()
        filled, sign = self.filled, bool(signer)
        if sign:        # signing saves the draft: ask now, before a signed file is written
            try:
                check_draft_unchanged(self.ctx.db, filled)
            except StaleRecordError as exc:
                self._stale(exc)
                return
        run_job(self, "导出报表", self.ctx.handle,
                lambda db: export_job(db, filled, path, sign=sign, signer=signer,
                                      override_reason=reason), self._exported)

    def _exported(self, result: ExportResult) -> None:
        if result.signed and self.filled:
            self.filled.status = "signed"
            self._check()
        note = "（已签章）" if result.signed else ""
        self.note.setText(f"已导出{note}：{result.path}")
        self.ctx.notify_changed(result.changes)

    def _sign(self) -> None:
        if not self.filled:
            return
        dialog = ReturnSignDialog(self.filled, self.footer_edits["负责人"].text(), self)
        if dialog.exec() != ReturnSignDialog.DialogCode.Accepted:
            return
        name = f"{self.filled.template.name}_{self.filled.unit_name}_{self.filled.period}_签章.pdf"
        path, _ = file_dialogs.save_file_name(self, "签章导出 PDF", name, "*.pdf")
        if path:
            try:
                self.export_to(Path(path), signer=dialog.signer_name(),
                               reason=dialog.override_reason())
            except UserError as exc:
                QMessageBox.warning(self, "签章", str(exc))


def _valid_period(text: str) -> bool:
    year, _, month = text.partition("-")
    return (len(year) == 4 and year.isdigit()
            and (not month or (len(month) == 2 and month.isdigit() and 1 <= int(month) <= 12)))


PAGE = PageSpec("returns", "报表", 50, ReturnsPage, "统计报表：按数据填表、勾稽校验、导出和签章")
