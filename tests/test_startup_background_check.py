"""Start-up (issue 15): only the fast check runs before the window; the whole-file check runs in
the background after it shows, and a damaged file is still offered the newest good backup."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication, QMessageBox

from ui import startup_checks
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.startup_checks import offer_recovery, start_background_checks
from ykt_desktop import backup, recovery
from ykt_desktop.storage import open_db


def _damage_a_data_page(path) -> None:
    """Flip bytes in a leaf page of payments: the schema still reads, quick_check fails."""
    raw = sqlite3.connect(path)
    size = raw.execute("PRAGMA page_size").fetchone()[0]
    page = raw.execute("SELECT pageno FROM dbstat WHERE name = 'payments' AND pagetype = 'leaf' "
                       "ORDER BY pageno LIMIT 1 OFFSET 3").fetchone()[0]
    raw.close()
    data = bytearray(path.read_bytes())
    start = (page - 1) * size
    for i in range(start + 8, start + size - 8, 3):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _damaged(demo_path):
    db = open_db(demo_path)
    good = backup.backup_db(db, reason="manual")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _damage_a_data_page(demo_path)
    return good


def test_fast_check_passes_and_the_whole_file_check_finds_the_damage(demo_path):
    good = _damaged(demo_path)
    assert recovery.open_check(demo_path).intact
    status = recovery.startup_check(demo_path)
    assert not status.intact and status.good_backup == good


def test_a_header_that_does_not_read_is_found_before_the_window(demo_path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 400)
    assert not recovery.open_check(bad).intact
    assert recovery.open_check(tmp_path / "new.db").intact          # created later


def test_window_shows_then_the_damage_is_found_and_recovery_offered(qtbot, demo_path,
                                                                    monkeypatch):
    good = _damaged(demo_path)
    db = open_db(demo_path, migrate=False)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    found = []
    start_background_checks(window, ctx, backups=False, on_damaged=found.append)
    assert window.isVisible()                       # shown before the check has finished
    qtbot.waitUntil(lambda: bool(found), timeout=30000)
    assert not found[0].intact and found[0].good_backup == good
    asked, exits = [], []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: asked.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: asked.append(a[2]))
    monkeypatch.setattr(startup_checks, "offer_restore",
                        lambda status: status.good_backup == good)
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    assert offer_recovery(window, ctx, found[0])
    assert "已损坏" in asked[0] and "重新打开" in asked[1] and exits == [0]
    assert not window.isVisible()


def test_an_intact_file_is_checked_and_backed_up_in_the_background(qtbot, demo_path):
    db = open_db(demo_path)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    before = len(backup.list_backups(demo_path))
    start_background_checks(window, ctx, backups=True)
    label = window.statusBar().findChildren(type(window.status_counts))[-1]
    qtbot.waitUntil(lambda: "启动备份已完成" in label.text(), timeout=60000)
    assert len(backup.list_backups(demo_path)) > before
