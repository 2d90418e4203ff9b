"""Encryption at rest: no full ID number in the file, WAL or backups; passphrase/recovery key."""

from __future__ import annotations

import pytest

from tests.conftest import SMALL_DEMO
from ykt_desktop import backup, recovery, storage
from ykt_desktop.demo.generator import generate_demo
from ykt_desktop.progress import run
from ykt_desktop.security.encryption import (
    EncryptionError,
    change_passphrase,
    create_encrypted,
    unlock,
)
from ykt_desktop.storage import DatabaseLocked, open_db

PASS = "村里的密码2025"


@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "enc" / "ykt.db"
    new = create_encrypted(path, PASS)
    db = open_db(path, key=new.key)
    run(generate_demo(db, SMALL_DEMO))
    yield path, db, new.recovery
    db.close()


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".truth.json")]


def test_no_plaintext_id_numbers_anywhere(encrypted):
    path, db, _ = encrypted
    ids = [r[0] for r in db.execute("SELECT id_number FROM persons LIMIT 50")]
    cards = [r[0] for r in db.execute("SELECT card_number FROM cards LIMIT 50")]
    db.execute("UPDATE persons SET notes = 'x' WHERE id < 10")    # leaves pages in the WAL
    backup.backup_db(db, reason="manual")
    files = _files(path.parent)
    assert any(p.name.endswith("-wal") for p in files) and any("backups" in str(p) for p in files)
    for file in files:
        data = file.read_bytes()
        assert b"SQLite format 3" not in data[:16]
        for number in ids + cards:
            assert number.encode() not in data, f"{number} in {file.name}"


def test_locked_until_unlocked(encrypted, tmp_path):
    path, db, recovery_key = encrypted
    count = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    key = storage.handle_of(db).key
    db.close()
    with pytest.raises(DatabaseLocked, match="已加密"):
        open_db(path)
    with pytest.raises(EncryptionError, match="不正确"):
        unlock(path, "wrong-pass-1")
    assert unlock(path, recovery_key.lower().replace("-", " ")) == key
    again = open_db(path, key=key)
    assert again.execute("SELECT count(*) FROM persons").fetchone()[0] == count
    again.close()
    new_recovery = change_passphrase(path, PASS, "另一个密码abc1")
    with pytest.raises(EncryptionError):
        unlock(path, PASS)
    assert unlock(path, new_recovery) == key      # the database's key is unchanged


def test_encrypted_backup_restore(encrypted):
    path, db, _ = encrypted
    key = storage.handle_of(db).key
    saved = backup.backup_db(db, reason="manual")
    db.execute("DELETE FROM statements")
    db.close()
    recovery.restore(path, saved, key=key)
    db = open_db(path, key=key)
    assert db.execute("SELECT count(*) FROM statements").fetchone()[0] > 0
    db.close()


def test_plain_databases_stay_plain(demo_path):
    assert demo_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not storage.is_encrypted(demo_path)


def test_encryption_only_for_new_files(demo_path):
    with pytest.raises(EncryptionError, match="新数据库"):
        create_encrypted(demo_path, PASS)


def test_cli_encrypted_database(tmp_path, monkeypatch, capsys):
    import io

    from ykt_desktop.cli import main

    path = tmp_path / "cli.db"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    assert main(["create-encrypted", "--db", str(path), "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert "恢复密钥" in out and storage.is_encrypted(path)
    monkeypatch.setenv("YKT_DB_PASSPHRASE", "wrong-pass-1")
    assert main(["audit", "verify", "--db", str(path)]) == 2
    assert "不正确" in capsys.readouterr().err
    monkeypatch.setenv("YKT_DB_PASSPHRASE", PASS)
    assert main(["init", "--db", str(path), "--level", "county", "--code", "420999000000",
                 "--name", "演示县"]) == 0
    assert main(["audit", "verify", "--db", str(path)]) == 0
