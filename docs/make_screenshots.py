"""Regenerate the user manual's screenshots from the real app on the demo county.

    python docs/make_screenshots.py            # offscreen; writes docs/images/*.png

Every picture in docs/用户手册.md comes from here: the main window at 1366x740 (a common
office-PC screen less the task bar) on a freshly generated demo county, each page brought into
a useful state through its own widgets and public methods (a search typed, a household form
open, checks run, issues registered, a notice built, a return filled, a lower unit's package
imported), and the dialogs the manual explains. Nothing here writes SQL: set-up goes through
the core functions and the command line, as an officer's own work would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.common.background import BackgroundLoader  # noqa: E402
from ui.common.workers import JobRunner  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.households.raise_issues import RaiseIssuesDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.setup.wizard import SetupWizard  # noqa: E402
from ui.style import apply_style  # noqa: E402
from ykt_desktop.backup import backup_db  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.households.load import load_household  # noqa: E402
from ykt_desktop.households.problems import candidate_issues  # noqa: E402
from ykt_desktop.pinyin import initials  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.security.read_only import make_read_only  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

OUT = ROOT / "docs" / "images"
WIDTH, HEIGHT = 1366, 740
VILLAGE = "420999100200"          # 东风村 in the demo county
TOWNSHIP = "420999100000"         # 城关镇
MAX_BYTES = 250_000


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def wait_jobs(app: QApplication, root: QWidget) -> None:
    """Let every background job started under ``root`` finish and deliver its result."""
    for loader in root.findChildren(BackgroundLoader):
        loader.wait()
    for _ in range(600):
        settle(app, 5)
        runners = root.findChildren(JobRunner)
        if all(not r.thread.isRunning() for r in runners):
            settle(app, 20)
            if all(not r.thread.isRunning() for r in root.findChildren(JobRunner)):
                return
        for r in runners:
            r.wait(50)
    raise RuntimeError("a background job did not finish")


def save(widget: QWidget, name: str) -> Path:
    """Grab ``widget`` to docs/images/<name>.png, scaled down if the file would be too big."""
    path = OUT / f"{name}.png"
    image = widget.grab().toImage()
    image.save(str(path))
    if path.stat().st_size > MAX_BYTES:   # many colours (anti-aliased text): a palette is enough
        image.convertToFormat(QImage.Format.Format_Indexed8,
                              Qt.ImageConversionFlag.ThresholdDither).save(str(path))
    print(f"{path.relative_to(ROOT)}  {image.width()}x{image.height()}  "
          f"{path.stat().st_size // 1024} KB")
    return path


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ykt_desktop", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sign(pad) -> None:
    """Write a few strokes on the signature pad, as a finger or mouse would."""
    strokes = [[(20, 60), (40, 20), (55, 70), (70, 25), (90, 65)],
               [(110, 30), (150, 30), (130, 30), (128, 75)],
               [(170, 55), (190, 25), (205, 70), (230, 40), (260, 60)]]
    for stroke in strokes:
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[0]))
        for point in stroke[1:]:
            QTest.mouseMove(pad, QPoint(*point))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*stroke[-1]))


# --- set-up: the demo county and one township that received one village's package ----------
def build_county(tmp: Path) -> tuple[Path, Path]:
    county = tmp / "演示县.db"
    db = open_db(county)
    run(generate_demo(db, DemoParams(villages=12, households_per_village=100)))
    db.close()
    town, village = tmp / "城关镇.db", tmp / "东风村.db"
    cli("slice-unit", "--db", str(county), "--code", TOWNSHIP, "--out", str(town))
    cli("slice-unit", "--db", str(county), "--code", VILLAGE, "--out", str(village))
    cli("pki", "init-root", "--db", str(county))
    for upper, lower, name in ((county, town, "城关镇"), (town, village, "东风村")):
        csr, crt = tmp / f"{name}.csr", tmp / f"{name}.crt"
        cli("pki", "request", "--db", str(lower), "--out", str(csr))
        cli("pki", "issue", "--db", str(upper), str(csr), "--out", str(crt))
        cli("pki", "install", "--db", str(lower), str(crt))
    cli("returns", "export", "--db", str(village), "--template", "tongchuan_paicha_tongji",
        "--period", "2025", "--out", str(tmp / "东风村排查统计.pdf"), "--sign", "--signer", "张华")
    cli("export-package", "--db", str(village), "--period", "2025-12",
        "--out", str(tmp / "东风村.ykt"))
    cli("import-package", "--db", str(town), str(tmp / "东风村.ykt"))
    cli("board", "--db", str(town), "--period", "2025-12", "--due", "2026-01-10")
    return county, town


def roster_file(db, path: Path) -> Path:
    """A platform payout roster of 20 real demo persons, with a merged title row."""
    import openpyxl

    people = db.execute(
        "SELECT p.id_number, p.name, c.card_number, c.bank FROM persons p "
        "JOIN cards c ON c.person_id = p.id AND c.card_type = 'social_security' "
        "ORDER BY p.id LIMIT 20").fetchall()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws["A1"] = "2026年1月城乡居民最低生活保障金发放名册"
    ws.merge_cells("A1:I1")
    header = ["公民身份号码", "姓名", "项目名称", "所属期", "实发金额（元）", "发放日期",
              "银行卡号", "开户行", "发放状态"]
    ws.append([])
    ws.append(header)
    for number, name, card, bank in people:
        ws.append([number, name, "城乡居民最低生活保障金", "2026-01", "350.00", "2026-02-10",
                   card, bank, "发放成功"])
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.data_type = "s"
    wb.save(path)
    return path


# --- the pictures ---------------------------------------------------------------------------
def shoot_start(app: QApplication, tmp: Path) -> None:
    """The set-up wizard's five pages on a new database, filled as an officer would; 取消 at
    the end, so nothing is written."""
    empty = open_db(tmp / "empty.db")
    wizard = SetupWizard(empty)
    wizard.show()
    wizard.unit_page.code.setText("420999100201")
    wizard.unit_page.name.setText("东风村")
    settle(app)
    save(wizard, "setup_unit")
    wizard.next()
    users = wizard.users_page
    users.admin_name.setText("王五")
    for edit in (users.admin_password, users.admin_again):
        edit.setText("Wang12345x")
    users.new_user.setText("liming")
    users.new_password.setText("Clerk12345")
    users.add_extra()
    settle(app)
    save(wizard, "setup_users")
    wizard.next()
    for edit in (wizard.encryption_page.passphrase, wizard.encryption_page.again):
        edit.setText("jiami-mima-1")
    settle(app)
    save(wizard, "setup_encryption")
    wizard.next()
    settle(app)
    save(wizard, "setup_catalogue")
    wizard.next()
    settle(app)
    save(wizard, "setup_summary")
    wizard.reject()
    empty.close()


def shoot_demo_read_only(app: QApplication, county: Path) -> None:
    """The demo county as ``main.py --demo`` opens it: read-only, with the banner."""
    db = open_db(county)
    make_read_only(db)
    window = MainWindow(AppContext(db, read_only=True, demo=True))
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.show_page_by_key("households").regions.select_village(VILLAGE)
    settle(app, 40)
    wait_jobs(app, window)
    save(window, "demo_read_only")
    window.close()
    db.close()


def shoot_village_work(app: QApplication, window: MainWindow) -> None:
    db = window.ctx.db
    save_page(app, window, "overview", "overview")
    page = window.show_page_by_key("households")
    page.regions.select_village(VILLAGE)
    head = db.execute("SELECT p.name FROM members m JOIN persons p ON p.id = m.person_id "
                      "JOIN households h ON h.id = m.household_id "
                      "WHERE m.relation = '户主' AND h.village_code = ? ORDER BY h.hh_no "
                      "LIMIT 1 OFFSET 4", [VILLAGE]).fetchone()[0]
    loads = page.loads
    page.search.setText(initials(head))
    page.apply_filter()
    while page.loads == loads:      # the list is found off the GUI thread
        settle(app, 5)
    page.view.selectRow(0)
    settle(app)
    save(window, "households_search")
    form = page.open_form(page.selected_id())
    form.move(0, 0)
    settle(app)
    save(form, "household_form_members")
    form.tabs.setCurrentWidget(form.cards)
    settle(app)
    save(form, "household_form_cards")
    form.tabs.setCurrentWidget(form.subsidies)
    settle(app)
    save(form, "household_form_subsidies")
    form.tabs.setCurrentWidget(form.visit)
    form.visit.verifiers.setText("李明 张华")
    form.visit.verifiers.textEdited.emit("李明 张华")
    form.visit.result.setCurrentIndex(form.visit.result.findData("verified"))
    form.visit.confirmed.setChecked(True)
    sign(form.visit.pad)
    settle(app)
    save(form, "household_form_visit")
    form.dirty = False
    form.done(0)
    loads = page.loads
    page.search.clear()
    page.apply_filter()
    while page.loads == loads:      # the list is found off the GUI thread
        settle(app, 5)
    problem_form = page.open_form(household_with_problems(db, page.model))
    raise_dialog = RaiseIssuesDialog(db, problem_form.record, problem_form)
    raise_dialog.resize(1100, 420)   # wide enough for the suggested issues' full text
    raise_dialog.show()
    settle(app)
    save(raise_dialog, "household_raise_issues")
    raise_dialog.close()
    problem_form.done(0)
    page.tabs.setCurrentWidget(page.progress)
    settle(app)
    wait_jobs(app, window)
    save(window, "households_progress")
    page.tabs.setCurrentIndex(0)


def household_with_problems(db, model) -> int:
    """The first household of the village whose form already shows a problem to raise."""
    page_ids = [model.row_id(r) for r in range(model.rowCount())]
    ids = page_ids or [r[0] for r in db.execute(
        "SELECT id FROM households WHERE village_code = ? ORDER BY hh_no", [VILLAGE])]
    for hid in ids:
        if candidate_issues(db, load_household(db, hid)):
            return hid
    raise RuntimeError("no household of the demo village shows a problem")


def shoot_county_work(app: QApplication, window: MainWindow, tmp: Path) -> None:
    page = window.show_page_by_key("checks")
    dialog = page.open_import("roster", roster_file(window.ctx.db, tmp / "低保金发放名册.xlsx"))
    dialog.show()
    dialog.run_check()
    wait_jobs(app, window)
    save(dialog, "import_mapping")
    dialog.close()
    page.start_checks(None)
    wait_jobs(app, window)
    page.status_filter.setCurrentIndex(1)
    page.rule_view.selectRow(2)
    page._rule_clicked(page.rule_model.index(2, 0))   # what a click on the rule does
    page.finding_view.selectRow(0)
    page.finding_view.selectRow(1)
    settle(app)
    page.confirm_selected()
    page.finding_view.selectRow(0)
    settle(app)
    save(window, "checks")
    page.rule_filter.setCurrentIndex(0)
    for _ in range(4):
        page.finding_view.selectRow(0)
        page.confirm_selected()
        settle(app, 5)
    ledger = window.show_page_by_key("ledger")
    ledger.reload()
    settle(app)
    save(window, "ledger")
    detail = ledger.open_issue(ledger.model.row_id(0))
    detail.start()
    detail.resize(980, 680)
    settle(app)
    save(detail, "issue_detail")
    detail.close()


def shoot_township_work(app: QApplication, window: MainWindow) -> None:
    page = window.show_page_by_key("publicity")
    page.form.set_choice(["dibao", "gaoling_80"], "2025-07", VILLAGE)
    page.build()
    wait_jobs(app, window)
    save(window, "publicity")
    page = window.show_page_by_key("returns")
    page.template.setCurrentIndex(page.template.findData("tongchuan_paicha_tongji"))
    page.period.setText("2025")
    page.fill()
    wait_jobs(app, window)
    save(window, "returns")
    bar = page.view.horizontalScrollBar()
    bar.setValue(bar.maximum())                   # the first column stays (issue 18)
    settle(app)
    save(window, "returns_scrolled")


def shoot_admin(app: QApplication, window: MainWindow) -> None:
    page = window.show_page_by_key("overview")    # the charts, now that issues are registered
    page.reload()
    wait_jobs(app, window)
    settle(app)
    save(window, "overview_charts")
    backup_db(window.ctx.db, reason="manual")     # what 立即备份 does, without its message box
    window.ctx.notify_changed()
    save_page(app, window, "users", "users")
    save_page(app, window, "audit_log", "audit_log")


def shoot_submissions(app: QApplication, town: Path) -> None:
    db = open_db(town)
    window = MainWindow(AppContext(db))
    window.resize(WIDTH, HEIGHT)
    window.show()
    page = window.show_page_by_key("submissions")
    page.board.period.setText("2025-12")
    page.board.reload()
    settle(app, 40)
    save(window, "submissions_board")
    page.tabs.setCurrentWidget(page.inbox)
    settle(app)
    save(window, "submissions_inbox")
    page.tabs.setCurrentWidget(page.send)
    settle(app)
    save(window, "submissions_send")
    page.tabs.setCurrentWidget(page.certs)
    settle(app)
    save(window, "submissions_certs")
    window.close()
    db.close()


def shoot_campaign(app: QApplication, tmp: Path) -> None:
    """抽查与举报 (issue 16): its five tabs, the back-check dialog, the desk-made-form checks
    and the calendar line on the overview; the data is made by make_campaign_screenshots."""
    from make_campaign_screenshots import backcheck, build

    from ui.campaign.backcheck_dialog import BackcheckDialog
    from ykt_desktop.campaign.sampling import list_samples, load_sample

    folder = tmp / "campaign"          # its own demo county, beside the others in ``tmp``
    folder.mkdir(exist_ok=True)
    db = open_db(build(folder))
    sample_id = list_samples(db)[0]["id"]
    backcheck(db, sample_id)
    window = MainWindow(AppContext(db))
    window.resize(WIDTH, HEIGHT)
    window.show()
    page = window.show_page_by_key("campaign")
    window.ctx.notify_changed()
    settle(app, 40)
    wait_jobs(app, window)
    page.samples.sample_view.selectRow(0)
    page.samples.show_sample()
    page.samples.drawn_view.selectRow(1)
    settle(app)
    save(window, "campaign_samples")
    dialog = BackcheckDialog(db, load_sample(db, sample_id)[0].drawn[1], sample_id, parent=window)
    dialog.copy_original()
    dialog.table.item(0, 2).setText(str(int(dialog.table.item(0, 1).text()) + 1))
    dialog.checker.setText("县财政局 王复核")
    dialog.show()
    settle(app)
    save(dialog, "campaign_backcheck")
    dialog.close()
    for tab, shot in ((page.calendar, "campaign_calendar"), (page.policy, "campaign_policy"),
                      (page.complaints, "campaign_complaints"),
                      (page.self_reports, "campaign_self_reports")):
        page.tabs.setCurrentWidget(tab)
        settle(app)
        save(window, shot)
    checks = window.show_page_by_key("checks")
    checks.rule_filter.setCurrentIndex(checks.rule_filter.findData("desk_visit_timing"))
    settle(app, 40)
    wait_jobs(app, window)
    save(window, "campaign_desk_checks")
    save_page(app, window, "overview", "campaign_overview")
    window.close()
    db.close()


def save_page(app: QApplication, window: MainWindow, key: str, name: str) -> None:
    window.show_page_by_key(key)
    settle(app, 40)
    wait_jobs(app, window)
    save(window, name)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ykt-shots-") as tmp_name:
        tmp = Path(tmp_name)
        shoot_start(app, tmp)
        county, town = build_county(tmp)
        db = open_db(county)
        window = MainWindow(AppContext(db))
        window.resize(WIDTH, HEIGHT)
        window.show()
        steps: list[Callable[[], None]] = [
            lambda: shoot_village_work(app, window),
            lambda: shoot_county_work(app, window, tmp),
            lambda: shoot_township_work(app, window),
            lambda: shoot_admin(app, window),
        ]
        for step in steps:
            step()
        window.close()
        db.close()
        shoot_demo_read_only(app, county)
        shoot_campaign(app, tmp)
        shoot_submissions(app, town)
    return 0


if __name__ == "__main__":
    sys.exit(main())
