"""A new user follows docs/用户手册.md on a fresh database file, through the real dialogs:
set-up wizard (村, users, encryption) → login → 入户核查 one household (members, cards, visit,
signature) → 发现问题 → 问题台账 开始整改/销号 → 比对与导入 the 发放名册 → 公示 PDF and 登记张贴
→ 报表 签章导出 PDF (verified) → 生成上报文件 → a new 乡镇 database imports it after trusting
the fingerprint (manual 2.1, 4.1-4.3, 6.3, 6.1, 5.2, 5.3, 7.2-7.3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from tests.keyboard_helpers import focused, key, typed
from ui import startup
from ui.checks.import_mapping import ImportMappingDialog
from ui.context import AppContext
from ui.households.form import HouseholdFormDialog
from ui.households.raise_issues import RaiseIssuesDialog
from ui.main_window import MainWindow
from ui.publicity.posting_record import PostingRecordDialog
from ui.returns.sign import ReturnSignDialog
from ui.security.encryption_setup import RecoveryKeyDialog
from ui.security.login import LoginDialog
from ui.setup.wizard import SetupWizard
from ui.submissions.package_preview import PackagePreviewDialog
from ykt_desktop import idcard
from ykt_desktop.ledger.issues import get_issue
from ykt_desktop.publicity.records import list_postings
from ykt_desktop.returns.signing import default_trust_roots, verify_pdf
from ykt_desktop.storage import is_encrypted

CTRL = Qt.KeyboardModifier.ControlModifier
VILLAGE, TOWN = "420999100201", "420999100000"
HEAD = ("张三丰", idcard.make("420999", dt.date(1958, 3, 12), 1), "户主")
WIFE = ("李秀英", idcard.make("420999", dt.date(1962, 7, 5), 2), "配偶")
CARDS = {HEAD[1]: "6217001234567890123", WIFE[1]: "6228480012345678"}
ADMIN, PASSWORD, PASSPHRASE = "admin", "Wang12345x", "Mima2026abc"


def wait_job(qtbot, owner) -> None:
    qtbot.waitUntil(lambda: owner.runner is not None and not owner.runner.running,
                    timeout=30000)
    qtbot.wait(10)                          # the queued result reaches the GUI thread


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """Message boxes answer themselves (Yes to a question); their texts are kept."""
    texts: list[str] = []

    def tell(*args, **_kw):
        on_gui = QThread.currentThread() is QApplication.instance().thread()
        texts.append(args[2] if on_gui else f"不在界面线程上：{args[2]}")
        return QMessageBox.StandardButton.Yes
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, tell)

    def answer(box: QMessageBox) -> int:
        """A question built as its own box (the trust question) takes its default button."""
        texts.append(f"{box.windowTitle()}：{box.text()}")
        box.defaultButton().click()
        return box.result()
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: texts.append(self.key) or 1)
    return texts


def save_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def set_up(qtbot, path: Path, level: str, code: str, name: str, *, users: bool) -> AppContext:
    """Manual 2.1: the wizard a new database file opens with, then the login (users only)."""
    db = startup.open_database(path, new_file_setup=False)
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    unit = wizard.unit_page
    unit.level.setCurrentIndex(unit.level.findData(level))
    unit.code.setText(code)
    unit.name.setText(name)
    wizard.next()
    page = wizard.users_page
    assert wizard.currentPage() is page, unit.message.text()
    if users:
        page.admin_name.setText("王五")
        page.admin_password.setText(PASSWORD)
        page.admin_again.setText(PASSWORD)
        page.new_user.setText("liming")
        page.new_role.setCurrentIndex(page.new_role.findData("village_clerk"))
        page.new_password.setText("Clerk12345")
        page.add_extra()
    else:
        page.skip.setChecked(True)
    wizard.next()
    crypt = wizard.encryption_page
    assert wizard.currentPage() is crypt, page.message.text()
    crypt.enabled.setChecked(users)
    crypt.passphrase.setText(PASSPHRASE if users else "")
    crypt.again.setText(PASSPHRASE if users else "")
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    wizard.accept()
    assert wizard.choice == "setup" and wizard.outcome is not None
    assert is_encrypted(path) == users
    return AppContext(wizard.db)


def log_in(ctx: AppContext, monkeypatch) -> None:
    def fill_and_click(dialog: LoginDialog) -> int:
        dialog.username.setText(ADMIN)
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        return int(dialog.result())
    monkeypatch.setattr(LoginDialog, "exec", fill_and_click)
    assert startup.log_in(ctx)


def enrol_household(qtbot, window: MainWindow, monkeypatch) -> HouseholdFormDialog:
    """Manual 4.1-4.3: 新增户, members, cards (one held by a cadre), visit, 发现问题, Ctrl+S."""
    page = window.show_page_by_key("households")
    assert page.regions.codes()[1] == VILLAGE           # the village database picks itself
    opened: list[HouseholdFormDialog] = []
    monkeypatch.setattr(HouseholdFormDialog, "show", lambda self: opened.append(self))
    page.new_household()                                # 新增户
    dialog = opened[0]
    # not given to qtbot: the households page owns the form, which deletes itself when closed
    QDialog.show(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is not None and dialog.isAncestorOf(focused()))
    dialog.tabs.setCurrentWidget(dialog.info)
    dialog.info.address.setFocus()
    typed("东风村一组12号")
    key(Qt.Key.Key_Tab, CTRL)                           # 户信息 -> 成员
    for name, number, relation in (HEAD, WIFE):
        assert focused() is dialog.members.name
        typed(name)
        key(Qt.Key.Key_Tab)
        typed(number)
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_A, CTRL)
        typed(relation)
        key(Qt.Key.Key_Return)
    assert [m.name for m in dialog.record.members] == [HEAD[0], WIFE[0]]
    key(Qt.Key.Key_Tab, CTRL)                           # 成员 -> 卡折
    cards = dialog.cards
    for owner, (number, held_by_cadre) in enumerate(((CARDS[HEAD[1]], True),
                                                     (CARDS[WIFE[1]], False))):
        cards.owner.setCurrentIndex(owner)
        cards.number.setFocus()
        typed(number)
        if held_by_cadre:
            cards.custodian.setCurrentIndex(cards.custodian.findText("村干部"))
            cards.custodian_name.setFocus()
            typed("王会计")
        key(Qt.Key.Key_Return)
    assert [c.custodian for m in dialog.record.members for c in m.cards] == ["cadre", "owner"]
    dialog.tabs.setCurrentWidget(dialog.visit)
    visit = dialog.visit
    visit.verifiers.setFocus()
    typed("李明 王五")
    visit.result.setCurrentIndex(visit.result.findText("已核查"))
    pad = visit.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    for x in range(30, 200, 10):
        QTest.mouseMove(pad, QPoint(x, 20 + x // 4))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 70))
    assert dialog.record.visit.result == "verified" and dialog.record.visit.signature
    monkeypatch.setattr(RaiseIssuesDialog, "exec", lambda self: (self.accept(), self.result())[1])
    dialog.raise_issues()                               # 发现问题(F): all proposed are ticked
    assert "保存时挂号" in dialog.issues.model.row(0)[0]
    key(Qt.Key.Key_S, CTRL)
    assert not dialog.dirty, dialog.status.text()
    return dialog


def follow_issue(qtbot, window: MainWindow, evidence: Path) -> int:
    """Manual 6.3: the issue is in 问题台账; 开始整改, then 销号 with evidence."""
    page = window.show_page_by_key("ledger")
    assert page.model.rowCount() == 1
    issue_id = page.model.row_id(0)
    assert get_issue(window.ctx.db, issue_id)["found_by"] == "visit"
    detail = page.open_issue(issue_id)
    qtbot.addWidget(detail)
    detail.unit.setText("东风村委会")
    detail.deadline.setText("2026-12-31")
    assert detail.save() and detail.start()
    closer = detail.close_issue()
    qtbot.addWidget(closer)
    closer.measure.setPlainText("卡已交还本人保管，对村干部批评教育")
    closer.attach(evidence)
    closer.submit()
    qtbot.waitUntil(lambda: get_issue(window.ctx.db, issue_id)["status"] == "closed")
    detail.close()
    return issue_id


def import_roster(qtbot, window: MainWindow, roster: Path, monkeypatch) -> None:
    """Manual 6.1: 导入发放名册… → 检查 → 导入 (the notice and the return need payments)."""
    page = window.show_page_by_key("checks")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(roster), ""))

    def check_then_import(dialog: ImportMappingDialog) -> int:
        dialog.run_check()
        wait_job(qtbot, dialog)
        assert dialog.import_button.isEnabled(), dialog.summary.text()
        dialog.run_import()
        wait_job(qtbot, dialog)
        return int(QDialog.result(dialog))
    monkeypatch.setattr(ImportMappingDialog, "exec", check_then_import)
    page.choose_import("roster")


def write_roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "补贴项目", "发放期间", "发放金额", "发放日期", "卡号",
                  "代理银行", "发放状态"])
    sheet.append([HEAD[0], HEAD[1], "耕地地力保护补贴", "2026-10", 315, "2026-10-20",
                  CARDS[HEAD[1]], "农村商业银行", "成功"])
    sheet.append([WIFE[0], WIFE[1], "城乡居民最低生活保障金", "2026-10", 350, "2026-10-25",
                  CARDS[WIFE[1]], "农业银行", "成功"])
    book.save(path)
    return path


def make_notice(qtbot, window: MainWindow, out: Path, monkeypatch) -> None:
    """Manual 5.2: tick items, 生成预览, 导出 PDF…, then 登记张贴… ."""
    page = window.show_page_by_key("publicity")
    form = page.form
    assert form.period.text() == "2026-10"              # the month with payments
    assert form.scope.currentData() == VILLAGE
    form.set_choice(["gengdi", "dibao"], form.period.text(), VILLAGE)
    page.build()
    qtbot.waitUntil(lambda: page.built is not None, timeout=30000)
    assert len(page.built.notice.lines) >= 2
    save_as(monkeypatch, out)
    page.export(".pdf")
    qtbot.waitUntil(lambda: page.notices_model.rowCount() == 1, timeout=30000)
    posting = PostingRecordDialog(window.ctx.db, page.records[0]["id"], parent=page)
    qtbot.addWidget(posting)
    posting.location.setText("村务公开栏")
    posting._save()
    assert [p.location for p in list_postings(window.ctx.db, page.records[0]["id"])] == [
        "村务公开栏"]


def sign_return(qtbot, window: MainWindow, out: Path, monkeypatch) -> None:
    """Manual 5.3: template, 按数据填表, footer, 签章导出 PDF… with the signer's name."""
    page = window.show_page_by_key("returns")
    page.template.setCurrentIndex(page.template.findData("tongchuan_paicha_tongji"))
    assert page.unit.currentData() == VILLAGE and page.period.text() == "2026"
    page.fill()
    qtbot.waitUntil(lambda: page.filled is not None, timeout=30000)
    assert "未通过 0 项" in page.rules.item(page.rules.count() - 1).text()
    page.footer_edits["负责人"].setText("王五")
    monkeypatch.setattr(ReturnSignDialog, "exec", lambda self: (self._accept(), self.result())[1])
    save_as(monkeypatch, out)
    page._sign()
    qtbot.waitUntil(lambda: "已签章" in page.status.text(), timeout=60000)


