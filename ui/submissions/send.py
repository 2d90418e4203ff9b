"""上报与导入 › 本单位上报: write this unit's signed package (optionally encrypted to the upper
unit), import a return-for-correction file and see its comments against households and issues."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.common.empty_state import set_available
from ui.common.list_table import ListTableModel
from ui.common.period_default import follow_default
from ui.common.table_fit import contents_table
from ui.common.workers import run_job
from ui.context import AppContext
from ui.submissions.trust_signer import trust_question
from ykt_desktop import glossary
from ykt_desktop.changes import NOTHING
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.correction import (
    TARGETS,
    comments_for,
    import_return,
    resolve_comment,
)
from ykt_desktop.exchange.recipient import PLAINTEXT_WARNING, receiving_certificate
from ykt_desktop.exchange.writer import export_package
from ykt_desktop.periods import default_period
from ykt_desktop.pki.certs import load_pem_bundle
from ykt_desktop.pki.enrol import trust_certificate

HEADERS = ("期间", "对象", "户编号 / 问题编号", "意见", "提出单位", "时间")


class SubmissionSend(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = None
        self.comments: list[dict] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("上报期间"))
        self.period = QLineEdit()
        follow_default(self.period, default_period(ctx.db))
        self.period.setMaximumWidth(100)
        self.period.setToolTip("本次上报的期间，如 2025-12，须与上级要求的一致；"
                               "默认是本库有发放数据的最近一个月")
        bar.addWidget(self.period)
        self.encrypt = QCheckBox("加密给上级")
        self.encrypt.setChecked(True)
        self.encrypt.setToolTip("默认加密：文件里有完整身份证号和卡号，只有上级能打开。登记证书后"
                                "自动加密给上级；未登记时须选择上级单位的证书文件。"
                                "取消勾选则生成不加密的文件（会先提醒）")
        bar.addWidget(self.encrypt)
        bar.addStretch(1)
        export = QPushButton("生成上报文件…")
        export.setToolTip("把本单位的数据写成一个签名的上报文件（.ykt），拷给上级导入")
        export.clicked.connect(self.export)
        set_available(export, not ctx.read_only, "read_only")
        bar.addWidget(export)
        layout.addLayout(bar)
        note = QLabel("上报文件包含本单位的户、人员、卡折、发放、核查、问题台账、公示和已签章报表，"
                      "附清单和数字签名；上级导入前会逐一校验。")
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel("上级退回意见（未处理）"), 1)
        load = QPushButton("导入退回文件…")
        load.setToolTip("导入上级退回的文件（.ykr），下表列出其中的意见")
        set_available(load, not ctx.read_only, "read_only")
        load.clicked.connect(self.load_return)
        done = QPushButton("标记已处理")
        done.setToolTip("把下表中选中的意见标记为已处理")
        set_available(done, not ctx.read_only, "read_only")
        done.clicked.connect(self.resolve)
        row.addWidget(load)
        row.addWidget(done)
        layout.addLayout(row)
        self.model = ListTableModel(HEADERS)
        self.view = contents_table(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        follow_default(self.period, default_period(self.ctx.db))
        self.comments = comments_for(self.ctx.db)
        self.model.set_rows([(c["period"], TARGETS[c["target_table"]], c["target_key"],
                              c["comment"], c["author"], c["created_at"][:16].replace("T", " "))
                             for c in self.comments])

    def export(self) -> None:
        period = self.period.text().strip()
        unit = self.ctx.unit
        recipient, plaintext = None, not self.encrypt.isChecked()
        if plaintext:
            answer = QMessageBox.warning(self, "上报", PLAINTEXT_WARNING + "。\n确定不加密吗？",
                                         QMessageBox.StandardButton.Yes
                                         | QMessageBox.StandardButton.No,
                                         QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        elif receiving_certificate(self.ctx.db) is None:
            recipient = self._ask_certificate()
            if recipient is None:
                return
        name = f"{unit.name if unit else '本单位'}_{period}.ykt"
        out, _ = file_dialogs.save_file_name(self, "保存上报文件", name, "上报文件 (*.ykt)")
        if not out:
            return
        self.runner = run_job(self, "生成上报文件", self.ctx.handle,
                              lambda db: export_package(db, out, period=period,
                                                        encrypt_to=recipient,
                                                        plaintext=plaintext),
                              lambda manifest: self._done(out, manifest))

    def _ask_certificate(self):
        """Before enrolment: the unit above's certificate file, or None (cancelled)."""
        cert_file, _ = file_dialogs.open_file_name(
            self, "本单位尚未登记证书：选择上级单位的证书文件", "",
            "证书 (*.crt *.pem);;所有文件 (*)")
        if not cert_file:
            return None
        try:
            return load_pem_bundle(Path(cert_file).read_bytes(), what="上级证书")[0]
        except UserError as exc:
            QMessageBox.warning(self, "上报", str(exc))
            return None

    def _done(self, out: str, manifest) -> None:
        counts = glossary.counts_text(manifest.counts)
        QMessageBox.information(self, "上报", f"已生成上报文件：\n{out}\n{counts}")
        self.ctx.notify_changed(export_package.changes)

    def load_return(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择上级的退回文件", "",
                                              "退回文件 (*.ykr);;所有文件 (*)")
        if path:
            self.import_return_file(path)

    def import_return_file(self, path: str) -> None:
        """Import a 退回文件; an unregistered signature asks the trust question, then retries."""
        try:
            added = import_return(self.ctx.db, path)
        except UserError as exc:
            untrusted = getattr(exc, "reason", "") == "untrusted" and not self.ctx.read_only
            if untrusted and trust_question(self, self.ctx.db, path, str(exc)):
                self.ctx.notify_changed(trust_certificate.changes)
                self.import_return_file(path)
            elif not untrusted:
                QMessageBox.warning(self, "退回文件", str(exc))
            return
        QMessageBox.information(self, "退回文件", f"已导入退回意见 {added} 条" if added
                                else "该退回文件已导入过")
        self.ctx.notify_changed(import_return.changes if added else NOTHING)

    def resolve(self) -> None:
        for index in self.view.selectionModel().selectedRows():
            resolve_comment(self.ctx.db, self.comments[index.row()]["id"])
        self.ctx.notify_changed(resolve_comment.changes)
