"""The audit chain cannot be cut or rewritten unseen (issue 14, item 2).

Seven tamperings made by hand with sqlite3 (the protective triggers dropped and, except in the
last case, put back exactly as they were): each is found by ``audit verify`` on the unit's PC and
by the township importing the unit's next package.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.exchange_support import PERIOD, export, make_chain, send
from ykt_desktop.audit import checkpoints
from ykt_desktop.audit.chain import entry_hash, record
from ykt_desktop.audit.triggers import PROTECT_SQL
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.cli import main
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

COLS = "id, at, by_user, action, table_name, row_id, before, after, prev_hash"


def _rewrite_all(conn: sqlite3.Connection, top: int) -> None:
    """Edit one entry and recompute every hash after it: the chain links up again."""
    conn.execute("UPDATE audit_log SET after = '{\"notes\": \"forged\"}' WHERE id = ?", [top - 3])
    prev = ""
    for row in conn.execute(f"SELECT {COLS} FROM audit_log ORDER BY id").fetchall():
        values = (*row[:8], prev)
        prev = entry_hash(*values)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                     [values[8], prev, row[0]])


CASES = {
    "edit": lambda c, h: c.execute("UPDATE audit_log SET after = replace(after, 'note', 'NOTE') "
                                   "WHERE id = ?", [h - 3]),
    "delete_middle": lambda c, h: c.execute("DELETE FROM audit_log WHERE id = ?", [h - 5]),
    "swap": lambda c, h: c.executescript(
        f"UPDATE audit_log SET id = -id WHERE id IN ({h - 4}, {h - 3});"
        f"UPDATE audit_log SET id = {h - 3} WHERE id = -{h - 4};"
        f"UPDATE audit_log SET id = {h - 4} WHERE id = -{h - 3};"),
    "delete_newest": lambda c, h: c.execute("DELETE FROM audit_log WHERE id = ?", [h]),
    "cut_six": lambda c, h: c.execute("DELETE FROM audit_log WHERE id > ?", [h - 6]),
    "rewrite_all": _rewrite_all,
    "drop_trigger": None,
}


def _tamper(path, case: str, head: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    if case != "drop_trigger":
        conn.execute("DROP TRIGGER audit_log_no_update")
        CASES[case](conn, head)
        for sql in PROTECT_SQL[:2]:        # put back exactly as they were: no trace left
            conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("tamper"))


@pytest.fixture
def sent(chain, tmp_path):
    """A village with some history that sent one package to its township."""
    from tests.exchange_support import copy_chain

    units = copy_chain(chain, tmp_path / "u")
    village = sorted(units.villages)[0]
    path, township = units.villages[village], units.townships[units.parent[village]]
    db = open_db(path)
    for i in range(1, 11):
        db.execute("UPDATE households SET notes = ? WHERE id = (SELECT min(id) FROM households)"
                   " + ?", [f"note {i}", i % 3])
    record(db, "export", after={"file": "a.xlsx"})
    db.close()
    first = send(township, export(path, tmp_path / "first.ykt"))
    assert first.outcome == "imported" and not first.warnings
    head = int(_scalar(path, "SELECT max(id) FROM audit_log"))
    assert _scalar(path, "SELECT max(entry_id) FROM audit_checkpoints") == head
    return path, township, head


def _scalar(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _problems(path):
    db = open_db(path)
    try:
        return run(verify_chain(db)).problems
    finally:
        db.close()


def test_untouched_log_passes_here_and_above(sent, tmp_path):
    path, township, _ = sent
    assert _problems(path) == []
    assert main(["audit", "verify", "--db", str(path)]) == 0
    second = send(township, export(path, tmp_path / "second.ykt", PERIOD))
    assert second.outcome == "imported" and second.warnings == []
    assert _scalar(township, "SELECT count(*) FROM audit_chain_findings") == 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_found_locally_and_at_the_township(sent, tmp_path, case, capsys):
    path, township, head = sent
    _tamper(path, case, head)
    problems = _problems(path)
    assert problems, case
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p.message) for p in problems)
    assert main(["audit", "verify", "--db", str(path)]) == 1
    assert "审计日志被改动" in capsys.readouterr().out
    second = send(township, export(path, tmp_path / "second.ykt"))
    assert second.outcome == "imported" and second.warnings, case
    found = _scalar(township, "SELECT count(*) FROM audit_chain_findings")
    assert found == len(second.warnings)


def test_kinds_name_truncation_and_rewrite(sent):
    path, _, head = sent
    _tamper(path, "cut_six", head)
    assert "truncated" in {p.kind for p in _problems(path)}
    assert any("截断" in p.message for p in _problems(path))


def test_rewrite_with_recomputed_hashes_links_up_but_is_found(sent):
    path, _, head = sent
    _tamper(path, "rewrite_all", head)
    kinds = {p.kind for p in _problems(path)}
    # the protective triggers were dropped and put back: the schema version moved (trigger)
    assert "rewritten" in kinds and kinds <= {"rewritten", "sent", "trigger"}, kinds


def test_forged_checkpoint_signature_is_found(sent):
    path, _, _ = sent
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_checkpoints_no_update")
    conn.execute("UPDATE audit_checkpoints SET entry_hash = 'x' || entry_hash "
                 "WHERE id = (SELECT max(id) FROM audit_checkpoints)")
    conn.execute(PROTECT_SQL[2])
    conn.commit()
    conn.close()
    assert "checkpoint" in {p.kind for p in _problems(path)}


def test_checkpoint_every_n_entries(empty_db, monkeypatch):
    from ykt_desktop.unit_keys import ensure_unit_key
    from ykt_desktop.unit_setup import init_unit

    init_unit(empty_db, level="village", code="420999100200", name="甲村")
    ensure_unit_key(empty_db)
    monkeypatch.setattr(checkpoints, "EVERY", 5)
    for i in range(12):
        record(empty_db, "probe", after={"i": i})
    made = checkpoints.all_checkpoints(empty_db)
    top = empty_db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    assert len(made) == top // 5 >= 2 and all(cp.signature_ok() for cp in made)
    assert [cp.entry_id for cp in made] == [5 * n for n in range(1, len(made) + 1)]
    assert made[1].prev_signature == made[0].signature


def test_dropped_table_trigger_is_restored_and_reported(sent, capsys):
    """Review of issue 14: an audited table's trigger dropped by hand, a change made without a
    trace, the file opened again: the trigger is back and ``audit verify`` says so."""
    path, _, _ = sent
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_households_update")
    conn.execute("UPDATE households SET notes = 'secret' WHERE id = (SELECT min(id) "
                 "FROM households)")
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert any("audit_households_update" in p.message and "未留下记录" in p.message
               for p in problems), problems
    assert _scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = "
                         "'audit_households_update'") == 1
    assert main(["audit", "verify", "--db", str(path)]) == 1
    assert "audit_households_update" in capsys.readouterr().out


def _drop_checkpoints(path, *, keep_below: int | None) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_checkpoints_no_delete")
    if keep_below is None:
        conn.execute("DELETE FROM audit_checkpoints")
    else:
        conn.execute("DELETE FROM audit_checkpoints WHERE entry_id >= ?", [keep_below])
    conn.execute(PROTECT_SQL[3])                # put back: no trace of the trigger left
    conn.commit()
    conn.close()


def test_all_checkpoints_deleted_is_reported(sent, monkeypatch):
    """Review of issue 14: a log past EVERY entries with the key in place but no checkpoint."""
    path, _, _ = sent
    monkeypatch.setattr(checkpoints, "EVERY", 5)
    _drop_checkpoints(path, keep_below=None)
    messages = [p.message for p in _problems(path)]
    # found by the missing-checkpoint check, or by the heads kept beside the file and sent
    # upward once the app wrote a new checkpoint on opening (review of issue 14)
    assert any("没有任何签名检查点" in m or "签名检查点被删除" in m for m in messages), messages


def test_checkpoints_deleted_after_a_backup_are_reported(sent):
    """The newest backup's manifest keeps the newest checkpoint outside the table."""
    from ykt_desktop.backup import backup_db

    path, _, _ = sent
    db = open_db(path)
    record(db, "export", after={"file": "b.xlsx"})
    backup_db(db, reason="manual")
    recorded = checkpoints.newest(db).entry_id
    db.close()
    _drop_checkpoints(path, keep_below=recorded)
    messages = [p.message for p in _problems(path)]
    assert any("的备份记下签名检查点" in m and f"第 {recorded:,} 条" in m
               for m in messages), messages


