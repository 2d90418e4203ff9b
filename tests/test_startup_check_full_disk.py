"""The start check calls a file damaged only when the file is shown damaged (review of issue 12:
on a full disk the window called an intact database damaged and one click replaced it with an
older backup). A check that cannot run — no disk space, an I/O error, a lock — offers nothing."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import copy_db
from ykt_desktop import recovery


def _error(message: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize("check", [recovery.open_check, recovery.startup_check])
@pytest.mark.parametrize("exc", [_error("database or disk is full", 13),
                                 _error("disk I/O error", 10),
                                 _error("database is locked", 5),
                                 PermissionError(13, "Permission denied")])
def test_a_check_that_cannot_run_offers_no_restore(demo_path, tmp_path, monkeypatch, check, exc):
    live = copy_db(demo_path, tmp_path / "live.db")

    def cannot(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr(recovery, "connect", cannot)
    status = check(live)
    assert status.intact and status.good_backup is None


def test_a_damaged_file_is_still_called_damaged(demo_path, tmp_path):
    live = copy_db(demo_path, tmp_path / "live.db")
    data = bytearray(live.read_bytes())
    data[4096 * 3:4096 * 6] = b"\xff" * (4096 * 3)      # pages overwritten
    live.write_bytes(bytes(data))
    assert not recovery.startup_check(live).intact
    head = tmp_path / "head.db"
    head.write_bytes(b"not a database at all" * 300)
    assert not recovery.open_check(head).intact


def test_damage_is_told_by_the_error():
    assert recovery.is_damage(_error("database disk image is malformed", 11))
    assert recovery.is_damage(_error("file is not a database", 26))
    assert not recovery.is_damage(_error("database or disk is full", 13))
    assert not recovery.is_damage(OSError(28, "No space left on device"))
