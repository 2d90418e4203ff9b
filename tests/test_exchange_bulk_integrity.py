"""The fast apply still refuses what the row checks refused, and leaves the database whole.

The apply runs with CHECK constraints, foreign keys and the audit triggers off for its
transaction and checks constraints once at the end: a package whose rows break a CHECK or point
at a missing row is refused with a Chinese reason and nothing of it is written; after a good
import every trigger and index is back and the audit chain verifies.
"""

from __future__ import annotations

import pytest
from exchange_support import copy_chain, export, make_chain, send

from ykt_desktop.audit.triggers import ensure as ensure_triggers
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.exchange import preview as preview_mod
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.importer import verify_package
from ykt_desktop.exchange.integrity import _clauses, check_clauses
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

COUNTED = ("persons", "households", "members", "cards", "payments", "audit_log")


@pytest.fixture(scope="module")
def base_chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("exchange-integrity"))


@pytest.fixture
def chain(base_chain, tmp_path):
    return copy_chain(base_chain, tmp_path / "chain")


def _counts(path) -> dict[str, int]:
    db = open_db(path)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        db.close()


def _schema(path) -> set[tuple[str, str]]:
    db = open_db(path)
    try:
        return set(db.execute("SELECT name, sql FROM sqlite_master WHERE type IN "
                              "('index', 'trigger') AND sql IS NOT NULL").fetchall())
    finally:
        db.close()


def _spoil_village(path, sql: str, params: list) -> None:
    """Write a row the schema would refuse, as a damaged or hand-edited database could hold."""
    db = open_db(path)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA ignore_check_constraints = ON")
    with db.atomic():
        db.execute(sql, params)
    db.close()


def _refused(chain, tmp_path, sql: str, params: list) -> PackageError:
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    _spoil_village(chain.villages[village], sql, params)
    before, schema = _counts(town), _schema(town)
    with pytest.raises(PackageError) as caught:
        send(town, export(chain.villages[village], tmp_path / "v.ykt"))
    assert caught.value.reason == "inconsistent"
    assert "未导入任何数据" in str(caught.value)
    assert _counts(town) == before            # nothing written, not even the audit summary
    assert _schema(town) == schema            # triggers and indexes all back
    db = open_db(town)
    try:                                      # the connection checks CHECKs again
        assert db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
    finally:
        db.close()
    return caught.value


def test_a_check_violation_is_refused_and_nothing_is_written(chain, tmp_path):
    error = _refused(chain, tmp_path, "UPDATE persons SET sex = 'X' WHERE id = "
                     "(SELECT min(person_id) FROM members)", [])
    assert "persons" in str(error) and "sex IN" in str(error)


def test_a_missing_parent_is_refused_and_nothing_is_written(chain, tmp_path):
    village = next(iter(chain.villages))
    error = _refused(chain, tmp_path, "UPDATE payments SET village_code = ? WHERE id = "
                     "(SELECT min(id) FROM payments)", [village[:-3] + "999"])
    assert "payments" in str(error) and "village_code" in str(error) and "regions" in str(error)


def test_after_a_bulk_import_triggers_indexes_and_the_audit_chain_are_intact(chain, tmp_path):
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    schema = _schema(town)
    result = send(town, export(chain.villages[village], tmp_path / "v.ykt"))
    assert result.outcome == "imported" and result.counts["persons"] > 0
    assert _schema(town) == schema
    db = open_db(town)
    try:
        assert ensure_triggers(db) == 0           # every audit trigger exactly as generated
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert run(verify_chain(db)).ok
        last = db.execute("SELECT action, table_name FROM audit_log ORDER BY id DESC LIMIT 1"
                          ).fetchone()
        assert last == ("import", "package")
        person = db.execute("SELECT id FROM persons LIMIT 1").fetchone()[0]
        with db.atomic():                         # per-row auditing works again afterwards
            db.execute("UPDATE persons SET notes = 'x' WHERE id = ?", [person])
        assert db.execute("SELECT table_name, row_id FROM audit_log ORDER BY id DESC LIMIT 1"
                          ).fetchone() == ("persons", person)
    finally:
        db.close()


def test_preview_counts_new_persons_the_same_without_reading_them_again(chain, tmp_path,
                                                                          monkeypatch):
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    package = export(chain.villages[village], tmp_path / "v.ykt")
    db = open_db(town)
    try:
        pkg = verify_package(db, package)
        fast = preview_mod.preview_package(db, pkg)
        monkeypatch.setattr(preview_mod, "_new_persons", lambda *args: False)
        slow = preview_mod.preview_package(db, pkg)
        pkg.close()
    finally:
        db.close()
    assert fast.villages == slow.villages
    assert fast.total("persons").added > 0


def test_check_clauses_are_read_from_the_schema():
    sql = ("CREATE TABLE t (a TEXT CHECK (a IN ('x', 'y)')), -- CHECK (not this)\n"
           "b TEXT DEFAULT 'CHECK (no)', checker INT, /* CHECK (nor this) */ "
           "c INT CHECK (c > (1 + 2)), "
           "CONSTRAINT k CHECK(a <> b))")
    assert _clauses(sql) == ["a IN ('x', 'y)')", "c > (1 + 2)", "a <> b"]


def test_check_clauses_of_the_real_tables(empty_db):
    assert check_clauses(empty_db, "persons") == [
        "sex IN ('', 'M', 'F')", "status IN ('normal','dead','moved','prison','missing')"]
    assert check_clauses(empty_db, "members") == []


def test_a_batch_rebuilds_every_index_and_trigger_and_restarts_the_collector(
        chain, tmp_path, monkeypatch):
    import gc

    from ykt_desktop.exchange import batch
    from ykt_desktop.exchange.batch import import_batch

    monkeypatch.setattr(batch, "MIN_ROWS", 0)      # small data: still drop and rebuild indexes
    town = next(iter(chain.townships))
    packages = [export(chain.villages[v], tmp_path / f"{v}.ykt")
                for v, t in chain.parent.items() if t == town]
    schema = _schema(chain.townships[town])
    db = open_db(chain.townships[town])
    try:
        results = run(import_batch(db, packages))
        assert [r.outcome for r in results] == ["imported"] * len(packages)
        assert gc.isenabled()
        assert ensure_triggers(db) == 0
        assert run(verify_chain(db)).ok
    finally:
        db.close()
    assert _schema(chain.townships[town]) == schema
