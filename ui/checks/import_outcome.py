"""The import dialog's answers after a check (issue 19): item names to confirm, importing the
good rows only, and the problem rows and problem list saved as files to send back."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from ui.common import file_dialogs
from ykt_desktop.catalogue import list_items
from ykt_desktop.errors import UserError
from ykt_desktop.imports.report_files import write_bad_rows, write_problem_list

NO_ITEM = "（不对应：这些行不导入）"


class ImportOutcomeMixin:
    """Methods of :class:`ui.checks.import_mapping.ImportMappingDialog` (``ctx``, ``path``,
    ``checked``, ``item_map`` and ``asked_items`` are its attributes)."""

    def _confirm_items(self, proposals: dict[str, list[str]]) -> bool:
        """Ask once for each item name that matches no catalogue entry exactly; True when an
        answer was given (the file is then checked again with it)."""
        answered = False
        for text, names in proposals.items():
            if text in self.asked_items:
                continue
            self.asked_items.add(text)
            choice = self.ask_item(text, names)
            self.item_map[text] = choice or ""       # "" declines: these rows are not imported
            answered = True
        return answered

    def ask_item(self, text: str, names: list[str]) -> str | None:
        others = [i.name for i in list_items(self.ctx.db) if i.name not in names]
        choice, ok = QInputDialog.getItem(
            self, "确认项目对应",
            f"文件中的补贴项目“{text}”与补贴项目清单中的名称不完全一致，不会自动对应。\n"
            f"建议对应为“{names[0]}”。请确认或另选（选“不对应”则这些行不导入）：",
            [*names, *others, NO_ITEM], 0, False)
        return choice if ok and choice != NO_ITEM else None

    def _confirm_replace(self, report) -> bool:
        """Rows contradicting one stored roster batch: ask once whether this file is that
        batch corrected (then it replaces the batch); True when the answer was yes."""
        if self.asked_replace or len(report.conflict_batches) != 1:
            return False
        self.asked_replace = True
        batch = next(iter(report.conflict_batches))
        if not self.ask_replace(batch, len(report.bad_rows)):
            return False
        self.replace_batch = batch
        return True

    def ask_replace(self, batch: int, rows: int) -> bool:
        answer = QMessageBox.question(
            self, "替换该批次？",
            f"{self.path.name}有{rows:,}行与已导入的批次{batch}的发放记录不一致"
            "（同一人、同一项目、同一期间，金额、发放日期或卡号不同）。\n\n"
            f"是：本文件是批次{batch}更正后的名册，替换该批次（导入时删除批次{batch}的发放"
            "记录，换成本文件的行）。\n否：这些行作为问题行，请与发放部门核实。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_good_rows(self) -> bool:
        report, good = self.checked.report, len(self.checked.rows)
        answer = QMessageBox.question(
            self, "只导入没有问题的行？",
            f"{report.file}有{len(report.bad_rows):,}行有问题。\n\n"
            f"是：只导入没有问题的{good:,}行（一次写入；跳过的行及原因记入本次导入批次，"
            "可用“保存问题行…”另存后退回发放部门）。\n否：整份不导入。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def save_bad_rows(self) -> None:
        if not self.checked:
            return
        out, _ = file_dialogs.save_file_name(self, "保存问题行（退回发放部门）",
                                             f"{self.path.stem}_问题行.xlsx", "Excel 文件 (*.xlsx)")
        if out:
            self._saved(lambda: write_bad_rows(self.checked.report, self.path, out,
                                               header_row=self.checked.header_row,
                                               sheet=self.checked.report.sheet), out, "行")

    def save_problem_list(self) -> None:
        if not self.checked:
            return
        out, _ = file_dialogs.save_file_name(self, "保存问题清单",
                                             f"{self.path.stem}_问题清单.xlsx",
                                             "Excel 文件 (*.xlsx);;CSV 文件 (*.csv)")
        if out:
            self._saved(lambda: write_problem_list(self.checked.report, out), out, "条")

    def _saved(self, write, out: str, unit: str) -> None:
        try:
            count = write()
        except UserError as exc:
            QMessageBox.warning(self, "未能保存", str(exc))
            return
        QMessageBox.information(self, "已保存", f"已保存{count:,}{unit}：{out}")

