"""上报与导入 › 证书: this unit's certificate, enrolment (request, issue, install), the county
root, and the trust store (roots and explicitly trusted unenrolled keys)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QGridLayout,
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
from ui.context import AppContext
from ykt_desktop.changes import Changes, Kind
from ykt_desktop.errors import UserError
from ykt_desktop.pki import enrol
from ykt_desktop.pki.certs import describe, short_fp
from ykt_desktop.pki.status import certificate_status
from ykt_desktop.pki.trust import trust_list

HEADERS = ("类别", "单位", "区划代码", "指纹", "说明", "加入时间")
CERT_TIPS = {
    "建立本县根证书": "（县）建立全县的根证书，之后为乡镇、村签发证书",
    "写出证书申请…": "写出本单位的证书申请文件（.csr），交上级签发",
    "安装上级签发的证书…": "安装上级签发给本单位的证书（.crt），以后的上报以它签名",
    "为下级签发证书…": "用本单位证书为下级的申请签发证书，交回下级安装",
    "写出本单位证书…": "写出本单位证书，给上级用于加密上报文件或核对",
    "信任未登记单位的证书…": "电话逐位核对指纹后，信任一个尚未登记的单位的证书",
}


class SubmissionCerts(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        self.buttons = {}
        for n, (text, slot) in enumerate(self._actions()):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setToolTip(CERT_TIPS[text])
            set_available(button, not ctx.read_only, "read_only")
            grid.addWidget(button, n // 3, n % 3)
            self.buttons[text] = button
        layout.addLayout(grid)
        layout.addWidget(QLabel("信任列表"))
        self.model = ListTableModel(HEADERS)
        view = contents_table(self.model)
        layout.addWidget(view, 1)

    def _actions(self) -> tuple:
        return (("建立本县根证书", self.init_root), ("写出证书申请…", self.request),
                ("安装上级签发的证书…", self.install), ("为下级签发证书…", self.issue),
                ("写出本单位证书…", self.show_cert), ("信任未登记单位的证书…", self.trust))

    def reload(self) -> None:
        status = certificate_status(self.ctx.db)
        self.summary.setText(status.summary)
        unit = self.ctx.unit
        county = unit is not None and unit.level == "county"
        root, issue = self.buttons["建立本县根证书"], self.buttons["为下级签发证书…"]
        if self.ctx.read_only:
            set_available(root, False, "read_only")
            set_available(issue, False, "read_only")
        else:
            set_available(root, county and not status.has_root,
                          "root_exists" if county else "county_only")
            set_available(issue, status.can_issue, "cannot_issue")
        self._fill_trust()

    def _fill_trust(self) -> None:
        self.model.set_rows([
            ("根证书" if r["kind"] == "root" else "核对指纹后信任", r["subject"], r["unit_code"],
             short_fp(r["fingerprint"]), r["note"], r["added_at"])
            for r in trust_list(self.ctx.db)])

    def _run(self, action, done: str) -> None:
        try:
            result = action()
        except (OSError, UserError) as exc:
            QMessageBox.warning(self, "证书", str(exc))
            return
        QMessageBox.information(self, "证书", done.format(result=result))
        self.ctx.notify_changed(Changes.of(Kind.SUBMISSIONS))     # the certificates and trust

    def init_root(self) -> None:
        self._run(lambda: describe(enrol.init_root(self.ctx.db)), "已建立根证书：{result}")

    def request(self) -> None:
        out, _ = file_dialogs.save_file_name(self, "保存证书申请", "证书申请.csr", "申请 (*.csr)")
        if out:
            self._run(lambda: Path(out).write_bytes(enrol.make_request(self.ctx.db)),
                      f"已写出证书申请：{out}\n请交上级单位签发。")

    def install(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择上级签发的证书", "", "证书 (*.crt *.pem)")
        if path:
            self._run(lambda: describe(enrol.install(self.ctx.db, Path(path).read_bytes())),
                      "已安装证书：{result}")

    def issue(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择下级的证书申请", "", "申请 (*.csr)")
        if not path:
            return
        out, _ = file_dialogs.save_file_name(self, "保存签发的证书", Path(path).stem + ".crt",
                                             "证书 (*.crt)")
        if out:
            self._run(lambda: Path(out).write_bytes(
                enrol.issue(self.ctx.db, Path(path).read_bytes())),
                f"已签发证书：{out}\n请交申请单位安装。")

    def show_cert(self) -> None:
        out, _ = file_dialogs.save_file_name(self, "保存本单位证书", "本单位证书.crt",
                                             "证书 (*.crt)")
        if out:
            self._run(lambda: Path(out).write_bytes(enrol.own_certificate_pem(self.ctx.db)),
                      f"已写出：{out}")

    def trust(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择未登记单位的证书", "",
                                              "证书 (*.crt *.pem)")
        if path:
            self._run(lambda: enrol.trust_key_file(self.ctx.db, Path(path).read_bytes()),
                      "已信任，指纹 {result}")