def send_up(qtbot, window: MainWindow, out: Path, monkeypatch) -> None:
    """Manual 7.3: 本单位上报 → 生成上报文件… ."""
    send = window.show_page_by_key("submissions").send
    send.period.setText("2026-10")
    send.encrypt.setChecked(False)   # not enrolled: no certificate of the township (7.4); the
    save_as(monkeypatch, out)        # plaintext warning is answered Yes
    send.export()
    wait_job(qtbot, send)


def receive(qtbot, ctx: AppContext, package: Path, monkeypatch) -> None:
    """Manual 7.2: 选择文件导入…; an unregistered signature is trusted after the fingerprint
    was checked by phone (the question is answered Yes), then the preview and 导入."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    inbox = window.show_page_by_key("submissions").inbox
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    monkeypatch.setattr(PackagePreviewDialog, "exec", lambda self: 1)
    inbox.choose()
    qtbot.waitUntil(lambda: ctx.db.execute("SELECT count(*) FROM households").fetchone()[0] == 1,
                    timeout=30000)
    wait_job(qtbot, inbox)
    window.close()


def test_manual_walkthrough_from_a_fresh_file(qtbot, tmp_path, said, monkeypatch):
    monkeypatch.setattr(startup, "run_startup_backups", lambda *a: None)
    ctx = set_up(qtbot, tmp_path / "东风村.db", "village", VILLAGE, "东风村", users=True)
    log_in(ctx, monkeypatch)
    db = ctx.db
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert "东风村" in window.windowTitle()

    form = enrol_household(qtbot, window, monkeypatch)
    hid = form.record.id
    assert db.execute("SELECT count(*) FROM members WHERE household_id = ?", [hid]
                      ).fetchone()[0] == 2
    assert db.execute("SELECT result FROM verifications WHERE household_id = ?", [hid]
                      ).fetchone()[0] == "verified"
    form.close()

    evidence = tmp_path / "receipt.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n receipt")
    issue_id = follow_issue(qtbot, window, evidence)

    import_roster(qtbot, window, write_roster(tmp_path / "发放名册.xlsx"), monkeypatch)
    assert db.execute("SELECT count(*) FROM payments").fetchone()[0] == 2
    assert any("已导入" in text and "2" in text for text in said), said

    notice = tmp_path / "公示.pdf"
    make_notice(qtbot, window, notice, monkeypatch)
    assert notice.read_bytes().startswith(b"%PDF")

    signed = tmp_path / "排查统计_签章.pdf"
    sign_return(qtbot, window, signed, monkeypatch)
    check = verify_pdf(signed.read_bytes(), default_trust_roots(db))
    assert check.ok, check

    package = tmp_path / "东风村_2026-10.ykt"
    send_up(qtbot, window, package, monkeypatch)
    assert package.is_file()
    sent = said[-1]
    assert "已生成上报文件" in sent and "户 1" in sent and "households" not in sent, sent
    window.close()

    town = set_up(qtbot, tmp_path / "城关镇.db", "township", TOWN, "城关镇", users=False)
    receive(qtbot, town, package, monkeypatch)
    assert town.db.execute("SELECT count(*) FROM issues WHERE status = 'closed'"
                           ).fetchone()[0] == 1
    assert any("未登记签名" in text for text in said)
    got = said[-1]
    assert "已导入" in got and "人 2" in got and "persons" not in got, got
    assert get_issue(db, issue_id)["status"] == "closed"
    assert not [text for text in said if text.startswith("不在界面线程上")], said


def test_household_number_row_stays_one_line_high(qtbot, empty_db):
    """户信息 of a new household: 户编号 (保存时自动编号) sat in a tall empty band in the walk."""
    from ykt_desktop.unit_setup import init_unit

    init_unit(empty_db, level="village", code=VILLAGE, name="东风村")
    dialog = HouseholdFormDialog(AppContext(empty_db), village_code=VILLAGE)
    qtbot.addWidget(dialog)
    dialog.resize(1080, 690)
    QDialog.show(dialog)
    info = dialog.info
    qtbot.waitUntil(lambda: info.isVisible())
    line = info.hh_no.fontMetrics().height()
    assert info.hh_no.text() == "保存时自动编号"
    assert info.hh_no.height() < 3 * line
    assert info.address.y() - info.hh_no.y() < 4 * line


def test_package_counts_read_as_chinese():
    """What a 上报文件 or a slice holds is told in words, not table names."""
    from ykt_desktop.glossary import counts_text

    assert counts_text({"households": 1, "persons": 2, "issues": 0, "payments": 1234}) == (
        "户 1，人 2，发放记录 1,234")
    assert counts_text({"something_new": 3}) == "something_new 3"
