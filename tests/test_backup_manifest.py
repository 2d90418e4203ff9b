"""Backup manifests and what restore accepts: only finished, matching, non-empty backups of the
same unit; a plan that says what will be restored; stale temporary files cleared; encrypted."""

from __future__ import annotations

import os
import shutil

import pytest

from ykt_desktop import backup, recovery
from ykt_desktop.backup_manifest import manifest_path, read_manifest
from ykt_desktop.cli import main
from ykt_desktop.settings import set_setting
from ykt_desktop.storage import db_path, open_db


def _statements(path, key: bytes | None = None) -> int:
    db = open_db(path, migrate=False, key=key)
    try:
        return db.execute("SELECT count(*) FROM statements").fetchone()[0]
    finally:
        db.close()


def test_backup_has_a_matching_manifest_and_no_leftovers(demo_db):
    path = backup.backup_db(demo_db, reason="manual")
    info = read_manifest(path, deep=True)
    assert info is not None and info.reason == "manual" and info.check == "integrity_check"
    assert info.unit_code == "420999000000" and info.unit_name == "演示县"
    assert info.counts["households"] == demo_db.execute(
        "SELECT count(*) FROM households").fetchone()[0] > 0
    assert info.size == path.stat().st_size and len(info.sha256) == 64
    assert sorted(p.name for p in path.parent.iterdir()) == [
        path.name, manifest_path(path).name, "demo.unit.json"]
    assert "户 90" in info.summary() and "演示县（420999000000）" in info.summary()


def test_cut_short_backup_is_never_chosen(demo_db):
    older = backup.backup_db(demo_db, reason="manual")
    newer = backup.backup_db(demo_db, reason="start")
    with open(newer, "r+b") as handle:          # as a kill or a full disk would leave it
        handle.truncate(4096)
    assert read_manifest(newer) is None
    live = db_path(demo_db)
    assert recovery.newest_good_backup(live) == older
    with pytest.raises(recovery.RecoveryError, match="与它的清单不符"):
        recovery.plan_restore(live, newer)
    with open(older, "r+b") as handle:          # same size, changed bytes: the SHA-256 tells
        handle.seek(5000)
        handle.write(b"\xff" * 16)
    assert read_manifest(older) is not None and read_manifest(older, deep=True) is None
    assert recovery.newest_good_backup(live) is None


def test_empty_backup_refused(demo_path, empty_db):
    empty = backup.backup_db(empty_db, reason="manual")
    before = demo_path.read_bytes()
    with pytest.raises(recovery.RecoveryError, match="是空的"):
        recovery.restore(demo_path, empty)
    assert demo_path.read_bytes() == before


def test_backup_of_another_unit_refused(demo_path, tmp_path):
    other = shutil.copyfile(demo_path, tmp_path / "other.db")
    db = open_db(other)
    set_setting(db, "unit", {"level": "county", "code": "420888000000", "name": "别的县"})
    foreign = backup.backup_db(db, reason="manual")
    db.close()
    with pytest.raises(recovery.RecoveryError, match="别的县（420888000000）.*不能用别的单位"):
        recovery.plan_restore(demo_path, foreign)
    assert main(["backup", "restore", "--db", str(demo_path), str(foreign)]) == 2


def test_plan_says_what_will_be_restored_and_dry_run_changes_nothing(demo_path, capsys):
    db = open_db(demo_path)
    saved = backup.backup_db(db, reason="manual")
    kept = db.execute("SELECT count(*) FROM statements").fetchone()[0]
    db.execute("DELETE FROM statements")
    db.close()
    plan = recovery.plan_restore(demo_path)
    assert plan.source == saved and plan.current.counts["statements"] == 0 < kept
    assert plan.info.counts["statements"] == kept
    assert "户 90" in plan.summary() and "当前数据库 demo.db：演示县，户 90" in plan.summary()
    assert main(["backup", "restore", "--dry-run", "--db", str(demo_path)]) == 0
    assert "将从备份" in capsys.readouterr().out and _statements(demo_path) == 0
    assert main(["backup", "restore", "--db", str(demo_path)]) == 0
    assert _statements(demo_path) == kept


