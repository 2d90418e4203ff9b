"""比对参数: the rules' editable parameters (JSON), saved for this unit."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common import stale_reload
from ui.common.answered import AnsweredDialog
from ui.context import AppContext
from ykt_desktop.checks.params import load_params, params_version, save_params
from ykt_desktop.errors import UserError
from ykt_desktop.record_versions import StaleRecordError

HELP = ("amount_tolerance：金额容差（元）；statement_tolerance：与群众自述比对的容差；"
        "late_grace_days：在项目发放时限外再宽限的天数；age_band_items：按年龄段享受的项目"
        "（年龄在补贴项目清单中维护）；subsidy_card_types / min_subsidy_cards："
        "一人多卡的卡折类型和张数；"
        "held_custodians：算作他人代管的保管人；categories：确认后登记的问题类别。"
        "互斥项目和发放时限在补贴项目清单中维护。")


class CheckParamsDialog(AnsweredDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("比对参数")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit()
        self._load()
        layout.addWidget(self.editor, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if ctx.read_only:       # look at the parameters, change nothing
            self.editor.setReadOnly(True)
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.error.setText("只读打开（演示县或检查员）：只能查看比对参数，不能修改。")

    def _load(self) -> None:
        self.loaded = load_params(self.ctx.db)
        self.version = params_version(self.ctx.db)
        self.editor.setPlainText(json.dumps(self.loaded, ensure_ascii=False, indent=1))

    def submit(self) -> None:
        try:
            edited = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.error.setText(f"格式有误（第{getattr(exc, 'lineno', '?')}行）：{exc}")
            return
        if not isinstance(edited, dict):
            self.error.setText("参数应是一个 JSON 对象")
            return
        changes = {k: v for k, v in edited.items() if self.loaded.get(k) != v}
        try:
            if changes:
                save_params(self.ctx.db, changes, expected_version=self.version)
        except StaleRecordError as exc:
            self.error.setText("未保存：比对参数在打开后已被修改")
            if stale_reload.ask_reload(self, exc):
                self._load()
                self.error.setText("已重新载入最新的比对参数")
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
