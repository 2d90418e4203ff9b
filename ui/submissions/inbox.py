"""上报与导入 › 导入下级上报: pick package files, verify and preview, then import; or import
several files (or a whole folder) as one batch job with a per-file result; trust an unenrolled
signer after checking its fingerprint; the history of everything sent and received."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.empty_state import set_available
from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ui.common.workers import run_job
from ui.context import AppContext
from ui.submissions.batch_import_result import BatchResultDialog
from ui.submissions.package_preview import PackagePreviewDialog
from ui.submissions.trust_signer import trust_question
from ykt_desktop import glossary
from ykt_desktop.changes import Changes, Kind, union
from ykt_desktop.errors import UserError
from ykt_desktop.exchange import history
from ykt_desktop.exchange.batch import import_batch
from ykt_desktop.exchange.batch_report import batch_rows, packages_in_folder
from ykt_desktop.exchange.importer import ImportResult, import_package
from ykt_desktop.pki.enrol import trust_certificate

HEADERS = ("方向", "单位", "期间", "状态", "时间", "文件", "签名者", "意见")


class SubmissionInbox(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = None
        self.pending: list[str] = []
        self.checking = ""
        self.batch_dialog: BatchResultDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        hint = QLabel("选择下级报来的上报文件（.ykt），先校验签名和文件、预览变化，确认后导入。")
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        self.import_button = QPushButton("选择文件导入…")
        self.import_button.setToolTip(
            "选择一个或多个 .ykt 上报文件：先校验签名、预览变化，确认后导入")
        set_available(self.import_button, not ctx.read_only, "read_only")
        self.import_button.clicked.connect(self.choose)
        bar.addWidget(self.import_button)
        self.batch_button = QPushButton("批量导入多个文件…")
        self.folder_button = QPushButton("导入整个文件夹…")
        for button, tip, slot in (
                (self.batch_button, "选中的文件一起校验，合格的在同一个事务中导入，逐个列出结果",
                 self.choose_batch),
                (self.folder_button, "文件夹中全部 .ykt 文件一起校验和导入，逐个列出结果",
                 self.choose_folder)):
            button.setEnabled(not ctx.read_only)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout.addLayout(bar)
        layout.addWidget(QLabel("上报与导入记录"))
        self.model = ListTableModel(HEADERS)
        view = contents_table(self.model)
        layout.addWidget(view, 1)

    def reload(self) -> None:
        self.model.set_rows([
            (glossary.label(glossary.SUBMISSION_DIRECTION, s.direction), s.unit_code, s.period,
             glossary.label(glossary.SUBMISSION_STATUS, s.status), s.received_at, s.filename,
             s.signer, s.comments) for s in history.history(self.ctx.db)])

    def choose(self) -> None:
        files, _ = file_dialogs.open_file_names(self, "选择上报文件", "",
                                                "上报文件 (*.ykt);;所有文件 (*)")
        self.pending = list(files)
        self._next()

    # --- several files at once: one batch job, one result table -------------------------------
    def choose_batch(self) -> None:
        files, _ = file_dialogs.open_file_names(self, "选择要批量导入的上报文件", "",
                                                "上报文件 (*.ykt);;所有文件 (*)")
        if files:
            self.run_batch([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = file_dialogs.existing_directory(self, "选择存放上报文件的文件夹")
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str | Path) -> None:
        try:
            paths = packages_in_folder(folder)
        except UserError as exc:
            QMessageBox.warning(self, "批量导入", str(exc))
            return
        if not paths:
            QMessageBox.information(self, "批量导入", f"文件夹 {folder} 中没有 .ykt 上报文件")
            return
        self.run_batch(paths)

    def run_batch(self, paths: list[Path]) -> None:
        self.batch_dialog = None
        self.runner = run_job(self, f"批量导入上报文件（{len(paths)}个）", self.ctx.handle,
                              lambda db: import_batch(db, paths),
                              lambda results: self._batch_done(paths, results))

    def _batch_done(self, paths: list[Path], results: list) -> None:
        self.batch_dialog = BatchResultDialog(batch_rows(paths, results), self)
        self.batch_dialog.open()
        self.ctx.notify_changed(union(results))

    # --- one file at a time, with a preview ------------------------------------------------------
    # One modal at a time: a job's failure comes back through ``on_failed`` after its progress
    # box has closed, and the next file starts only after the question about this one is answered.
    def _next(self) -> None:
        if not self.pending:            # refused files are listed in the inbox's record
            self.ctx.notify_changed(Changes.of(Kind.SUBMISSIONS))
            return
        path = self.pending.pop(0)
        self.checking = path
        self.runner = run_job(self, "校验上报文件", self.ctx.handle,
                              lambda db: import_package(db, path, preview_only=True),
                              lambda result: self._previewed(path, result),
                              lambda message: self._failed(path, message))

    def _previewed(self, path: str, result: ImportResult) -> None:
        if result.outcome == "duplicate":
            QMessageBox.information(self, "导入", f"{Path(path).name}：{result.message}")
            self._next()
            return
        if not PackagePreviewDialog(result, Path(path).name, self).exec():
            self._next()
            return
        self.runner = run_job(self, "导入上报文件", self.ctx.handle,      # the preview is kept
                              lambda db: import_package(db, path, checked=result),
                              self._imported,
                              lambda message: self._failed(path, message))

    def _imported(self, result: ImportResult) -> None:
        counts = glossary.counts_text(result.counts)
        QMessageBox.information(self, "导入",
                                f"已导入 {result.unit_name} {result.period}：{counts}")
        self.ctx.notify_changed(result.changes)
        self._next()

    def _failed(self, path: str, message: str) -> None:
        if "未登记签名" in message and not self.ctx.read_only:
            if trust_question(self, self.ctx.db, path, message):
                self.pending.insert(0, path)        # trusted: check the same file again
                self.ctx.notify_changed(trust_certificate.changes)
        else:
            QMessageBox.warning(self, "导入",
                                f"{Path(path).name}：操作未完成，数据未改动：\n{message}")
        self._next()
