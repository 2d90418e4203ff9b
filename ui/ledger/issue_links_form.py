"""What an issue is about, on the 问题详情 form: 补贴项目 (a list, or none: the returns' 未分项目
row), the person by 身份证号 and the household by 户编号 — checked by the core when saved."""

from __future__ import annotations

from typing import Any

import sqlite_utils
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from ykt_desktop.catalogue import list_items
from ykt_desktop.ledger.links import link_texts, resolve_links

NO_ITEM = "（不涉及具体项目）"


class IssueLinksForm:
    """Three rows added to a form layout; :meth:`changes` gives the fields to save."""

    def __init__(self, db: sqlite_utils.Database, form: QFormLayout) -> None:
        self.db = db
        self.item = QComboBox()
        self.item.addItem(NO_ITEM, "")
        for item in list_items(db, active_only=False):
            self.item.addItem(item.name, item.code)
        self.item.setToolTip("问题涉及的补贴项目；不涉及具体项目的问题在报表中列“未分项目”行")
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18位身份证号，可空")
        self.id_number.setToolTip("问题涉及的人员（须已在一户一表中登记）；清空表示不涉及具体人员")
        self.hh_no = QLineEdit()
        self.hh_no.setPlaceholderText("户编号，可空")
        self.hh_no.setToolTip("问题涉及的户；所在村随户确定")
        form.addRow("补贴项目", self.item)
        form.addRow("涉及人员身份证号", self.id_number)
        form.addRow("涉及户编号", self.hh_no)
        self.widgets = (self.item, self.id_number, self.hh_no)

    def load(self, issue: dict[str, Any]) -> None:
        texts = link_texts(self.db, issue)
        index = self.item.findText(texts["item"]) if texts["item"] else 0
        self.item.setCurrentIndex(max(index, 0))
        self.id_number.setText(texts["id_number"])
        self.hh_no.setText(texts["hh_no"])

    def changes(self, issue: dict[str, Any]) -> dict[str, Any]:
        """The link fields that differ from ``issue`` (raises the core's Chinese error)."""
        return resolve_links(self.db, item=self.item.currentData() or "",
                             id_number=self.id_number.text(), hh_no=self.hh_no.text(),
                             current=issue)
