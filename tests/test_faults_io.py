"""Full disk and read-only files give a clear message and lose nothing; backups during writes
are consistent copies."""

from __future__ import annotations

import threading

import pytest

from ykt_desktop import backup
from ykt_desktop.cli import main
from ykt_desktop.db_errors import explain
from ykt_desktop.storage import DB_ERRORS, connect, open_db


def _statement_rows(n: int, tag: str) -> list[tuple]:
    return [(1 + i % 90, 1, f"2031-{1 + i % 12:02d}", tag * 200) for i in range(n)]


def _insert(db, rows) -> None:
    with db.atomic():
        db.conn.executemany("INSERT INTO statements(household_id, item_id, period, notes) "
                            "VALUES (?, ?, ?, ?)", rows)


def test_full_disk_keeps_committed_data(demo_db):
    _insert(demo_db, _statement_rows(10, "a"))
    committed = demo_db.execute("SELECT count(*) FROM statements").fetchone()[0]
    pages = demo_db.execute("PRAGMA page_count").fetchone()[0]
    demo_db.execute(f"PRAGMA max_page_count = {pages + 5}")     # the disk is (nearly) full
    with pytest.raises(DB_ERRORS) as info:
        _insert(demo_db, _statement_rows(5000, "b"))
    message = explain(info.value)
    assert message and "磁盘空间已满" in message and "之前已保存的数据完好" in message
    assert demo_db.execute("SELECT count(*) FROM statements").fetchone()[0] == committed
    assert demo_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    demo_db.execute(f"PRAGMA max_page_count = {pages * 100}")
    _insert(demo_db, _statement_rows(50, "c"))                    # space freed: writes work


def test_read_only_file_message(demo_path):
    db = open_db(demo_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = db.execute("SELECT count(*) FROM households").fetchone()[0]
    db.close()
    conn = connect(demo_path, read_only=True)
    with pytest.raises(DB_ERRORS) as info:
        conn.execute("UPDATE households SET notes = 'x'")
    conn.close()
    assert "只读" in explain(info.value)
    db = open_db(demo_path)
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == count
    db.close()


def test_cli_reports_full_disk_in_chinese(demo_path, capsys, monkeypatch):
    import ykt_desktop.commands.security as sec

    def _full():
        """A command whose write hits a full disk (a database limited to two pages)."""
        conn = connect(":memory:")
        conn.execute("PRAGMA max_page_count = 2")
        conn.execute("CREATE TABLE t(x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 4000,)] * 50)

    monkeypatch.setattr(sec, "cmd_backup_now", lambda _a: _full())
    assert main(["backup", "now", "--db", str(demo_path)]) == 2
    assert "磁盘空间已满" in capsys.readouterr().err


def test_backup_during_writes_is_consistent(demo_path):
    reader_db = open_db(demo_path)
    stop, failed = threading.Event(), []
    start_count = reader_db.execute("SELECT count(*) FROM statements").fetchone()[0]

    def keep_writing():             # its own connection: one connection per thread
        writer_db = open_db(demo_path)
        try:
            while not stop.is_set():
                _insert(writer_db, _statement_rows(100, "w"))
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)
        finally:
            writer_db.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [backup.backup_db(reader_db, reason="manual") for _ in range(4)]
    finally:
        stop.set()
        thread.join()
    reader_db.close()
    assert not failed
    for copy in copies:
        db = open_db(copy, migrate=False)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = db.execute("SELECT count(*) FROM statements").fetchone()[0]
        assert (n - start_count) % 100 == 0, "a backup caught half a transaction"
        db.close()


def test_backup_io_error_on_a_nearly_full_disk_is_named_full(tmp_path, monkeypatch):
    """SQLite reports a write that ran out of space as a plain I/O error (not SQLITE_FULL) on
    some file systems; with ~760 KB free that is a full disk, not a pulled stick."""
    import sqlite3

    from ykt_desktop import backup_files

    io_error = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(backup_files, "free_space", lambda _folder: 760 * 1024)
    assert backup_files.why(io_error, tmp_path).startswith("磁盘空间已满")
    assert backup_files.why(io_error, tmp_path, 0).startswith("磁盘空间已满")
    wrapped = OSError("写入失败")
    wrapped.__cause__ = OSError(28, "No space left on device")
    assert backup_files.why(wrapped).startswith("磁盘空间已满")
    monkeypatch.setattr(backup_files, "free_space", lambda _folder: 50 * 2**30)
    assert "U 盘被拔出" in backup_files.why(io_error, tmp_path, 4 * 2**20)
