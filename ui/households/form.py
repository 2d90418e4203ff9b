"""一户一表: the household form dialog (opened from the list or by 新增户).

Tabs for household, members, cards, subsidies, the visit and issues work on one
:class:`HouseholdRecord`; 保存 writes it all in one transaction through the core. Every change
is autosaved as a draft after a short pause, and closing with unsaved changes asks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs, stale_reload
from ui.common.enter_submit import no_default_buttons
from ui.common.return_comments import ReturnCommentsNotice, ReturnCommentsTab
from ui.common.screen_fit import fit_on_screen
from ui.context import AppContext
from ui.households.cards import CardsTab
from ui.households.info import InfoTab
from ui.households.issues import IssuesTab
from ui.households.members import MembersTab
from ui.households.raise_issues import RaiseIssuesDialog
from ui.households.subsidies import SubsidiesTab
from ui.households.visit import VisitTab
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.return_comments import household_comments
from ykt_desktop.households.drafts import delete_draft, draft_key, load_draft, save_draft
from ykt_desktop.households.load import load_household, new_household
from ykt_desktop.households.records import HouseholdRecord
from ykt_desktop.households.save import save_household, saved_changes
from ykt_desktop.households.validate import HouseholdError
from ykt_desktop.progress import run
from ykt_desktop.record_versions import StaleRecordError

AUTOSAVE_MS = 1500
Button = QMessageBox.StandardButton


class HouseholdFormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, ctx: AppContext, household_id: int | None = None, *,
                 village_code: str = "", group_code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = (load_household(ctx.db, household_id) if household_id is not None
                       else new_household(village_code, group_code))
        self.key = draft_key(household_id, ctx.user)
        self.dirty = False
        self._loading = False
        self.setWindowTitle(self._title())
        fit_on_screen(self, 1100, 690)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self._build_tabs()
        self.notice = ReturnCommentsNotice()
        layout.addWidget(self.notice)
        self._show_return_comments()
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._bottom())
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=lambda: self._step_tab(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=lambda: self._step_tab(-1))
        no_default_buttons(self)
        if ctx.read_only:
            for button in (self.save_button, self.raise_button):
                button.setEnabled(False)
            self.status.setText("只读：演示或查看模式下不能保存")
        self.tabs.currentChanged.connect(self._focus_tab)
        self.tabs.setCurrentWidget(self.members if household_id is not None else self.info)
        self._focus_tab(self.tabs.currentIndex())

    def _title(self) -> str:
        return f"一户一表 - 户{self.record.hh_no}" if self.record.id else "一户一表 - 新增户"

    def _build_tabs(self) -> None:
        db, r = self.ctx.db, self.record
        self.info = InfoTab(db, r)
        self.members = MembersTab(db, r)
        self.cards = CardsTab(r, self.members.numbers)
        self.subsidies = SubsidiesTab(db, r)
        self.visit = VisitTab(r, self.ctx.user)
        self.issues = IssuesTab(db, r)
        for tab, text in ((self.info, "户信息(&H)"), (self.members, "成员(&M)"),
                          (self.cards, "卡折(&K)"), (self.subsidies, "补贴核对(&B)"),
                          (self.visit, "入户核查(&V)"), (self.issues, "问题(&W)")):
            self.tabs.addTab(tab, text)
            tab.changed.connect(self._changed)
        self.issues.raise_requested.connect(self.raise_issues)

    def _show_return_comments(self) -> None:
        """上级退回意见 on this household or its issues: a notice and their own tab."""
        comments = household_comments(self.ctx.db, self.record.id)
        self.notice.show_comments(comments, lines=False, suffix="，见“上级退回意见”标签")
        self.return_comments = ReturnCommentsTab(comments) if comments else None
        if self.return_comments is not None:
            self.tabs.addTab(self.return_comments, "上级退回意见(&T)")

    def _bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.raise_button = QPushButton("发现问题(&F)")
        self.print_button = QPushButton("打印本户(&P)")
        self.save_button = QPushButton("保存(&S)")
        self.close_button = QPushButton("关闭")
        self.raise_button.clicked.connect(self.raise_issues)
        self.print_button.clicked.connect(self.print_form)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        for b in (self.raise_button, self.print_button, self.save_button, self.close_button):
            row.addWidget(b)
        return row

    # --- state -------------------------------------------------------------------------------
    def _bind(self, record: HouseholdRecord) -> None:
        """Show another version of the record (after saving or restoring a draft)."""
        self.record = record
        self._loading = True
        try:
            for tab in (self.info, self.members, self.cards, self.subsidies, self.visit,
                        self.issues):
                tab.record = record
            self.info.load()
            self.visit.load()
            for tab in (self.members, self.cards, self.subsidies):
                tab.refresh()
                tab.start_new()
            self.issues.refresh()
        finally:
            self._loading = False
        self.setWindowTitle(self._title())

    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.status.setText("有未保存的修改（已自动保存草稿）")
        self.autosave.start()
        sender = self.sender()
        if sender is self.members:
            self.cards.refresh()
            self.subsidies.refresh()
        elif sender is self.cards:
            self.members.refresh()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _focus_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        fields = getattr(tab, "fields", None)
        if hasattr(tab, "first_field"):
            tab.first_field().setFocus()
        elif fields:
            fields[0].setFocus()
        elif tab is self.visit:
            self.visit.visit_date.setFocus()

    # --- drafts ------------------------------------------------------------------------------
    def save_draft(self) -> None:
        if self.dirty and not self.ctx.read_only:
            save_draft(self.ctx.db, self.key, self.record, user=self.ctx.user)

    def offer_draft(self) -> bool:
        """If an autosaved draft exists, ask to restore it; True when restored."""
        found = load_draft(self.ctx.db, self.key)
        if found is None:
            return False
        record, when = found
        answer = self.ask("恢复草稿", f"发现{when}自动保存的未保存草稿，是否恢复？\n"
                                     "选“否”将丢弃该草稿。", Button.Yes | Button.No)
        if answer != Button.Yes:
            delete_draft(self.ctx.db, self.key)
            return False
        self._bind(record)
        self.dirty = True
        self.status.setText("已恢复草稿，尚未保存")
        return True

    def ask(self, title: str, text: str, buttons: QMessageBox.StandardButton) -> Button:
        return QMessageBox.question(self, title, text, buttons)

    # --- actions -----------------------------------------------------------------------------
    def save(self) -> bool:
        if self.ctx.read_only:
            return False
        changes = saved_changes(self.record)
        try:
            hid = save_household(self.ctx.db, self.record, by_user=self.ctx.user)
        except HouseholdError as exc:
            self._not_saved("\n".join(str(p) for p in exc.problems))
            return False
        except StaleRecordError as exc:
            self._not_saved("本户在打开后已被修改，本次没有保存")
            if stale_reload.ask_reload(self, exc):
                self.reload_from_db()
            return False
        self.autosave.stop()
        delete_draft(self.ctx.db, self.key)
        self.key = draft_key(hid, self.ctx.user)
        self._bind(load_household(self.ctx.db, hid))
        self.dirty = False
        self.status.setStyleSheet("")
        self.status.setText(f"已保存户{self.record.hh_no}")
        self.ctx.notify_changed(changes)
        self.saved.emit(hid)
        return True

    def _not_saved(self, why: str) -> None:
        self.status.setText("未保存：" + why)
        self.status.setStyleSheet("color: #b00020;")

    def reload_from_db(self) -> None:
        """Show the household as it is now saved; this window's unsaved edits are dropped."""
        try:
            record = load_household(self.ctx.db, self.record.id)
        except UserError as exc:        # deleted meanwhile (e.g. by a package import)
            self.status.setText(str(exc))
            return
        self.autosave.stop()
        delete_draft(self.ctx.db, self.key)
        self._bind(record)
        self.dirty = False
        self.status.setStyleSheet("")
        self.status.setText("已重新载入最新内容")

    def raise_issues(self) -> None:
        dialog = RaiseIssuesDialog(self.ctx.db, self.record, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_issues:
            self.add_issues(dialog.result_issues)
        dialog.deleteLater()            # a child of the form: kept otherwise, one per use

    def add_issues(self, issues: list) -> None:
        self.record.new_issues.extend(issues)
        self.issues.refresh()
        self.tabs.setCurrentWidget(self.issues)
        self._changed()

    def print_form(self) -> None:
        if self.record.id is None or self.dirty:
            self.status.setText("请先保存，再打印本户的一户一表")
            return
        path, _ = file_dialogs.save_file_name(self, "打印一户一表", f"一户一表_{self.record.hh_no}"
                                              ".pdf", "PDF (*.pdf)")
        if path:
            # lazy: reportlab loads on the first print (issue 15)
            from ykt_desktop.forms_pdf.household_form import print_forms

            run(print_forms(self.ctx.db, path, household_ids=[self.record.id]))
            self.status.setText(f"已输出 {path}")

    def reject(self) -> None:
        if self.dirty and not self.ctx.read_only:
            answer = self.ask("未保存的修改", "本户有未保存的修改，是否保存？",
                              Button.Save | Button.Discard | Button.Cancel)
            if answer == Button.Cancel:
                return
            if answer == Button.Save and not self.save():
                return
            if answer == Button.Discard:
                self.autosave.stop()
                delete_draft(self.ctx.db, self.key)
        super().reject()

    def done(self, result: int) -> None:
        self.autosave.stop()
        super().done(result)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the entry rows, never closes the form
        super().keyPressEvent(event)
