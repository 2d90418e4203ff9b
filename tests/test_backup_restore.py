"""Rotating backups, daily backups, restore beside the live file, start-up check, network paths."""

from __future__ import annotations

import hashlib
import os

import pytest

from ykt_desktop import backup, recovery
from ykt_desktop.cli import main
from ykt_desktop.db import location
from ykt_desktop.storage import db_path, open_db

DATA_TABLES = ("households", "persons", "members", "cards", "payments", "statements", "issues",
               "regions", "users")


def table_checksums(path) -> dict[str, str]:
    db = open_db(path, migrate=False)
    try:
        out = {}
        for table in DATA_TABLES:
            digest = hashlib.sha256()
            for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                digest.update(repr(row).encode())
            out[table] = digest.hexdigest()
        return out
    finally:
        db.close()


def test_backups_rotate_per_reason(demo_db):
    for _ in range(7):
        backup.backup_db(demo_db, reason="start")
    manual = backup.backup_db(demo_db, reason="manual")
    found = backup.list_backups(db_path(demo_db))
    assert sum(p.name.endswith("-start.db") for p in found) == backup.KEEP["start"]
    assert manual in found and found[0] == manual


def test_daily_backup_only_when_due(demo_db):
    first = backup.backup_if_due(demo_db)
    assert first is not None and backup.backup_if_due(demo_db) is None
    old = first.stat().st_mtime - 25 * 3600
    os.utime(first, (old, old))
    assert backup.backup_if_due(demo_db) is not None


def test_restore_round_trip_identical(demo_path):
    before = table_checksums(demo_path)
    db = open_db(demo_path)
    saved = backup.backup_db(db, reason="manual")
    db.execute("DELETE FROM statements")
    db.execute("UPDATE households SET phone = '1' WHERE id < 20")
    db.close()
    assert table_checksums(demo_path) != before
    result = recovery.restore(demo_path, saved)
    assert table_checksums(demo_path) == before
    assert result.kept.exists() and result.kept != demo_path        # the old file is kept
    kept_db = open_db(result.kept, migrate=False)
    assert kept_db.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
    kept_db.close()
    db = open_db(demo_path)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'restore'").fetchone()[0]
    db.close()


def _corrupt(path, offset_pages=3):
    data = bytearray(path.read_bytes())
    for i in range(4096 * offset_pages, 4096 * offset_pages + 4000, 7):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_database_detected_and_newest_good_backup_offered(demo_path):
    db = open_db(demo_path)
    older = backup.backup_db(db, reason="manual")
    newer = backup.backup_db(db, reason="start")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _corrupt(newer)
    assert recovery.startup_check(demo_path).intact
    _corrupt(demo_path)
    status = recovery.startup_check(demo_path)
    assert not status.intact and status.good_backup == older
    assert main(["backup", "restore", "--db", str(demo_path)]) == 0
    assert recovery.startup_check(demo_path).intact


def test_restore_refuses_damaged_backup_and_leaves_live_file(demo_path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    before = demo_path.read_bytes()
    with pytest.raises(recovery.RecoveryError, match="完整性检查"):
        recovery.restore(demo_path, bad)
    assert demo_path.read_bytes() == before


def test_network_paths_refused(monkeypatch, tmp_path):
    assert recovery.is_network_path(r"\\server\share\ykt.db")
    assert not recovery.is_network_path(tmp_path / "x.db")
    with pytest.raises(recovery.RecoveryError, match="网络共享"):
        open_db(r"//server/share/ykt.db")
    monkeypatch.setattr(location, "_linux_fs_type", lambda _p: "cifs")
    assert recovery.is_network_path(tmp_path / "x.db")


def test_cli_backup(demo_path, capsys):
    assert main(["backup", "now", "--db", str(demo_path)]) == 0
    assert main(["backup", "list", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "完整性检查" in out and "-manual.db" in out


def test_imports_are_preceded_by_a_backup(demo_db):
    from ykt_desktop.audit.bulk import bulk_load

    with demo_db.atomic(), bulk_load(demo_db, "test"):
        demo_db.execute("UPDATE households SET notes = 'bulk' WHERE id < 5")
    found = [p for p in backup.list_backups(db_path(demo_db)) if "before-import" in p.name]
    assert len(found) == 1
    copy = open_db(found[0], migrate=False)
    assert copy.execute("SELECT count(*) FROM households WHERE notes = 'bulk'").fetchone()[0] == 0
    copy.close()
