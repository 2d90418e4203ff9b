"""The question asked wherever a file signed by an unregistered key is met (a 上报文件 from below,
a 退回文件 from above): who signed, the whole fingerprint to check by phone, 信任(&T) / 不信任(&N).
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QMessageBox, QWidget

from ykt_desktop.errors import UserError
from ykt_desktop.exchange.reader import signer_certificate
from ykt_desktop.pki.certs import describe
from ykt_desktop.pki.enrol import trust_certificate
from ykt_desktop.unit_keys import fingerprint


def trust_question(parent: QWidget, db: sqlite_utils.Database, path: str | Path,
                   message: str) -> bool:
    """Ask whether to trust the signer of ``path``; True when it is now trusted."""
    name = Path(path).name
    try:
        cert = signer_certificate(db, path)
    except UserError as exc:        # PackageError is one
        QMessageBox.warning(parent, "未登记签名", f"{name}：{message}\n{exc}")
        return False
    box = QMessageBox(QMessageBox.Icon.Question, "未登记签名",
                      f"{name} 的签名者还没有登记：\n签名者：{describe(cert)}\n"
                      f"完整指纹：{fingerprint(cert)}\n\n请先打电话与该单位逐位核对指纹。"
                      "核对无误后，是否信任该签名并重新导入这个文件？", parent=parent)
    trust = box.addButton("核对无误，信任并导入(&T)", QMessageBox.ButtonRole.YesRole)
    box.addButton("不信任(&N)", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(trust)
    box.setObjectName("trustQuestion")
    box.exec()
    box.deleteLater()               # the page's child: kept otherwise, one per question
    if box.clickedButton() is not trust:
        return False
    try:
        trust_certificate(db, cert, note=f"核对指纹后信任（{name}）")
    except UserError as exc:        # PackageError is one
        QMessageBox.warning(parent, "未登记签名", str(exc))
        return False
    return True
