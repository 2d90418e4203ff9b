"""An inspector's read-only connection still runs reads that use an eponymous virtual table
(json_each registers itself in the schema on first use), and cannot make the schema writable."""

from __future__ import annotations

import pytest

from ykt_desktop.security import users
from ykt_desktop.security.session import detach
from ykt_desktop.storage import DB_ERRORS, open_db


def test_inspector_reads_with_json_each_but_cannot_write_the_schema(tmp_path):
    path = tmp_path / "i.db"
    db = open_db(path)
    users.add_user(db, "admin", "county_admin", "Guanli2567qz", unit_code="420999000000")
    users.add_user(db, "jj", "inspector", "Work2567qz", unit_code="")
    db.close()
    db = open_db(path)                     # a fresh connection: json_each not used on it yet
    users.log_in(db, "jj", "Work2567qz")
    assert db.execute("SELECT count(*) FROM issues WHERE id IN "
                      "(SELECT value FROM json_each(?))", ["[1, 2]"]).fetchone() == (0,)
    with pytest.raises(DB_ERRORS):
        db.execute("PRAGMA writable_schema = 1")
    with pytest.raises(DB_ERRORS):
        db.execute("UPDATE sqlite_master SET sql = '' WHERE name = 'issues'")
    detach(db)
    db.close()
