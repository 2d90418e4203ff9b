"""进度 numbers checked against independent SQL; CLI ``progress``."""

from __future__ import annotations

from ykt_desktop.cli import main
from ykt_desktop.households import completeness


def independent(db, village: str) -> tuple:
    one = lambda sql: db.execute(sql, [village]).fetchone()[0]  # noqa: E731
    households = one("SELECT count(*) FROM households WHERE village_code = ?")
    verified = one("SELECT count(*) FROM households WHERE village_code = ? "
                   "AND verify_status = 'verified'")
    unable = one("SELECT count(*) FROM households WHERE village_code = ? "
                 "AND verify_status = 'unable'")
    persons = one("SELECT count(*) FROM members m, households h WHERE h.id = m.household_id "
                  "AND h.village_code = ?")
    checked = one("SELECT count(*) FROM members m, households h WHERE h.id = m.household_id "
                  "AND h.village_code = ? AND h.verify_status = 'verified'")
    pairs = db.execute(
        "SELECT DISTINCT person_id, item_id FROM payments WHERE household_id IN "
        "(SELECT id FROM households WHERE village_code = ?)", [village]).fetchall()
    stated = set(db.execute("SELECT person_id, item_id FROM statements").fetchall())
    confirmed = sum(1 for p in pairs if p in stated)
    return households, verified, unable, persons, checked, len(pairs), confirmed


def test_village_rows_match_independent_sql(demo_db):
    rows = completeness.area_progress(demo_db, "village")
    assert len(rows) == 3
    for r in rows:
        assert (r.households, r.verified, r.unable, r.persons, r.persons_checked, r.items,
                r.items_confirmed) == independent(demo_db, r.code)
    assert any(r.items_confirmed for r in rows) and any(r.verified for r in rows)
    towns = completeness.area_progress(demo_db, "township")
    assert sum(t.households for t in towns) == 90
    assert completeness.total(towns).items == completeness.total(rows).items


def test_groups_add_up_to_their_village(demo_db):
    village = completeness.area_progress(demo_db, "village")[0]
    groups = completeness.area_progress(demo_db, "group", under=village.code)
    total = completeness.total(groups)
    assert (total.households, total.verified, total.persons, total.items_confirmed) == (
        village.households, village.verified, village.persons, village.items_confirmed)


def test_missing_lists(demo_db):
    pending = demo_db.execute("SELECT count(*) FROM households WHERE verify_status = 'pending'"
                              ).fetchone()[0]
    assert len(completeness.missing(demo_db, "households")) == pending
    items = completeness.missing(demo_db, "items")
    expected = demo_db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT h.id, x.person_id, x.item_id FROM households h "
        "JOIN members m ON m.household_id = h.id JOIN payments x ON x.person_id = m.person_id "
        "WHERE h.verify_status = 'verified' AND NOT EXISTS (SELECT 1 FROM statements s WHERE "
        "s.person_id = x.person_id AND s.item_id = x.item_id))").fetchone()[0]
    assert len(items) == expected and expected > 0
    members = completeness.missing(demo_db, "members")
    assert {r[3] for r in members} <= {r[3] for r in items}


def test_cli_progress(demo_path, capsys):
    assert main(["--db", str(demo_path), "progress"]) == 0
    out = capsys.readouterr().out
    assert "合计\t90\t" in out
    assert main(["--db", str(demo_path), "progress", "--missing", "households",
                 "--limit", "3"]) == 0
    assert "未入户核查的户" in capsys.readouterr().out