def test_backup_without_manifest_only_when_named(demo_path, tmp_path):
    legacy = tmp_path / "old-copy.db"
    backup.copy_database(demo_path, legacy)
    folder = demo_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(legacy, folder / "demo-20200101-000000-000000-manual.db")
    assert recovery.newest_good_backup(demo_path) is None         # not finished as we know it
    plan = recovery.plan_restore(demo_path, legacy)              # named: read and checked
    assert plan.info.counts["households"] == 90 and plan.info.unit_name == "演示县"


def test_stale_temporary_files_are_cleared(demo_db):
    folder = backup.backup_db(demo_db, reason="manual").parent
    dead = folder / ".demo-x-manual.db.part-999999999"
    dead.write_bytes(b"half")
    journal = folder / ".demo-x-manual.db.part-999999999-journal"
    journal.write_bytes(b"j")
    mine = folder / f".demo-y-manual.db.part-{os.getpid()}"
    mine.write_bytes(b"being written")
    orphan = folder / "demo-20200101-000000-000000-manual.db.manifest.json"
    orphan.write_text("{}", encoding="utf-8")
    recent = folder / "demo-20990101-000000-000000-manual.db.manifest.json"
    recent.write_text("{}", encoding="utf-8")
    old = orphan.stat().st_mtime - 2 * 3600
    os.utime(orphan, (old, old))
    backup.backup_db(demo_db, reason="manual")
    assert not dead.exists() and not journal.exists() and mine.exists()
    assert not orphan.exists() and recent.exists()      # recent: maybe a backup in progress


def test_encrypted_backup_and_restore(tmp_path):
    from ykt_desktop.demo.generator import DemoParams, generate_demo
    from ykt_desktop.progress import run
    from ykt_desktop.security.encryption import create_encrypted
    from ykt_desktop.storage import DatabaseLocked, keyfile_path

    path = tmp_path / "enc.db"
    key = create_encrypted(path, "Cipher-2026-x").key
    db = open_db(path, key=key)
    run(generate_demo(db, DemoParams(villages=1, households_per_village=12, seed=2)))
    saved = backup.backup_db(db, reason="manual")
    statements = db.execute("SELECT count(*) FROM statements").fetchone()[0]
    db.execute("DELETE FROM statements")
    db.close()
    assert keyfile_path(saved).exists() and read_manifest(saved, deep=True).counts[
        "statements"] == statements > 0
    with pytest.raises(DatabaseLocked):                 # the backup is encrypted too
        recovery.restore(path)
    result = recovery.restore(path, key=key)            # the live file's key opens its backups
    assert _statements(path, key) == statements
    assert keyfile_path(result.kept).exists()
    assert _statements(result.kept, key) == 0           # the kept file opens with the same key


def _foreign_backup_beside(demo_path, tmp_path, name: str = "城关镇"):
    """A backup of another unit copied into demo's backups folder under demo's stem, newer."""
    other = shutil.copyfile(demo_path, tmp_path / "other.db")
    db = open_db(other)
    set_setting(db, "unit", {"level": "township", "code": "420999001000", "name": name})
    foreign = backup.backup_db(db, reason="manual")
    db.close()
    target = demo_path.parent / "backups" / "demo-29991231-235959-000000-manual.db"
    shutil.copyfile(foreign, target)
    shutil.copyfile(manifest_path(foreign), manifest_path(target))
    return target


