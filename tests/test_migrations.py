import sqlite3

from ykt_desktop import migrations
from ykt_desktop.backup import list_backups
from ykt_desktop.storage import open_db


def test_empty_to_latest_has_every_table(tmp_path):
    db = open_db(tmp_path / "a.db")
    expected = {"settings", "regions", "households", "persons", "members", "cards",
                "subsidy_items", "incompatible_items", "issue_categories", "payments",
                "statements", "death_list", "cadre_list", "import_batches", "attachments",
                "verifications", "findings", "issues", "issue_events", "publicity", "postings",
                "return_drafts", "users", "audit_log", "submissions", "unit_keys"}
    assert expected <= set(db.table_names())
    assert migrations.pending(db) == []


def test_applying_twice_changes_nothing(tmp_path):
    path = tmp_path / "b.db"
    db = open_db(path)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert migrations.migrate(db) == []
    for migration_set in migrations.migration_sets():
        migration_set.apply(db)
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == applied
    db.close()
    again = open_db(path)
    assert again.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_pragmas(tmp_path):
    db = open_db(tmp_path / "c.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_backup_taken_before_pending_migrations(tmp_path):
    path = tmp_path / "d.db"
    db = open_db(path)
    db.execute("INSERT INTO settings(key, value) VALUES ('marker', '1')")
    # Pretend the last foundation migration has not run yet.
    db.execute("DROP TABLE unit_keys")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_unit_keys'")
    db.close()
    db = open_db(path)
    assert "unit_keys" in db.table_names()
    backups = list_backups(path)
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT value FROM settings WHERE key='marker'").fetchone() == ("1",)
    assert "unit_keys" not in {r[0] for r in copy.execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}


def test_no_backup_for_a_brand_new_file(tmp_path):
    open_db(tmp_path / "e.db")
    assert list_backups(tmp_path / "e.db") == []
