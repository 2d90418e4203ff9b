"""Household search by indexes (issue 15, migration m160): the last digits of an ID or a 户编号
found by a range on the number written backwards; the first page capped, the count apart."""

from __future__ import annotations

import sqlite3

import pytest

from ykt_desktop import migrations
from ykt_desktop.households.search import (
    HouseholdFilter,
    count_matches,
    person_where,
    search_ids,
)
from ykt_desktop.storage import open_db

INDEXES = {"idx_persons_id_back", "idx_households_no_back"}


def _indexes(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_empty_to_latest_has_the_search_indexes(tmp_path):
    db = open_db(tmp_path / "e.db")
    assert INDEXES <= _indexes(db)
    assert migrations.pending(db) == []


def test_an_existing_database_gets_the_indexes(demo_path):
    raw = sqlite3.connect(demo_path)       # as a database made before migration m160
    for name in INDEXES:
        raw.execute(f"DROP INDEX {name}")
    raw.execute("DELETE FROM _sqlite_migrations WHERE migration_set = 'ykt.search'")
    raw.commit()
    raw.close()
    db = open_db(demo_path, backup=False)
    assert INDEXES <= _indexes(db)
    assert migrations.pending(db) == []


@pytest.mark.parametrize("text", ["1", "12", "123", "0001", "12345", "1234567", "3X", "x"])
def test_tail_search_uses_the_index(demo_db, text):
    where, args = person_where(text if text != "x" else "7x")
    plan = " ".join(r[3] for r in demo_db.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM persons WHERE {where}", args))
    assert "idx_persons_id_back" in plan, plan


def _expected(db, text: str) -> set[int]:
    """The plain reading of the search box: IDs ending with the digits, or 户编号 ending with
    them (4 to 14 digits), or names / initials starting with the text."""
    upper = text.upper()
    ids = {r[0] for r in db.execute(
        "SELECT m.household_id FROM members m JOIN persons p ON p.id = m.person_id "
        "WHERE p.id_number LIKE ? OR p.name LIKE ? OR p.name_initials LIKE ?",
        ["%" + upper if text[:1].isdigit() else "\x00", text + "%", text.lower() + "%"])}
    if text.isdigit() and 4 <= len(text) < 15:
        ids |= {r[0] for r in db.execute("SELECT id FROM households WHERE hh_no LIKE ?",
                                         ["%" + text])}
    return ids


def test_results_equal_the_plain_reading(demo_db):
    name, initials, number = demo_db.execute(
        "SELECT p.name, p.name_initials, p.id_number FROM persons p JOIN members m "
        "ON m.person_id = p.id ORDER BY p.id LIMIT 1 OFFSET 40").fetchone()
    hh_no = demo_db.execute("SELECT hh_no FROM households LIMIT 1 OFFSET 20").fetchone()[0]
    for text in [name[:1], name, initials[:1], initials, "1", "12", number[-4:], number[-5:],
                 number[-7:], hh_no[-4:], hh_no[-6:], hh_no[-11:]]:
        f = HouseholdFilter(text=text)
        found = search_ids(demo_db, f)
        assert set(found) == _expected(demo_db, text), text
        assert count_matches(demo_db, f) == len(found), text
        order = [r[0] for r in demo_db.execute(
            f"SELECT id FROM households WHERE id IN ({','.join('?' * len(found))}) "
            "ORDER BY hh_no", list(found))]
        assert list(found) == order, text


def test_capped_list_is_a_sorted_part_of_the_whole(demo_db):
    f = HouseholdFilter(text="1")
    whole = search_ids(demo_db, f)
    first = search_ids(demo_db, f, limit=10)
    assert len(whole) > 10 and len(first) == 10 and set(first) <= set(whole)
    hh = dict(demo_db.execute("SELECT id, hh_no FROM households").fetchall())
    assert [hh[i] for i in first] == sorted(hh[i] for i in first)
    village = demo_db.execute("SELECT village_code FROM households LIMIT 1").fetchone()[0]
    narrowed = HouseholdFilter(village=village, text="1")
    assert set(search_ids(demo_db, narrowed, limit=1000)) == set(search_ids(demo_db, narrowed))
    assert count_matches(demo_db, narrowed) == len(search_ids(demo_db, narrowed))
    for other in (HouseholdFilter(status="pending", text="1"),          # matches read first
                  HouseholdFilter(has_problems=True, text="1")):        # households first
        whole = search_ids(demo_db, other)
        assert set(search_ids(demo_db, other, limit=5000)) == set(whole)
        assert set(search_ids(demo_db, other, limit=3)) <= set(whole)
