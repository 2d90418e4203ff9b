"""An ID number field that checks as it is typed: check digit and birth date, then shows sex
and age, and (through ``lookup``) where the same ID already is in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ykt_desktop import glossary, idcard

Lookup = Callable[[str], list[str]]


class IdNumberEdit(QLineEdit):
    """``feedback`` is a label the owner places next to the field."""

    checked = Signal(bool)

    def __init__(self, lookup: Lookup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.setPlaceholderText("18位身份证号")
        self.setMaxLength(24)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.duplicates: list[str] = []
        self.info: idcard.IdInfo | None = None
        self.textChanged.connect(self._check)

    def error(self) -> str:
        """The reason the current text is not a valid ID number ('' when valid)."""
        try:
            idcard.parse(self.text())
        except idcard.IdNumberError as exc:
            return str(exc)
        return ""

    def _check(self, text: str) -> None:
        self.info, self.duplicates = None, []
        if not text.strip():
            self._show("", "")
            return
        if self.isReadOnly() and "*" in text:      # shown masked to a role without the right
            self._show("部分数字已按脱敏规则隐藏", "")
            return
        try:
            self.info = idcard.parse(text)
        except idcard.IdNumberError as exc:
            typed = len(text.strip())
            self._show(str(exc) if typed >= 15 else f"已输入{typed}位", "error" if typed >= 15
                       else "")
            self.checked.emit(False)
            return
        age = self.info.age_on(dt.date.today())
        message = f"{glossary.SEX[self.info.sex]}，{self.info.birth_date}出生，{age}岁"
        if self.lookup:
            self.duplicates = self.lookup(self.info.number)
        if self.duplicates:
            self._show(message + "。注意：该身份证号" + "；".join(self.duplicates), "error")
        else:
            self._show(message, "ok")
        self.checked.emit(True)

    def _show(self, text: str, kind: str) -> None:
        self.feedback.setText(text)
        color = {"error": "#b00020", "ok": "#1b5e20"}.get(kind, "#555555")
        self.feedback.setStyleSheet(f"color: {color};")
