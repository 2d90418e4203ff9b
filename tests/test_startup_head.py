"""The window checks the audit head file after it shows (issue 15): a log cut before the start
is still recorded, the window's own writes of the head file wait for the check, and then the
window's connection carries on from what the check wrote."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMainWindow

from tests.test_audit_head import _shell
from ui.context import AppContext
from ui.startup_head import check_head_later, hold
from ykt_desktop.audit.head import BUSY, PROBLEM, WRITTEN, flush, head_file
from ykt_desktop.storage import open_db


def _problems(db) -> list[dict]:
    rows = db.execute("SELECT after FROM audit_log WHERE action = ?", [PROBLEM]).fetchall()
    return [json.loads(r[0]) for r in rows]


def test_a_cut_log_is_found_after_the_window_shows(qtbot, demo_path):
    db = open_db(demo_path)
    with db.atomic():
        db.execute("UPDATE households SET notes = 'x' WHERE id = (SELECT min(id) FROM households)")
    flush(db)
    top = db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    db.close()
    _shell(demo_path, f"DELETE FROM audit_log WHERE id > {top - 1}")
    before = head_file(demo_path).read_bytes()

    db = open_db(demo_path, head=False)
    hold(db)
    assert _problems(db) == []              # not checked at open
    flush(db)                               # the window's timer: waits for the check
    assert head_file(demo_path).read_bytes() == before
    window = QMainWindow()
    qtbot.addWidget(window)
    check_head_later(window, AppContext(db))
    qtbot.waitUntil(lambda: not getattr(db, BUSY, False), timeout=20000)
    assert [p["kind"] for p in _problems(db)] == ["truncated"]
    assert getattr(db, WRITTEN, None) is not None
    after = head_file(demo_path).read_bytes()
    assert after != before
    flush(db)                               # nothing changed since: the file stays
    assert head_file(demo_path).read_bytes() == after
    with db.atomic():
        db.execute("UPDATE households SET notes = 'y' WHERE id = (SELECT min(id) FROM households)")
    flush(db)                               # the window's own change: written again
    assert json.loads(head_file(demo_path).read_text(encoding="utf-8"))["entry_id"] == \
        db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    assert [p["kind"] for p in _problems(db)] == ["truncated"]      # recorded once
    db.close()
