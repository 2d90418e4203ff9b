"""m080_security: empty -> latest creates the audit triggers; applying again changes nothing."""

from __future__ import annotations

from ykt_desktop import migrations
from ykt_desktop.audit.triggers import AUDITED_TABLES, PROTECT_SQL, ensure
from ykt_desktop.storage import open_db


def _triggers(db) -> dict[str, str]:
    return dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def test_empty_to_latest_and_twice(tmp_path):
    db = open_db(tmp_path / "m.db", migrate=False)
    assert not _triggers(db)
    migrations.migrate(db, backup=False)
    first = _triggers(db)
    audit = [n for n in first if n.startswith("audit_")]
    assert len(audit) == 3 * len(AUDITED_TABLES) + len(PROTECT_SQL)
    assert migrations.migrate(db, backup=False) == []
    assert ensure(db) == 0 and _triggers(db) == first
    db.close()
    again = open_db(tmp_path / "m.db")
    assert _triggers(again) == first
    again.close()
