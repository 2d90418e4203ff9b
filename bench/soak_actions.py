"""What the GUI soak (bench/soak_gui.py) does to the real main window, one random action at a
time. Everything here drives the app's own pages and dialogs the way tests do; nothing of it
is used by the app.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from ui.common.background import wait_all
from ui.common.workers import JobRunner
from ui.context import AppContext
from ui.households.raise_issues import RaiseIssuesDialog
from ui.main_window import MainWindow
from ykt_desktop.changes import ALL
from ykt_desktop.storage import open_db


class Soak:
    def __init__(self, app: QApplication, db_path: Path, out: Path, rng: random.Random) -> None:
        self.app, self.db_path, self.out, self.rng = app, db_path, out, rng
        self.ctx = AppContext(open_db(db_path))
        self.window = MainWindow(self.ctx)
        self.window.show()
        self.counts: dict[str, int] = {}
        self.actions: dict[str, Callable[[], None]] = {
            "page": self.switch_page, "household": self.edit_household,
            "issue": self.raise_and_close_issue, "checks": self.run_checks,
            "notice": self.export_notice, "return": self.export_return,
            "dialogs": self.click_every_button, "race": self.window_race,
        }

    # --- helpers --------------------------------------------------------------------------
    def settle(self, ms: int = 30) -> None:
        """Let queued results run, and deferred deletes as the app's event loop would (outside
        a running exec(), processEvents() leaves them for later)."""
        end = self.rng.randint(1, ms)
        for _ in range(end):
            self.app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def wait_for(self, done: Callable[[], bool], seconds: float = 60) -> None:
        from PySide6.QtCore import QDeadlineTimer, QThread
        deadline = QDeadlineTimer(int(seconds * 1000))
        while not done():
            if deadline.hasExpired():
                raise TimeoutError("等待超时")
            self.app.processEvents()
            QThread.msleep(5)

    def page(self, key: str) -> QWidget:
        return self.window.show_page_by_key(key)

    def step(self) -> str:
        name = self.rng.choice(list(self.actions))
        self.actions[name]()
        self.counts[name] = self.counts.get(name, 0) + 1
        self.settle()
        return name

    # --- actions ----------------------------------------------------------------------------
    def switch_page(self) -> None:
        for _ in range(self.rng.randint(1, 5)):
            self.window.show_page(self.rng.randrange(self.window.nav.count()))
            self.settle(5)

    def _household_id(self) -> int:
        ids = [r[0] for r in self.ctx.db.execute("SELECT id FROM households").fetchall()]
        return self.rng.choice(ids)

    def edit_household(self) -> None:
        page = self.page("households")
        form = page.open_form(self._household_id())
        self.settle()
        form.tabs.setCurrentIndex(self.rng.randrange(form.tabs.count()))
        if self.rng.random() < 0.6:
            form.info.address.setText(f"浸泡测试住址{self.rng.randint(1, 9999)}号")
            form.info.address.textEdited.emit(form.info.address.text())
            form.save()
        form.dirty = False
        form.close()

    def raise_and_close_issue(self) -> None:
        form = self.page("households").open_form(self._household_id())
        form.raise_issues()                 # RaiseIssuesDialog.exec accepts (soak_gui)
        form.save()
        form.dirty = False
        form.close()
        ledger = self.page("ledger")
        ledger.reload()
        if ledger.model.rowCount() == 0:
            return
        detail = ledger.open_issue(ledger.model.row_id(self.rng.randrange(
            ledger.model.rowCount())))
        self.settle()
        if self.rng.random() < 0.5 and detail.start():
            closer = detail.close_issue()
            closer.measure.setPlainText("浸泡测试：已整改")
            closer.submit()
            closer.close()
        detail.close()

    def run_checks(self) -> None:
        page = self.page("checks")
        page.start_checks(None)
        self.wait_for(lambda: running_jobs(page) == 0)

    def export_notice(self) -> None:
        page = self.page("publicity")
        form = page.form
        items = [form.items.item(i) for i in range(form.items.count())]
        for item in items:
            item.setCheckState(Qt.CheckState.Unchecked)
        paid = [item for item in items if item.flags() & Qt.ItemFlag.ItemIsEnabled]
        for item in self.rng.sample(paid, min(len(paid), self.rng.randint(1, 3))):
            item.setCheckState(Qt.CheckState.Checked)
        form.period.setText(self.rng.choice(["2025", "2025-06", "2025-12"]))
        page.built = None
        page.build()
        self.wait_for(lambda: running_jobs(page) == 0)
        self.settle()
        if page.built is None:
            return                          # nothing paid in that choice: a message said so
        page.export(self.rng.choice([".pdf", ".xlsx"]))  # saved in the work folder
        self.wait_for(lambda: running_jobs(page) == 0)

    def export_return(self) -> None:
        page = self.page("returns")
        page.template.setCurrentIndex(self.rng.randrange(page.template.count()))
        page.filled = None
        page.fill()
        self.wait_for(lambda: page.filled is not None)
        page._export(self.rng.choice([".xlsx", ".pdf"]))    # saved in the work folder
        self.wait_for(lambda: running_jobs(page) == 0)

    def click_every_button(self) -> None:
        """Every enabled button of a random page: the dialogs they open are cancelled, the
        file dialogs answer nothing, questions are answered No (soak_gui)."""
        page = self.window.show_page(self.rng.randrange(self.window.nav.count()))
        for button in page.findChildren(QPushButton):
            if button.isEnabled() and button.isVisible():
                QTimer.singleShot(200, close_popup)    # a menu it pops up (显示列…) is closed
                button.click()
                self.settle(5)
        wait_all()
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()

    def window_race(self) -> None:
        """A second main window on the same file: its counts start, and it is deleted while
        they may still be running."""
        ctx = AppContext(open_db(self.db_path))
        other = MainWindow(ctx)
        other.show()
        for _ in range(self.rng.randint(0, 3)):
            other.show_page(self.rng.randrange(other.nav.count()))
            ctx.notify_changed(ALL)
        self.settle(3)
        other.close()
        other.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ctx.db.close()


def running_jobs(owner: QObject) -> int:
    """Jobs (ui.common.workers) of ``owner`` still running."""
    return sum(runner.running for runner in owner.findChildren(JobRunner))


def accept_raise_issues(dialog: RaiseIssuesDialog) -> int:
    dialog.accept()
    return int(dialog.result())


def close_popup() -> None:
    """Close an open popup menu as a person would (Esc / clicking elsewhere)."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()
