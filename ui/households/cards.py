"""一户一表 · 卡折: each member's cards, who holds them, consent, activation and fees."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from ui.common.entry_table import WARN, EntryTable
from ykt_desktop import glossary
from ykt_desktop.households.records import CardRecord, HouseholdRecord
from ykt_desktop.security.display import NumberView

BANKS = ("中国农业银行", "中国邮政储蓄银行", "农村商业银行", "中国建设银行", "中国工商银行",
         "中国银行", "农村信用合作社")


class CardsTab(EntryTable):
    headers = ("持卡人", "卡折类型", "代理银行", "卡号", "保管情况", "保管人姓名", "本人同意",
               "已激活", "收费（元）", "提示")

    def __init__(self, record: HouseholdRecord, view: NumberView,
                 parent: QWidget | None = None) -> None:
        self.record, self.numbers = record, view
        self.pairs: list[tuple[int, int]] = []
        super().__init__(parent)
        self.refresh()
        self.start_new()

    def build_fields(self) -> None:
        self.owner = QComboBox()
        self.card_type = QComboBox()
        for code, text in glossary.CARD_TYPES.items():
            self.card_type.addItem(text, code)
        self.bank = QComboBox()
        self.bank.setEditable(True)
        self.bank.addItems(["", *BANKS])
        self.number = QLineEdit()
        self.number.setPlaceholderText("卡号（12-19位数字）")
        self.custodian = QComboBox()
        for code, text in glossary.CUSTODIANS.items():
            self.custodian.addItem(text, code)
        self.custodian_name = QLineEdit()
        self.custodian_name.setPlaceholderText("非本人保管时填保管人姓名")
        self.consent = QCheckBox("本人同意他人保管")
        self.activated = QCheckBox("已激活")
        self.fee = QLineEdit()
        self.fee.setPlaceholderText("0")
        self.fee_note = QLineEdit()
        self.add_field("持卡人", self.owner, 0, 0)
        self.add_field("卡折类型", self.card_type, 0, 1)
        self.add_field("代理银行", self.bank, 0, 2)
        self.add_field("卡号", self.number, 1, 0)
        self.add_field("保管情况", self.custodian, 1, 1)
        self.add_field("保管人姓名", self.custodian_name, 1, 2)
        self.add_field("", self.consent, 2, 0)
        self.add_field("", self.activated, 2, 1)
        self.add_field("收费（元）", self.fee, 3, 0)
        self.add_field("收费说明", self.fee_note, 3, 1)

    def refresh(self) -> None:
        current = self.owner.currentIndex()
        self.owner.clear()
        for m in self.record.members:
            self.owner.addItem(m.name)
        self.owner.setCurrentIndex(min(max(current, 0), self.owner.count() - 1))
        self.pairs = [(i, j) for i, m in enumerate(self.record.members)
                      for j in range(len(m.cards))]
        super().refresh()

    def rows(self) -> list[tuple]:
        out = []
        for i, j in self.pairs:
            m, c = self.record.members[i], self.record.members[i].cards[j]
            out.append((m.name, glossary.label(glossary.CARD_TYPES, c.card_type), c.bank,
                        self.numbers.card(c.card_number, self.record.village_code),
                        glossary.label(glossary.CUSTODIANS, c.custodian),
                        c.custodian_name, "是" if c.consent else "否",
                        "是" if c.activated else "否", f"{c.fee_charged:.2f}", _risk(c)))
        return out

    def decorate(self) -> None:
        for row, values in enumerate(self.model._rows):
            if values[-1]:
                self.model.colors[row] = WARN
                self.model.tips[row] = values[-1]

    def read_entry(self) -> tuple[tuple[int, CardRecord] | None, str]:
        if self.owner.currentIndex() < 0:
            return None, "请先在“成员”页添加成员"
        number = re.sub(r"\s", "", self.number.text())
        if not re.fullmatch(r"\d{12,19}", number):
            self.number.setFocus()
            return None, f"卡号“{self.number.text()}”应为12-19位数字"
        custodian = self.custodian.currentData()
        if custodian in ("family", "cadre", "other") and not self.custodian_name.text().strip():
            self.custodian_name.setFocus()
            return None, f"卡由{glossary.CUSTODIANS[custodian]}保管时请填写保管人姓名"
        try:
            fee = float(self.fee.text().strip() or 0)
        except ValueError:
            return None, f"收费金额“{self.fee.text()}”不是数字"
        return (self.owner.currentIndex(), CardRecord(
            card_type=self.card_type.currentData(), bank=self.bank.currentText().strip(),
            card_number=number, custodian=custodian,
            custodian_name=self.custodian_name.text().strip(),
            consent=self.consent.isChecked() or custodian in ("owner", "lost"),
            activated=self.activated.isChecked(), fee_charged=fee,
            fee_note=self.fee_note.text().strip())), ""

    def store(self, row: int | None, value: tuple[int, CardRecord]) -> None:
        owner, card = value
        if row is None:
            self.record.members[owner].cards.append(card)
            return
        i, j = self.pairs[row]
        old = self.record.members[i].cards[j]
        card.id, card.issuer_dept, card.notes = old.id, old.issuer_dept, old.notes
        if owner == i:
            self.record.members[i].cards[j] = card
        else:
            self.record.remove_card(i, j)
            self.record.members[owner].cards.append(card)

    def show_entry(self, row: int | None) -> None:
        if row is None:
            card = CardRecord()
        else:
            i, j = self.pairs[row]
            card = self.record.members[i].cards[j]
            self.owner.setCurrentIndex(i)
        self.card_type.setCurrentIndex(max(0, self.card_type.findData(card.card_type)))
        self.bank.setCurrentText(card.bank)
        self.number.setText(self.numbers.card(card.card_number, self.record.village_code))
        self.number.setReadOnly(not self.numbers.full(self.record.village_code))
        self.custodian.setCurrentIndex(max(0, self.custodian.findData(card.custodian)))
        self.custodian_name.setText(card.custodian_name)
        self.consent.setChecked(card.consent and card.custodian not in ("owner", "lost"))
        self.activated.setChecked(card.activated)
        self.fee.setText(f"{card.fee_charged:g}" if card.fee_charged else "")
        self.fee_note.setText(card.fee_note)

    def delete(self, row: int) -> str:
        i, j = self.pairs[row]
        self.record.remove_card(i, j)
        return ""


def _risk(c: CardRecord) -> str:
    if c.custodian in ("cadre", "other") and not c.consent:
        return f"{glossary.CUSTODIANS[c.custodian]}保管且本人未同意"
    if c.custodian == "lost":
        return "卡已丢失"
    if c.fee_charged > 0:
        return "被收取费用"
    return ""
