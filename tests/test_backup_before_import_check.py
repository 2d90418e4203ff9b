"""The before-import backup's lighter check (issue 15): a copy cut short is refused, a good one
is described in its manifest and can be restored; the other backups keep integrity_check."""

from __future__ import annotations

import sqlite3

import pytest

from ykt_desktop import backup
from ykt_desktop.backup_manifest import read_manifest
from ykt_desktop.db.connection import connect
from ykt_desktop.recovery_restore import restore
from ykt_desktop.storage import db_path, open_db


def _copy(demo_path, target):
    source = connect(demo_path, read_only=True)
    dest = connect(target)
    dest.execute("PRAGMA journal_mode = DELETE")
    source.backup(dest)
    dest.execute("PRAGMA journal_mode = DELETE")
    source.close()
    return dest


def test_page_count_check_passes_a_whole_copy(demo_path, tmp_path):
    target = tmp_path / "copy.db"
    dest = _copy(demo_path, target)
    assert backup._verify(dest, target, "page_count") == "ok"
    dest.close()


def test_page_count_check_refuses_a_copy_cut_short_or_padded(demo_path, tmp_path):
    target = tmp_path / "copy.db"
    _copy(demo_path, target).close()
    whole = target.read_bytes()
    target.write_bytes(whole[:-4096])
    dest = sqlite3.connect(target)          # the app's connect() refuses it at open already
    with pytest.raises(sqlite3.DatabaseError):     # _copy_verified turns it into BackupError
        backup._verify(dest, target, "page_count")
    dest.close()
    target.write_bytes(whole + b"\0" * 100)
    dest = sqlite3.connect(target)
    assert "不符" in backup._verify(dest, target, "page_count")
    dest.close()


def test_before_import_backup_restores_the_state_before(demo_db, demo_path):
    pending = backup.start_backup_before_import(demo_db)
    with demo_db.atomic():
        path = pending.finish(demo_db)
        demo_db.execute("UPDATE households SET notes = 'import' WHERE id < 5")
    info = read_manifest(path, deep=True)
    assert info is not None and info.check == "page_count" and info.reason == "before-import"
    assert backup.is_intact(path)           # the copy passes the full quick_check as well
    demo_db.close()
    restore(demo_path, path)
    again = open_db(demo_path)
    assert again.execute("SELECT count(*) FROM households WHERE notes = 'import'"
                         ).fetchone()[0] == 0
    again.close()


@pytest.mark.parametrize("reason", ["manual", "daily", "start"])
def test_other_backups_keep_integrity_check(demo_db, reason):
    path = backup.backup_db(demo_db, reason=reason)
    assert read_manifest(path).check == "integrity_check"
    assert path.parent == backup.backups_dir(db_path(demo_db))


def test_before_import_backup_of_an_encrypted_database(tmp_path):
    """SQLCipher answers ``PRAGMA page_size`` as text: the page-count check compared the size with
    '4096' repeated, so every import into an encrypted database was refused (found by the tally's
    manual walkthrough); the size for a full-disk message was a string too."""
    from ykt_desktop.backup_files import db_size
    from ykt_desktop.security.encryption import create_encrypted

    key = create_encrypted(tmp_path / "enc.db", "Tally-Pass-2026").key
    db = open_db(tmp_path / "enc.db", key=key)
    db.execute("CREATE TABLE probe(x)")
    path = backup.backup_db(db, reason="before-import")
    assert path is not None and path.exists()
    assert read_manifest(path) is not None
    size = db_size(db.conn)
    assert isinstance(size, int) and size % 4096 == 0 and size >= 8192     # pages, WAL included
    db.close()
