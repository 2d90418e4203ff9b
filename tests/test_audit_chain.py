"""The audit log: who/when/what/before/after, hash chain, append-only, verify finds tampering."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ykt_desktop.audit.chain import chain_head, record
from ykt_desktop.audit.query import AuditFilter, entry_ids, fetch
from ykt_desktop.audit.verify import head_is_ancestor, verify_chain
from ykt_desktop.cli import main
from ykt_desktop.progress import run
from ykt_desktop.security.session import Session, attach
from ykt_desktop.storage import DB_ERRORS, db_path, open_db


def _entries(db, table):
    return db.execute("SELECT action, by_user, row_id, before, after FROM audit_log "
                      "WHERE table_name = ? ORDER BY id", [table]).fetchall()


def test_changes_are_recorded_with_user_and_values(demo_db):
    attach(demo_db, Session("zhang", "county_admin", "420999000000"))
    with demo_db.atomic():
        demo_db.execute("UPDATE households SET phone = '13900000000' WHERE id = 1")
        demo_db.execute("UPDATE households SET phone = '13900000000' WHERE id = 1")  # no change
        demo_db.execute("DELETE FROM statements WHERE id = 1")
    rows = _entries(demo_db, "households")
    assert len(rows) == 1
    action, user, row_id, before, after = rows[0]
    assert (action, user, row_id) == ("update", "zhang", 1)
    assert json.loads(after)["phone"] == "13900000000"
    assert json.loads(before)["phone"] != "13900000000"
    deleted = _entries(demo_db, "statements")[-1]
    assert deleted[0] == "delete" and deleted[4] is None and json.loads(deleted[3])["id"] == 1


def test_every_audited_table_has_triggers(demo_db):
    from ykt_desktop.audit.triggers import AUDITED_TABLES

    names = {r[0] for r in demo_db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    for table in AUDITED_TABLES:
        for action in ("insert", "update", "delete"):
            assert f"audit_{table}_{action}" in names


def test_new_columns_are_audited_after_reopen(tmp_path):
    db = open_db(tmp_path / "a.db")
    db.execute("ALTER TABLE households ADD COLUMN extra TEXT")
    db.close()
    db = open_db(tmp_path / "a.db")
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_households_update'")
    assert "NEW.extra" in sql.fetchone()[0]


def test_password_hash_never_logged(empty_db):
    from ykt_desktop.security.users import add_user

    add_user(empty_db, "admin", "county_admin", "Secret123", unit_code="420999000000")
    stored = empty_db.execute("SELECT password_hash FROM users").fetchone()[0]
    text = " ".join(str(r) for r in empty_db.execute("SELECT before, after FROM audit_log"))
    assert "admin" in text and stored not in text and "argon2" not in text


def test_log_is_append_only(demo_db):
    demo_db.execute("UPDATE households SET notes = 'n' WHERE id = 2")
    for sql in ("UPDATE audit_log SET by_user = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DB_ERRORS, match="审计日志只能追加"):
            demo_db.execute(sql)


def _tamper(path, *sqls):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for sql in sqls:
        conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.fixture
def logged(demo_path):
    db = open_db(demo_path)
    for i in range(1, 8):
        db.execute("UPDATE households SET notes = ? WHERE id = ?", [f"note {i}", i])
    record(db, "export", after={"file": "a.xlsx"})
    head = chain_head(db)
    db.close()
    return demo_path, head


def _verify(path):
    db = open_db(path)
    try:
        return run(verify_chain(db))
    finally:
        db.close()


@pytest.mark.parametrize(("sqls", "kind"), [
    (["UPDATE audit_log SET after = replace(after, 'note 3', 'note X') "
      "WHERE after LIKE '%note 3%'"], "edited"),
    (["DELETE FROM audit_log WHERE id = 4"], "missing"),
    (["UPDATE audit_log SET id = -id WHERE id IN (3, 4)",
      "UPDATE audit_log SET id = 4 WHERE id = -3", "UPDATE audit_log SET id = 3 WHERE id = -4"],
     "edited"),
])
def test_verify_finds_tampering(logged, sqls, kind):
    path, _ = logged
    assert _verify(path).ok
    _tamper(path, *sqls)
    result = _verify(path)
    assert not result.ok
    assert kind in {p.kind for p in result.problems}
    assert main(["audit", "verify", "--db", str(path)]) == 1


def test_head_shows_rewritten_history(logged):
    path, head = logged
    db = open_db(path)
    assert head_is_ancestor(db, head)
    db.execute("UPDATE households SET notes = 'later' WHERE id = 9")
    assert chain_head(db) != head and head_is_ancestor(db, head)
    db.close()
    _tamper(path, f"DELETE FROM audit_log WHERE id >= {head.split(':')[0]}")
    db = open_db(path)
    assert not head_is_ancestor(db, head)
    db.close()


def test_demo_load_is_one_summary_entry(demo_db):
    rows = demo_db.execute("SELECT after FROM audit_log WHERE action = 'import'").fetchall()
    assert len(rows) == 1
    summary = json.loads(rows[0][0])
    assert summary["kind"] == "demo" and summary["tables"]["households"]["after"][0] == 90
    assert demo_db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'payments'"
                           ).fetchone()[0] == 0


def test_query_filters_and_masks(demo_db, capsys):
    idn = demo_db.execute("SELECT id_number FROM persons WHERE id = 5").fetchone()[0]
    demo_db.execute("UPDATE persons SET notes = 'checked' WHERE id = 5")
    ids = entry_ids(demo_db, AuditFilter(table_name="persons", action="update"))
    assert len(ids) == 1
    attach(demo_db, Session("c", "village_clerk", "420999100200"))
    row = fetch(demo_db, ids)[ids[0]]         # 记录 names the person, 修改前/后 the field
    assert idn not in row[5] and row[6] == "备注：（空）" and row[7] == "备注：checked"
    attach(demo_db, Session("i", "inspector"))
    assert idn not in fetch(demo_db, ids)[ids[0]][5]
    attach(demo_db, Session("a", "county_admin", "420999000000"))
    assert idn in fetch(demo_db, ids)[ids[0]][5]
    assert main(["audit", "show", "--db", str(db_path(demo_db)), "--table", "persons"]) == 0
    out = capsys.readouterr().out
    assert "人" in out and "persons" not in out
