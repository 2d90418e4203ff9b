"""A transaction that reads, then writes, beside another writer (the tally's one-minute soak:
the household form's save failed with "database is locked" while a checks job stored its
findings). With a plain BEGIN the first read fixed a snapshot; the other connection's commit
made it stale and SQLite refused the write at once, whatever the busy timeout. The saves that
read before they write now begin with BEGIN IMMEDIATE (``write_transaction``): the other writer
waits for the lock instead."""

from __future__ import annotations

import threading
import time

from tests.conftest import copy_db
from ykt_desktop.db.database import write_transaction
from ykt_desktop.storage import handle_of, open_db


def test_read_then_write_beside_another_writer(demo_path, tmp_path):
    db = open_db(copy_db(demo_path, tmp_path / "c.db"))
    handle = handle_of(db)
    hid = db.execute("SELECT min(id) FROM households").fetchone()[0]
    errors: list[BaseException] = []

    def job_writes() -> None:      # a job on its own thread, with its own connection
        other = handle.connect()
        try:
            with write_transaction(other):    # store_findings
                other.execute("UPDATE households SET phone = '13900000000' WHERE id = ?",
                              [hid + 1])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            other.close()

    with write_transaction(db):                 # save_household: version read, then written
        db.execute("SELECT notes FROM households WHERE id = ?", [hid]).fetchone()
        writer = threading.Thread(target=job_writes)
        writer.start()
        time.sleep(0.5)                          # the job has tried to commit meanwhile
        db.execute("UPDATE households SET notes = '已核对' WHERE id = ?", [hid])    # saved
    writer.join(35)
    assert not errors, errors
    assert db.execute("SELECT notes FROM households WHERE id = ?", [hid]).fetchone()[0] == "已核对"
    assert db.execute("SELECT phone FROM households WHERE id = ?",
                      [hid + 1]).fetchone()[0] == "13900000000"
    db.close()


def test_nested_atomic_is_a_savepoint(demo_path, tmp_path):
    db = open_db(copy_db(demo_path, tmp_path / "c.db"))
    hid = db.execute("SELECT min(id) FROM households").fetchone()[0]
    with write_transaction(db):
        db.execute("UPDATE households SET notes = '外层' WHERE id = ?", [hid])
        try:
            with write_transaction(db):
                db.execute("UPDATE households SET notes = '内层' WHERE id = ?", [hid])
                raise ValueError
        except ValueError:
            pass
    assert db.execute("SELECT notes FROM households WHERE id = ?", [hid]).fetchone()[0] == "外层"
    db.close()
