"""The fast paths of a big import keep their guarantees: the background before-import backup,
the audit INSERT trigger paused only inside a bulk load, and the import landing whole."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from tests.imports_helpers import roster_rows, write_xlsx
from ykt_desktop import backup
from ykt_desktop.audit.bulk import bulk_load, insert_trigger_paused
from ykt_desktop.imports.errors import ImportRefused
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run
from ykt_desktop.storage import connect, db_path, open_db

HEADER = ["公民身份号码", "姓名", "项目名称", "所属期", "实发金额（元）", "发放日期", "银行卡号",
          "开户行", "发放状态"]


def _before_import(db) -> list:
    return [p for p in backup.list_backups(db_path(db)) if p.name.endswith("-before-import.db")]


def _trigger(db) -> str | None:
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_payments_insert'")
    return (row.fetchone() or [None])[0]


def test_background_backup_is_verified_and_shows_state_before(demo_db):
    pending = backup.start_backup_before_import(demo_db)
    assert pending is not None
    with demo_db.atomic():
        path = pending.finish(demo_db)
        demo_db.execute("UPDATE households SET notes = 'after' WHERE id < 5")
    assert _before_import(demo_db) == [path]
    assert backup.is_intact(path)
    copy = open_db(path, migrate=False)
    assert copy.execute("SELECT count(*) FROM households WHERE notes = 'after'").fetchone()[0] == 0
    copy.close()


def test_background_backup_retaken_when_another_connection_committed(demo_db, demo_path):
    pending = backup.start_backup_before_import(demo_db)
    pending.thread.join()
    other = connect(demo_path)
    other.execute("UPDATE households SET notes = 'other' WHERE id = 1")
    other.commit()
    other.close()
    path = pending.finish(demo_db)
    assert path != pending.target and not pending.target.exists()
    copy = open_db(path, migrate=False)
    assert copy.execute("SELECT notes FROM households WHERE id = 1").fetchone()[0] == "other"
    copy.close()


def test_dropped_background_backup_leaves_no_file(demo_db):
    pending = backup.start_backup_before_import(demo_db)
    pending.drop()
    pending.thread.join()
    assert not pending.target.exists() and _before_import(demo_db) == []


def test_refused_import_writes_nothing_and_keeps_no_backup(demo_db, tmp_path):
    rows = roster_rows(demo_db, 3)
    rows[1][0] = "110101199001011234"          # not a person of this unit
    path = write_xlsx(tmp_path / "r.xlsx", HEADER, rows)
    before = demo_db.execute("SELECT count(*) FROM payments").fetchone()[0]
    with pytest.raises(ImportRefused):
        run(import_file(demo_db, "roster", path))
    assert demo_db.execute("SELECT count(*) FROM payments").fetchone()[0] == before
    for thread in threading.enumerate():
        if thread.name == "before-import-backup":
            thread.join()
    assert _before_import(demo_db) == []


def test_import_takes_one_backup_and_keeps_the_trigger(demo_db, tmp_path):
    trigger = _trigger(demo_db)
    path = write_xlsx(tmp_path / "r.xlsx", HEADER, roster_rows(demo_db, 4), title="名册")
    result = run(import_file(demo_db, "roster", path))
    assert result.rows == 4 and len(_before_import(demo_db)) == 1
    assert _trigger(demo_db) == trigger
    copy = open_db(_before_import(demo_db)[0], migrate=False)
    batch = copy.execute("SELECT count(*) FROM payments WHERE batch_id = ?", [result.batch_id])
    assert batch.fetchone()[0] == 0
    copy.close()


def test_trigger_pause_only_inside_bulk_load_and_undone_by_rollback(demo_db):
    trigger = _trigger(demo_db)
    with demo_db.atomic(), insert_trigger_paused(demo_db, "payments"):   # audit on: no-op
        assert _trigger(demo_db) == trigger
    with pytest.raises(RuntimeError), demo_db.atomic(), bulk_load(demo_db, "t", backup=False):
        with insert_trigger_paused(demo_db, "payments"):
            assert _trigger(demo_db) is None
            raise RuntimeError("stop")
    assert _trigger(demo_db) == trigger
    with demo_db.atomic(), bulk_load(demo_db, "t", backup=False):
        with insert_trigger_paused(demo_db, "payments"):
            assert _trigger(demo_db) is None
    assert _trigger(demo_db) == trigger
    before = demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    demo_db.execute("UPDATE payments SET bank = bank || '' WHERE id = 1")
    demo_db.execute("INSERT INTO payments (item_id, period) SELECT item_id, period FROM payments "
                    "LIMIT 1")
    assert demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1


@pytest.mark.parametrize("kind", ["roster", "deaths", "cadres"])
def test_prefetched_lookups_give_the_same_rows_and_problems(demo_db, tmp_path, monkeypatch, kind):
    """A big file reads the unit's persons and cards while the sheet loads; small files look
    their rows up: both must give exactly the same rows, warnings and errors."""
    from ykt_desktop.imports import run as import_run
    from ykt_desktop.imports.run import check_file

    rows = roster_rows(demo_db, 6)
    rows[1][1] = "改了名"                      # a name differing from the one on file: warning
    rows[2][6] = "6217009999999999999"        # a card not on file
    rows[3][0] = "110101199001011237"         # not a person of this unit
    if kind == "roster":
        header, data = HEADER, rows
    elif kind == "deaths":
        header, data = ["身份证号", "姓名", "死亡日期"], [[r[0], r[1], "2025-05-01"] for r in rows]
    else:
        header, data = ["身份证号", "姓名", "村", "职务"], [[r[0], r[1], "", "村委委员"]
                                                          for r in rows]
    path = write_xlsx(tmp_path / f"{kind}.xlsx", header, data)

    def checked(prefetch: bool):
        monkeypatch.setattr(import_run, "_worth_prefetching", lambda db, p: prefetch)
        result = run(check_file(demo_db, kind, path))
        return result.rows, [(p.row, p.column, p.reason, p.level) for p in result.report.problems]

    looked_up, prefetched = checked(False), checked(True)
    assert prefetched == looked_up
    assert looked_up[1], "the file was meant to raise problems"


def test_worth_prefetching_only_for_big_files(demo_db, tmp_path):
    from ykt_desktop.imports.run import BYTES_PER_ROW, _worth_prefetching

    small = tmp_path / "small.xlsx"
    small.write_bytes(b"PK" + b"0" * 1000)
    assert not _worth_prefetching(demo_db, small)
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"0" * (BYTES_PER_ROW * 20_000))
    assert _worth_prefetching(demo_db, big)          # 20,000 rows, a demo of a few hundred persons
    assert not _worth_prefetching(demo_db, tmp_path / "big.csv")


def test_checks_evaluated_once_still_refuse_a_bad_row(demo_db):
    from ykt_desktop.imports.checked_insert import insert_checked_once
    from ykt_desktop.imports.errors import ImportFileError

    item = demo_db.execute("SELECT min(id) FROM subsidy_items").fetchone()[0]
    sql = "INSERT INTO payments (item_id, period, status) VALUES (?, ?, ?)"
    before = demo_db.execute("SELECT count(*) FROM payments").fetchone()[0]
    with pytest.raises(ImportFileError, match="不符合数据库约束"), demo_db.atomic():
        insert_checked_once(demo_db, "payments", sql,
                            [(item, "2026-01", "paid"), (item, "2026-01", "bogus")])
    assert demo_db.execute("SELECT count(*) FROM payments").fetchone()[0] == before
    assert demo_db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
    with demo_db.atomic():
        insert_checked_once(demo_db, "payments", sql, [(item, "2026-01", "failed")])
    assert demo_db.execute("SELECT count(*) FROM payments").fetchone()[0] == before + 1
    with pytest.raises(sqlite3.IntegrityError):         # the constraint is back on
        demo_db.execute("INSERT INTO payments (item_id, period, status) VALUES (?, ?, 'x')",
                        [item, "2026-01"])
