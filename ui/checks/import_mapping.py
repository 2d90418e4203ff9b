"""导入名单: choose the columns (suggested or remembered), check every row, then import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.checks.import_outcome import ImportOutcomeMixin
from ui.common.answered import AnsweredDialog
from ui.common.list_table import ListTableModel
from ui.common.screen_fit import fit_on_screen
from ui.common.table_fit import ElideTipDelegate, fit_columns, fit_to_contents
from ui.common.workers import run_job
from ui.context import AppContext
from ykt_desktop.catalogue import list_items
from ykt_desktop.errors import UserError
from ykt_desktop.imports.kinds import KIND_TITLES, WHOLE_FILE_FIELDS, fields
from ykt_desktop.imports.preview import Preview
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.intake.list_file import ListFile, open_list

SKIP = "（不导入）"
PROBLEM_HEADERS = ("级别", "行", "列", "内容", "原因")
MAX_SAMPLE_WIDTH = 220


class ImportMappingDialog(ImportOutcomeMixin, AnsweredDialog):
    def __init__(self, ctx: AppContext, kind: str, path: Path | str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.path = ctx, kind, Path(path)
        self.preview: Preview | None = None
        self.opened: ListFile | None = None     # the file as read for the preview: 检查 reuses it
        self.checked = None
        self.result = None
        self.runner = None
        self.item_map: dict[str, str] = {}      # file item name -> catalogue name, confirmed
        self.asked_items: set[str] = set()
        self.replace_batch: int | None = None   # a stored roster batch this file replaces
        self.asked_replace = False
        self.setWindowTitle(f"导入{KIND_TITLES[kind]}：{self.path.name}")
        fit_on_screen(self, 1200, 680)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.sheet = QComboBox()
        self.sheet.currentTextChanged.connect(self._sheet_changed)
        self.info = QLabel()
        top.addWidget(QLabel("工作表"))
        top.addWidget(self.sheet)
        top.addWidget(self.info, 1)
        layout.addLayout(top)
        body = QHBoxLayout()
        form_box = QWidget()
        self.form = QFormLayout(form_box)
        self.combos: dict[str, QComboBox] = {}
        for f in fields(kind):
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[f.key] = combo
            self.form.addRow(f.label + ("（必填）" if f.required else ""), combo)
        self.whole: dict[str, QComboBox | QLineEdit] = {}
        if WHOLE_FILE_FIELDS.get(kind):
            self.form.addRow(self._whole_file_box())
        body.addWidget(form_box)
        self.samples = ListTableModel([])
        self.sample_view = QTableView()
        self.sample_view.setModel(self.samples)
        body.addWidget(self.sample_view, 1)
        layout.addLayout(body, 2)
        self.summary = QLabel("请核对每个字段对应的列，然后点“检查”。检查不会写入任何数据。")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = ListTableModel(PROBLEM_HEADERS)
        self.problem_view = problem_view = QTableView()
        problem_view.setModel(self.problems)
        fit_columns(problem_view, {0: ["错误"], 1: ["1000000"]}, stretch=4)
        layout.addWidget(problem_view, 1)
        buttons = QHBoxLayout()
        self.skip_unknown = QCheckBox("跳过本单位没有的人员（默认整份不导入）")
        self.skip_unknown.setVisible(kind == "roster")
        self.skip_unknown.toggled.connect(self._mapping_changed)
        buttons.addWidget(self.skip_unknown)
        buttons.addStretch()
        self.save_rows_button = QPushButton("保存问题行…")
        self.save_rows_button.setToolTip("把有问题的行按原文件的列另存为 Excel（加“问题”“行号”"
                                         "两列），退回发放部门改正")
        self.save_list_button = QPushButton("保存问题清单…")
        self.save_list_button.setToolTip("把检查发现的全部问题另存为 Excel 或 CSV")
        self.save_rows_button.clicked.connect(self.save_bad_rows)
        self.save_list_button.clicked.connect(self.save_problem_list)
        for button in (self.save_rows_button, self.save_list_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        self.check_button = QPushButton("检查")
        self.import_button = QPushButton("导入")
        self.import_button.setEnabled(False)
        cancel = QPushButton("关闭")
        self.check_button.clicked.connect(self.run_check)
        self.import_button.clicked.connect(self.run_import)
        cancel.clicked.connect(self.reject)
        for button in (self.check_button, self.import_button, cancel):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._load(None)

    def _whole_file_box(self) -> QGroupBox:
        """Item and period for the whole sheet, when the file has no such column."""
        box = QGroupBox("整表指定（文件中没有这一列时）")
        form = QFormLayout(box)
        item = QComboBox()
        item.addItem("", "")
        for entry in list_items(self.ctx.db):
            item.addItem(entry.name, entry.name)
        item.setToolTip("整张表都是同一个补贴项目时选择；从标题推测的只在下方提示，"
                        "点“采用推测”才填入")
        period = QLineEdit()
        period.setPlaceholderText("如 2026-01 或 2026")
        period.setToolTip("整张表都是同一个发放期间时填写（按月发放的项目填月份）；从标题推测的"
                          "只在下方提示，点“采用推测”才填入")
        item.currentIndexChanged.connect(self._mapping_changed)
        period.textChanged.connect(self._mapping_changed)
        self.whole = {"item": item, "period": period}
        form.addRow("补贴项目", item)
        form.addRow("发放期间", period)
        self.guess_label = QLabel()
        self.guess_label.setWordWrap(True)
        self.guess_button = QPushButton("采用推测")
        self.guess_button.setToolTip("把按标题推测的补贴项目和发放期间填入上面，请先核对")
        self.guess_button.clicked.connect(self.use_guesses)
        form.addRow(self.guess_label, self.guess_button)
        self.guesses: dict[str, str] = {}
        return box

    def whole_file(self) -> dict[str, str]:
        """The whole-file values in force: only for fields no column is chosen for."""
        mapped = self.mapping()
        values = {"item": self.whole["item"].currentData(),
                  "period": self.whole["period"].text().strip()} if self.whole else {}
        return {k: v for k, v in values.items() if v and k not in mapped}

    def _fill_whole_file(self, guesses: dict[str, str]) -> None:
        """Show what the title suggests; nothing is filled in until the officer takes it."""
        if not self.whole:
            return
        self.guesses = dict(guesses)
        words = {"item": "补贴项目", "period": "发放期间"}
        text = "，".join(f"{words[k]} {v}" for k, v in guesses.items() if k in words)
        self.guess_label.setText(f"按标题推测：{text}（核对无误后点“采用推测”，或自己填写）"
                                 if text else "")
        self.guess_button.setVisible(bool(text))

    def use_guesses(self) -> None:
        item, period = self.whole["item"], self.whole["period"]
        if "item" in self.guesses:
            item.setCurrentIndex(max(item.findData(self.guesses["item"]), 0))
        if "period" in self.guesses:
            period.setText(self.guesses["period"])

    def _load(self, sheet: str | None) -> None:
        try:
            self.opened = open_list(self.ctx.db, self.kind, self.path, sheet, prefetch_unit=False)
            self.preview = self.opened.preview
        except UserError as exc:
            self.preview = None
            self.info.setText(str(exc))
            self.check_button.setEnabled(False)
            return
        p = self.preview
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(p.sheets)
        self.sheet.setCurrentText(p.sheet)
        self.sheet.setEnabled(len(p.sheets) > 1)
        self.sheet.blockSignals(False)
        self.info.setText(f"第{p.header_row}行是表头" + ("；已沿用上次导入同样格式文件时的列对应"
                                                      if p.remembered else "；已按列名自动对应"))
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(SKIP, None)
            for header in p.headers:
                if header:
                    combo.addItem(header, header)
            index = combo.findData(p.mapping.get(key))
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        width = len(p.headers)
        self.samples = ListTableModel(p.headers, [row[:width] + [""] * (width - len(row[:width]))
                                                  for row in p.samples])
        self.sample_view.setModel(self.samples)
        self.sample_view.setItemDelegate(ElideTipDelegate(self.sample_view))
        fit_to_contents(self.sample_view, range(width), MAX_SAMPLE_WIDTH)
        self._fill_whole_file(p.guesses)
        self.check_button.setEnabled(True)
        self._mapping_changed()

    def _sheet_changed(self, name: str) -> None:
        if self.preview and name and name != self.preview.sheet:
            self._load(name)

    def mapping(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items()
                if combo.currentData()}

    def set_field(self, key: str, header: str | None) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(max(combo.findData(header), 0) if header else 0)

    def _mapping_changed(self, _index: int = 0) -> None:
        self.checked = None
        self.import_button.setEnabled(False)
        self.save_rows_button.setEnabled(False)
        self.save_list_button.setEnabled(False)
        given = set(self.mapping()) | set(self.whole_file())
        for key, widget in self.whole.items():
            widget.setEnabled(key not in self.mapping())
        missing = [f.label for f in fields(self.kind) if f.required and f.key not in given]
        self.check_button.setEnabled(self.preview is not None and not missing)
        if missing:
            self.summary.setText(f"还需指定：{'、'.join(missing)}"
                                 + ("（文件中没有这一列时，在左下“整表指定”中填写）"
                                    if self.whole else ""))

    def run_check(self) -> None:
        mapping, sheet = self.mapping(), self.preview.sheet if self.preview else None
        kind, path, skip = self.kind, self.path, self.skip_unknown.isChecked()
        whole, items, replace = self.whole_file(), dict(self.item_map), self.replace_batch
        opened, self.opened = self.opened, None     # read once: the first check takes it
        self.runner = run_job(self, "正在检查…", self.ctx.handle,
                              lambda db: check_file(db, kind, path, mapping, sheet=sheet,
                                                    skip_unknown=skip, whole_file=whole,
                                                    item_map=items, replace_batch=replace,
                                                    opened=opened),
                              self._checked)

    def _checked(self, checked) -> None:
        if self._confirm_items(checked.item_proposals) or self._confirm_replace(checked.report):
            self.run_check()            # the officer confirmed item names or a batch: again
            return
        self.checked = checked
        report = checked.report
        self.problems.set_rows([
            ("错误" if p.level == "error" else "提示", p.row or "", p.column, p.value, p.reason)
            for p in report.problems])
        fit_to_contents(self.problem_view, (2, 3), MAX_SAMPLE_WIDTH)
        if report.ok:
            verdict = "可以导入。"
        elif checked.good_rows_possible:
            verdict = (f"有问题的{len(report.bad_rows):,}行不能导入；可以只导入没有问题的"
                       f"{len(checked.rows):,}行（点“导入”时选择），问题行可“保存问题行…”退回。")
        else:
            verdict = "有错误，不能导入：请改正文件后重新检查。"
        replacing = f"（替换批次{self.replace_batch}）" if self.replace_batch else ""
        self.summary.setText(f"共{report.rows:,}行，可导入{len(checked.rows):,}行{replacing}，"
                             f"错误{report.errors}处，提示{report.warnings}处。{verdict}")
        self.import_button.setEnabled(bool(checked.rows)
                                      and (report.ok or checked.good_rows_possible))
        self.save_rows_button.setEnabled(bool(report.bad_rows))
        self.save_list_button.setEnabled(bool(report.problems))

    def run_import(self) -> None:
        mapping, sheet = self.mapping(), self.preview.sheet if self.preview else None
        kind, path, user = self.kind, self.path, self.ctx.user
        skip, whole, items = self.skip_unknown.isChecked(), self.whole_file(), dict(self.item_map)
        replace, checked = self.replace_batch, self.checked     # written as checked if unchanged
        good_only = bool(self.checked and not self.checked.report.ok)
        if good_only and not self._ask_good_rows():
            return
        self.runner = run_job(self, "正在导入…", self.ctx.handle,
                              lambda db: import_file(db, kind, path, mapping, sheet=sheet,
                                                     by_user=user, skip_unknown=skip,
                                                     whole_file=whole, item_map=items,
                                                     good_rows_only=good_only,
                                                     replace_batch=replace, checked=checked),
                              self._imported)

    def _imported(self, result) -> None:
        self.result = result
        self.ctx.notify_changed(result.changes)
        self.accept()
