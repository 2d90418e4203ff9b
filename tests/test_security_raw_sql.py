"""Raw SQL of a logged-in user cannot change the schema or the audit log (issue 14, item 3)."""

from __future__ import annotations

import pytest

from ykt_desktop.audit.bulk import bulk_load, insert_trigger_paused
from ykt_desktop.security import users
from ykt_desktop.storage import DB_ERRORS

UNITS = {"county_admin": "420999000000",     # first: the first user must administer
         "village_clerk": "420999100200", "township_reviewer": "420999100000", "inspector": ""}

PROBES = [
    "DROP TRIGGER audit_log_no_delete",
    "DROP TRIGGER audit_log_no_update",
    "DROP TRIGGER audit_households_insert",
    "DROP TRIGGER audit_checkpoints_no_delete",
    "DELETE FROM audit_log",
    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    "UPDATE audit_log SET by_user = 'x' WHERE id = 1",
    "DELETE FROM audit_checkpoints",
    "UPDATE audit_checkpoints SET signature = ''",
    "INSERT INTO audit_checkpoints(at, entry_id, entry_hash, reason, unit_code, "
    "cert_fingerprint, prev_signature, signature) VALUES ('', 1, '', '', '', '', '', '')",
    "CREATE TRIGGER evil AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END",
    "CREATE TABLE evil(x)",
    "ALTER TABLE audit_log RENAME TO old_log",
    "ALTER TABLE audit_log ADD COLUMN x TEXT",
    "DROP TABLE audit_log",
    "DROP TABLE audit_checkpoints",
    "DROP INDEX idx_audit_at",
    "CREATE VIEW evil AS SELECT 1",
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA writable_schema = ON",
    "SELECT ykt_session_set('audit', '0')",
    "SELECT ykt_session_set('user', 'someone_else')",
    # review of issue 14: a forged entry, chain heads, temp triggers, the key, pragmas
    "INSERT INTO audit_log(id, at, by_user, action, table_name, row_id, before, after, "
    "prev_hash, hash) SELECT max(id) + 1, '', 'boss', 'x', '', NULL, NULL, NULL, '', '' "
    "FROM audit_log",
    "INSERT INTO audit_chain_findings(unit_code, unit_name, filename, package_sha256, kind, "
    "message) VALUES ('', '', '', '', '', '')",
    "DELETE FROM submissions",
    # the heads sent upward (m170_audit_head)
    "DELETE FROM audit_heads",
    "UPDATE audit_heads SET entry_id = 1",
    "INSERT INTO audit_heads(kind, entry_id, entry_hash) VALUES ('package', 1, '')",
    "DROP TRIGGER audit_heads_no_delete",
    "CREATE TEMP TRIGGER evil AFTER UPDATE ON payments BEGIN SELECT 1; END",
    "SELECT key_pem FROM unit_keys",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA trusted_schema = ON",
]


@pytest.fixture
def accounts(demo_db):
    for role, unit in UNITS.items():
        users.add_user(demo_db, role, role, "Pass1234x", unit_code=unit, must_change=False)
    return demo_db


def _schema(db) -> list:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


@pytest.mark.parametrize("role", sorted(UNITS))
def test_every_role_refused_ddl_and_audit_writes(accounts, role):
    db = accounts
    users.log_in(db, role, "Pass1234x")
    schema, log = _schema(db), db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for sql in PROBES:
        with pytest.raises(DB_ERRORS, match="not authorized|prohibited"):
            db.execute(sql)
    assert _schema(db) == schema
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == log
    guard_triggers = db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'"
                                ).fetchall()
    for (name,) in guard_triggers:
        with pytest.raises(DB_ERRORS, match="not authorized"):
            db.execute(f"DROP TRIGGER temp.{name}")


def test_app_steps_still_work_for_a_clerk(accounts):
    """A bulk load pausing its audit trigger (DDL inside the app's own step) still runs; the
    same statement typed as raw SQL does not."""
    db = accounts
    users.log_in(db, "village_clerk", "Pass1234x")
    with db.atomic(), bulk_load(db, "test", backup=False), insert_trigger_paused(db, "households"):
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_households_insert'"
                              ).fetchone()
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_households_insert'"
                      ).fetchone()
    assert db.execute("SELECT ykt_session_get('audit')").fetchone()[0] == "1"
    with pytest.raises(DB_ERRORS, match="not authorized"):
        db.execute("DROP TRIGGER audit_households_insert")


def test_logout_lifts_the_guard(accounts):
    from ykt_desktop.security.session import detach

    db = accounts
    users.log_in(db, "village_clerk", "Pass1234x")
    detach(db)
    db.execute("CREATE TEMP TABLE scratch(x)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_probe ON households(village_code)")
    db.execute("DROP INDEX idx_probe")