def test_damaged_live_file_still_refuses_another_units_backup(demo_path, tmp_path, capsys):
    db = open_db(demo_path)
    own = backup.backup_db(db, reason="manual")
    db.close()
    foreign = _foreign_backup_beside(demo_path, tmp_path)
    with open(demo_path, "r+b") as handle:
        handle.truncate(8192)
    for side in ("-wal", "-shm"):
        demo_path.with_name(demo_path.name + side).unlink(missing_ok=True)
    assert recovery.newest_good_backup(demo_path) == own
    with pytest.raises(recovery.RecoveryError, match="城关镇（420999001000）.*演示县"):
        recovery.plan_restore(demo_path, foreign)
    assert recovery.plan_restore(demo_path).source == own
    (own.parent / "demo.unit.json").unlink()        # no record: the manifests' majority/tie
    with pytest.raises(recovery.RecoveryError, match="分属不同单位.*演示县.*城关镇|城关镇.*演示县"):
        recovery.plan_restore(demo_path)
    assert recovery.newest_good_backup(demo_path) is None


def test_two_restores_in_the_same_instant_keep_both_replaced_files(demo_path, monkeypatch):
    import datetime as real_dt
    from types import SimpleNamespace

    from ykt_desktop import recovery_restore

    class Frozen(real_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 7, 17, 0, 0, 123456)

    def no_link(*_args):                # a FAT32 stick: no hard links, the copy path is taken
        raise OSError(1, "Operation not permitted")

    db = open_db(demo_path)
    saved = backup.backup_db(db, reason="manual")
    db.execute("DELETE FROM statements")
    db.close()
    first_live = demo_path.read_bytes()
    monkeypatch.setattr(recovery_restore, "dt", SimpleNamespace(datetime=Frozen))
    monkeypatch.setattr(recovery_restore.os, "link", no_link)
    one = recovery.restore(demo_path, saved).kept
    two = recovery.restore(demo_path, saved).kept
    assert one != two and one.exists() and two.exists()
    assert "20261207-170000-123456" in one.name and one.read_bytes() == first_live


def test_damaged_backup_with_a_matching_manifest_is_named_as_the_damaged_one(demo_path,
                                                                             capsys):
    import json

    from ykt_desktop.backup_manifest import sha256_of

    db = open_db(demo_path)
    saved = backup.backup_db(db, reason="manual")
    db.close()
    before = demo_path.read_bytes()
    size = saved.stat().st_size
    with open(saved, "r+b") as handle:          # pages damaged after the manifest was written,
        for offset in range(4096, size, 4096 * 3):  # and the manifest made to match again
            handle.seek(offset)
            handle.write(b"\x07" * 200)
    data = json.loads(manifest_path(saved).read_text(encoding="utf-8"))
    data["sha256"] = sha256_of(saved)
    manifest_path(saved).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["backup", "restore", "--db", str(demo_path), str(saved)]) == 2
    err = capsys.readouterr().err
    assert f"备份文件 {saved} 已损坏" in err and "原数据库未改动" in err, err
    assert "数据库文件已损坏" not in err, err
    assert demo_path.read_bytes() == before


def test_backup_list_shows_a_changed_backup_as_not_usable(demo_path, capsys):
    db = open_db(demo_path)
    good = backup.backup_db(db, reason="manual")
    changed = backup.backup_db(db, reason="start")
    db.close()
    with open(changed, "r+b") as handle:        # same size, other bytes
        handle.seek(5000)
        handle.write(b"\xff" * 16)
    assert main(["backup", "list", "--db", str(demo_path)]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "不可用" in lines[str(changed)] and "SHA-256" in lines[str(changed)]
    assert "不可用" not in lines[str(good)] and "演示县" in lines[str(good)]


def test_part_files_of_a_killed_restore_are_cleared_at_open(demo_path):
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()                                 # a pid that no longer runs
    mine = demo_path.with_name(f".{demo_path.name}.part-{os.getpid()}")
    stale = [demo_path.with_name(f".{demo_path.name}.part-{gone.pid}{s}") for s in ("", "-wal")]
    for path in (*stale, mine):
        path.write_bytes(b"x" * 4096)
    open_db(demo_path).close()
    assert not any(path.exists() for path in stale)
    assert mine.exists()                        # a live process's file is left alone
    mine.unlink()