def test_trigger_dropped_and_recreated_around_a_change_is_found(sent, tmp_path, capsys):
    """Outside review of issue 14: a table's audit trigger dropped, a change made, the trigger
    re-created with its original text before the app opens the file again. SQLite's schema
    version moved with no entry written: recorded at open, shown by verify, sent upward."""
    path, township, _ = sent
    conn = sqlite3.connect(path)
    original = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_persons_update'"
                            ).fetchone()[0]
    conn.execute("DROP TRIGGER audit_persons_update")
    conn.execute("UPDATE persons SET name = name || '改' WHERE id = (SELECT min(id) FROM persons)")
    conn.execute(original)
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert any("数据库结构在本软件之外被改动" in p.message for p in problems), problems
    assert main(["audit", "verify", "--db", str(path)]) == 1
    assert "数据库结构在本软件之外被改动" in capsys.readouterr().out
    second = send(township, export(path, tmp_path / "second.ykt"))
    assert any("数据库结构" in w for w in second.warnings), second.warnings
    assert _scalar(township, "SELECT count(*) FROM audit_chain_findings WHERE message "
                             "LIKE '%数据库结构在本软件之外被改动%'") == 1


def test_imports_and_the_apps_own_schema_change_report_nothing(sent, tmp_path):
    """The app's own schema changes (a package import pauses the township's triggers; a change
    at open records ``schema_upgraded``) are not taken for a change made outside it."""
    from ykt_desktop.audit.head import note_upgrade
    from ykt_desktop.security.schema_guard import trusted_step

    path, township, _ = sent
    second = send(township, export(path, tmp_path / "second.ykt", PERIOD))
    assert second.outcome == "imported" and second.warnings == []
    assert _problems(township) == [] and _problems(path) == []
    db = open_db(path)
    before = db.execute("PRAGMA schema_version").fetchone()[0]
    with trusted_step(db):
        db.execute("CREATE INDEX probe_notes ON households(notes)")
    note_upgrade(db, before)
    db.close()
    assert _problems(path) == []
    assert _scalar(path, "SELECT count(*) FROM audit_log WHERE action = 'schema_upgraded'") == 1


def test_encrypting_at_setup_is_not_a_schema_change_outside(tmp_path):
    """Encrypting a plain file at setup replaces it with a copy whose schema version starts
    anew; the head kept beside it follows, so the next open reports nothing."""
    from ykt_desktop.security.encrypt_existing import encrypt_for_setup
    from ykt_desktop.unit_setup import init_unit

    path = tmp_path / "plain.db"
    db = open_db(path)
    init_unit(db, level="village", code="420999100200", name="甲村")
    record(db, "probe", after={"i": 1})
    db.close()
    new = encrypt_for_setup(path, "a-long-pass-phrase-1")
    db = open_db(path, key=new.key)
    try:
        assert run(verify_chain(db)).problems == []
    finally:
        db.close()
