"""The training demo county opened read-only, the fresh demo folder, and the ``setup`` command."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton

from ui.app import demo_db_path, fresh_demo_file
from ui.common.background import wait_all
from ui.context import AppContext
from ui.ledger.issue_detail import IssueDetailDialog
from ui.main_window import MainWindow
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.cli import main as cli
from ykt_desktop.db_errors import explain
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.security.encrypt_existing import encrypt_for_setup
from ykt_desktop.security.encryption import EncryptionError
from ykt_desktop.security.users import list_users
from ykt_desktop.settings import set_setting
from ykt_desktop.storage import DB_ERRORS, handle_of, open_db, open_read_only
from ykt_desktop.unit import get_unit

# page key -> buttons that change data and must be disabled on the read-only demo
WRITE_BUTTONS = {
    "households": ["新增户"],
    "checks": ["导入发放名册…", "运行全部比对", "运行所选规则", "确认为问题（挂号）", "排除…"],
    "submissions": ["生成上报文件…", "导入退回文件…"],
    "users": ["新增管理员…", "重置密码…", "立即备份", "从所选备份恢复…"],
}


@pytest.fixture
def read_only_demo(demo_path: Path):
    db = open_db(demo_path)
    household = db.execute("SELECT id, village_code FROM households LIMIT 1").fetchone()
    create_issue(db, NewIssue("jieliu", description="入户发现", household_id=household[0],
                              village_code=household[1]))     # one issue to look at
    open_read_only(db)
    yield db
    db.close()


def test_a_core_write_on_the_demo_is_refused(read_only_demo, demo_path):
    household = read_only_demo.execute("SELECT id, village_code FROM households LIMIT 1").fetchone()
    before = read_only_demo.execute("SELECT count(*) FROM issues").fetchone()[0]
    with pytest.raises(DB_ERRORS) as refused:
        create_issue(read_only_demo, NewIssue("jieliu", description="培训时误点",
                                              household_id=household[0],
                                              village_code=household[1]))
    assert "只读" in explain(refused.value)
    with pytest.raises(DB_ERRORS):
        set_setting(read_only_demo, "x", 1)
    later = handle_of(read_only_demo).connect()     # a background connection: read-only too
    with pytest.raises(DB_ERRORS):
        later.execute("DELETE FROM households")
    later.close()
    assert read_only_demo.execute("SELECT count(*) FROM issues").fetchone()[0] == before


def test_demo_window_has_the_banner_and_no_write_button(qtbot, read_only_demo):
    window = MainWindow(AppContext(read_only_demo, read_only=True, demo=True))
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert "演示数据（只读）" in window.banner.text() and "初始设置" in window.banner.text()
    assert "演示·只读" in window.windowTitle()
    for key, texts in WRITE_BUTTONS.items():
        page = window.show_page_by_key(key)
        qtbot.wait(20)
        buttons = {b.text(): b for b in page.findChildren(QAbstractButton)}
        for text in texts:
            assert text in buttons, f"{key}: 没有按钮 {text}"
            assert not buttons[text].isEnabled(), f"{key}: {text} 在只读演示县中可用"
    issue_id = read_only_demo.execute("SELECT id FROM issues LIMIT 1").fetchone()[0]
    detail = IssueDetailDialog(window.ctx, issue_id, window)
    assert not any(b.isEnabled() for b in (*detail.buttons.values(), detail.save_button))
    detail.close()
    wait_all()
    window.close()


def test_ordinary_window_has_no_banner(qtbot, county_db):
    window = MainWindow(AppContext(county_db))
    qtbot.addWidget(window)
    assert window.banner.isHidden() and "只读" not in window.windowTitle()


def test_a_new_demo_deletes_the_previous_one_and_its_files():
    path = demo_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for name in ("demo.db", "demo.db.truth.json", "demo.db-wal"):
        (path.parent / name).write_text("old")
    (path.parent / "backups").mkdir(exist_ok=True)
    (path.parent / "backups" / "demo-start.db").write_text("old")
    fresh_demo_file(path)
    assert path.parent.is_dir() and list(path.parent.iterdir()) == []


def run_cli(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_setup_command(tmp_path, monkeypatch, capsys):
    path = tmp_path / "城关镇.db"
    code, text = run_cli(monkeypatch, capsys, "setup", "--db", str(path), "--level", "乡镇",
                         "--code", "420999100000", "--name", "城关镇", "--catalogue-year", "2025",
                         "--admin", "admin", "--user", "zhang:township_reviewer",
                         "--password-stdin", stdin="Wang12345x\nReview12345\n")
    assert code == 0, text
    assert "30 项" in text
    db = open_db(path)
    assert get_unit(db).name == "城关镇" and catalogue_year(db) == 2025
    assert [(u.username, u.unit_code) for u in list_users(db)] == [
        ("admin", "420999000000"), ("zhang", "420999100000")]
    db.close()
    code, text = run_cli(monkeypatch, capsys, "setup", "--db", str(path), "--level", "乡镇",
                         "--code", "420999100000", "--name", "城关镇")
    assert code == 2 and "已设置本单位" in text


def test_setup_command_refuses_bad_answers_before_writing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "x.db"
    code, text = run_cli(monkeypatch, capsys, "setup", "--db", str(path), "--level", "村",
                         "--code", "4209991002", "--name", "东风村")
    assert code == 2 and "12位" in text and not path.exists()
    code, text = run_cli(monkeypatch, capsys, "setup", "--db", str(path), "--level", "村",
                         "--code", "420999100201", "--name", "东风村", "--admin", "admin",
                         "--encrypt", "--password-stdin", stdin="short\n")
    assert code == 2 and "至少 8 位" in text and not path.exists()


def test_encryption_at_setup_refuses_a_file_with_households(demo_path):
    with pytest.raises(EncryptionError, match="已有户数据"):
        encrypt_for_setup(demo_path, "secret-pass-1")
    assert sqlite3.connect(demo_path).execute("SELECT count(*) FROM households").fetchone()[0]


def test_open_demo_generates_then_locks_every_connection(qtbot, tmp_path, monkeypatch):
    """``python main.py --demo``: a fresh demo county, then nothing can write to it."""
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app
    from ykt_desktop.demo.generator import DemoParams

    windows = []
    monkeypatch.setattr(ui_app.MainWindow, "show", lambda self: windows.append(self))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir()
    (path.parent / "demo.db.truth.json").write_text("OLD-TRUTH")
    params = DemoParams(villages=1, households_per_village=10, townships=1)
    assert ui_app.open_demo(QApplication.instance(), path, params, fresh=True,
                            read_only=True) == 0
    window = windows[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.ctx.unit is not None, timeout=60000)
    qtbot.waitUntil(lambda: "演示县" in window.status_unit.text(), timeout=10000)
    assert window.ctx.read_only and "只读" in window.banner.text()
    assert "OLD-TRUTH" not in (path.parent / "demo.db.truth.json").read_text()
    later = window.ctx.handle.connect()       # as a job or a count opens it: read-only

    def findings() -> int:       # the checks run after generating: clues to look at
        return later.execute("SELECT count(*) FROM findings").fetchone()[0]

    qtbot.waitUntil(lambda: findings() > 0, timeout=60000)
    with pytest.raises(DB_ERRORS):
        later.execute("UPDATE households SET address = 'x'")
    later.close()
    wait_all()
    window.close()
    window.ctx.db.close()
