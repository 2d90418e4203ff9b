"""Deleting the newest audit entries is found (review of issue 14, gaps 1 and 3).

The entries written after the newest signed checkpoint were not covered by anything: deleting
them with the sqlite3 shell (protective triggers dropped and put back) left ``audit verify``
reporting 完好. The head kept beside the file (``<db>.audit-head.json``, signed with the unit's
key) and the heads remembered at every package and return now catch it.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.exchange_support import PERIOD, copy_chain, export, make_chain
from ykt_desktop.audit.head import flush, head_file
from ykt_desktop.audit.triggers import PROTECT_SQL
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.cli import main
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("head"))


def _edit(path, times: int) -> int:
    """``times`` edits of a household (the audit triggers write them), then the window's
    timer writes the head; returns the newest entry id."""
    db = open_db(path)
    try:
        for i in range(times):
            with db.atomic():
                db.execute("UPDATE households SET notes = ? WHERE id = (SELECT min(id) "
                           "FROM households)", [f"edit {i}"])
        flush(db)
        return db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def village(chain, tmp_path):
    """A village that sent one package, then made ten more edits."""
    units = copy_chain(chain, tmp_path / "u")
    path = units.villages[sorted(units.villages)[0]]
    export(path, tmp_path / "first.ykt", PERIOD)
    sent_head = _scalar(path, "SELECT max(entry_id) FROM audit_heads")
    return path, sent_head, _edit(path, 10)


def _scalar(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _shell(path, *sql: str) -> None:
    """What an insider does with the sqlite3 shell: drop the protection, delete, put it back."""
    conn = sqlite3.connect(path)
    for name in ("audit_log_no_delete", "audit_checkpoints_no_delete", "audit_heads_no_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        conn.execute(statement)
    for trigger in PROTECT_SQL:
        conn.execute(trigger)
    conn.commit()
    conn.close()


def _messages(path) -> list[str]:
    db = open_db(path)
    try:
        return [p.message for p in run(verify_chain(db)).problems]
    finally:
        db.close()


def test_untouched_village_passes(village, capsys):
    path, _, _ = village
    assert _messages(path) == []
    assert main(["audit", "verify", "--db", str(path)]) == 0
    assert head_file(path).exists()


def test_newest_entries_deleted_are_found(village, capsys):
    path, _, top = village
    _shell(path, f"DELETE FROM audit_log WHERE id > {top - 3}")
    assert main(["audit", "verify", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "日志末尾被截断" in out and "最新的 3 条被删除" in out, out
    assert f"最后一条仍在的记录是第 {top - 3:,} 条" in out, out


def test_newest_entry_deleted_then_new_ones_written_is_found(village):
    """The app opened after the cut writes new entries over the deleted ids."""
    path, _, top = village
    _shell(path, f"DELETE FROM audit_log WHERE id = {top}")
    messages = _messages(path)
    assert any("日志末尾被截断" in m for m in messages), messages
    _edit(path, 3)                  # the cut is in the log itself: still reported later
    assert any("日志末尾被截断" in m for m in _messages(path))


def test_head_file_deleted_with_the_cut_is_reported(village):
    path, _, top = village
    _shell(path, f"DELETE FROM audit_log WHERE id > {top - 2}")
    head_file(path).unlink()
    messages = _messages(path)
    assert any("不见了" in m and head_file(path).name in m for m in messages), messages


def test_head_file_rewritten_by_hand_is_reported(village):
    path, _, top = village
    _shell(path, f"DELETE FROM audit_log WHERE id > {top - 2}")
    data = json.loads(head_file(path).read_text(encoding="utf-8"))
    data["entry_id"] = top - 2
    head_file(path).write_text(json.dumps(data), encoding="utf-8")
    messages = _messages(path)
    assert any("签名无效" in m for m in messages), messages


def test_cut_below_the_sent_package_is_reported_without_the_file(village):
    """Gap 3: the log now holds fewer entries and checkpoints than the package sent upward,
    the submissions row and the head file gone too."""
    path, sent_head, _ = village
    _shell(path, f"DELETE FROM audit_log WHERE id > {sent_head - 4}",
           "DELETE FROM audit_checkpoints WHERE id = (SELECT max(id) FROM audit_checkpoints)")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM submissions")
    conn.commit()
    conn.close()
    head_file(path).unlink()
    messages = _messages(path)
    assert any("日志末尾被截断" in m and "上报文件 first.ykt" in m and "少了" in m
               for m in messages), messages
    assert any("签名检查点被删除" in m for m in messages), messages


def test_sent_head_rows_deleted_are_reported_by_the_file(village):
    path, sent_head, _ = village
    _shell(path, "DELETE FROM audit_heads")
    messages = _messages(path)
    assert any("上报链头记录被删除" in m and "first.ykt" in m for m in messages), messages


def test_restore_of_a_backup_is_not_a_cut(village, capsys):
    from ykt_desktop.backup import backup_db
    from ykt_desktop.recovery import restore

    path, _, _ = village
    db = open_db(path)
    backup = backup_db(db, reason="manual")
    db.close()
    _edit(path, 5)
    result = restore(path, backup)
    assert _messages(path) == []
    assert head_file(result.kept).exists()       # the replaced log's head stays with it


def test_copied_database_is_not_a_cut(village, tmp_path):
    from tests.conftest import copy_db

    path, _, _ = village
    copy = copy_db(path, tmp_path / "elsewhere.db")
    assert _messages(copy) == []
    assert head_file(copy).exists()


def test_command_line_writes_the_head_at_the_end(tmp_path):
    path = tmp_path / "new.db"
    assert main(["init", "--db", str(path), "--level", "村", "--code", "420999100201",
                 "--name", "东风村"]) == 0
    data = json.loads(head_file(path).read_text(encoding="utf-8"))
    assert data["entry_id"] == _scalar(path, "SELECT max(id) FROM audit_log") > 0


def test_empty_to_latest_has_the_heads_table(tmp_path):
    from ykt_desktop.migrations import pending

    db = open_db(tmp_path / "fresh.db")
    try:
        assert pending(db) == [] and "audit_heads" in db.table_names()
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"audit_heads_no_update", "audit_heads_no_delete"} <= names
    finally:
        db.close()


def test_cut_under_the_running_app_is_found_at_its_next_write(village):
    """The app keeps the file it wrote; the log cut behind its back is still compared."""
    path, _, top = village
    db = open_db(path)
    try:
        flush(db)
        _shell(path, f"DELETE FROM audit_log WHERE id > {top - 2}")
        flush(db)                       # the window's timer
        kinds = [json.loads(r[0])["kind"] for r in db.execute(
            "SELECT after FROM audit_log WHERE action = 'audit_head_problem'")]
        assert kinds == ["truncated"]
    finally:
        db.close()


def test_audit_page_reports_the_cut(qtbot, village, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.context import AppContext
    from ui.security.audit_log_page import AuditLogPage

    path, _, top = village
    _shell(path, f"DELETE FROM audit_log WHERE id > {top - 3}")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    db = open_db(path)
    try:
        page = AuditLogPage(AppContext(db))
        qtbot.addWidget(page)
        page.verify()
        qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    finally:
        db.close()
    assert "日志末尾被截断" in shown[0] and "最新的 3 条被删除" in shown[0], shown


def test_a_signed_return_remembers_the_head_and_a_cut_below_it_is_found(demo_path, tmp_path):
    from ykt_desktop.audit import sent
    from ykt_desktop.returns.engine import fill
    from ykt_desktop.returns.service import export_return
    from ykt_desktop.returns.template import get_template

    db = open_db(demo_path)
    try:
        filled = fill(db, get_template("weibanka_taizhang"), "420999000000", "2025")
        export_return(db, filled, tmp_path / "台账.pdf", sign=True, signer="张三")
        head = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        remembered = sent.newest(db)
    finally:
        db.close()
    assert (remembered.kind, remembered.filename) == ("return", "台账.pdf")
    assert remembered.entry_id <= head[0] and remembered.checkpoint_id > 0
    _shell(demo_path, f"DELETE FROM audit_log WHERE id > {remembered.entry_id - 2}")
    head_file(demo_path).unlink()
    messages = _messages(demo_path)
    assert any("日志末尾被截断" in m and "签章报表 台账.pdf" in m for m in messages), messages


def test_an_oversized_head_file_is_not_read_whole(village):
    path, _, _ = village
    head_file(path).write_bytes(b"{" + b" " * (3 << 20))
    messages = _messages(path)
    assert any("无法读取" in m for m in messages), messages


@pytest.mark.parametrize("cut", [0, 6])
def test_head_file_deleted_after_the_database_was_copied_with_it(village, tmp_path, cut):
    """Review 2 of issue 14: a database copied WITH its head file kept the mark of the old path,
    so deleting the file at the new path (alone, or with the newest rows) went unmentioned."""
    from tests.conftest import copy_db

    path, _, _ = village
    copy = copy_db(path, tmp_path / "moved.db")
    head_file(copy).write_bytes(head_file(path).read_bytes())
    assert _messages(copy) == []                  # the copy with its file: nothing to report
    top = _edit(copy, 10)                         # in use at its new place
    if cut:
        _shell(copy, f"DELETE FROM audit_log WHERE id > {top - cut}")
    head_file(copy).unlink()
    messages = _messages(copy)
    assert any("不见了" in m and head_file(copy).name in m for m in messages), messages


def test_an_unchanged_head_is_checked_but_not_signed_again_at_open(village, monkeypatch):
    """Issue 15: loading the private key cost 0.1 s of every open; an open that finds the
    file signed, holding the database's head, keeps it (a cut is still found, and a change
    is signed at the next write)."""
    from ykt_desktop import unit_keys

    path, _, top = village
    open_db(path).close()
    before = head_file(path).read_bytes()

    def no_key(_self):
        raise AssertionError("the private key was loaded for an unchanged head")

    with monkeypatch.context() as patched:
        patched.setattr(unit_keys.UnitKey, "private_key", no_key)
        open_db(path).close()
    assert head_file(path).read_bytes() == before
    assert _edit(path, 1) == top + 1 and head_file(path).read_bytes() != before
    assert json.loads(head_file(path).read_text(encoding="utf-8"))["entry_id"] == top + 1
    _shell(path, f"DELETE FROM audit_log WHERE id > {top - 1}")
    assert any("日志末尾被截断" in m for m in _messages(path))
