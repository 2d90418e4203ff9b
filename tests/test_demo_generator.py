"""The demo county: deterministic, realistic, and its ground truth matches the data."""

import json
import sqlite3

import pytest

from tests.conftest import SMALL_DEMO
from ykt_desktop import idcard
from ykt_desktop.demo.generator import DemoError, DemoParams, generate_demo
from ykt_desktop.demo.truth import RULES, truth_path
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

DUMP_TABLES = ("regions", "households", "persons", "members", "cards", "payments", "statements",
               "cadre_list", "death_list", "verifications")


def dump(path):
    """Every row of the data tables, without the wall-clock columns."""
    conn = sqlite3.connect(path)
    out = {}
    for table in DUMP_TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("created_at", "updated_at")]
        out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
    return out


def test_same_seed_same_county(tmp_path, demo_path):
    other = tmp_path / "again.db"
    run(generate_demo(open_db(other), SMALL_DEMO))
    assert dump(other) == dump(demo_path)
    truth_a = json.loads(truth_path(other).read_text(encoding="utf-8"))["truth"]
    truth_b = json.loads(truth_path(demo_path).read_text(encoding="utf-8"))["truth"]
    assert truth_a == truth_b


def test_other_seed_other_county(tmp_path, demo_path):
    other = tmp_path / "seed8.db"
    params = DemoParams(villages=3, households_per_village=30, seed=8, townships=2)
    run(generate_demo(open_db(other), params))
    assert dump(other)["persons"] != dump(demo_path)["persons"]


def test_every_rule_has_injected_cases(demo_truth):
    assert set(demo_truth) == set(RULES)
    for rule in RULES:
        assert demo_truth[rule], rule


def test_shape_of_the_county(demo_db):
    one = lambda sql: demo_db.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM regions WHERE level='township'") == 2
    assert one("SELECT count(*) FROM regions WHERE level='village'") == 3
    assert one("SELECT count(*) FROM households") == 90
    assert one("SELECT count(*) FROM households WHERE head_person_id IS NULL") == 0
    # every household's head is one of its members, related as 户主
    assert one("SELECT count(*) FROM households h JOIN members m ON m.household_id = h.id "
               "AND m.person_id = h.head_person_id WHERE m.relation = '户主'") == 90
    persons = one("SELECT count(*) FROM persons")
    assert 2.3 <= persons / 90 <= 4.5
    assert one("SELECT count(DISTINCT item_id) FROM payments") >= 5
    assert one("SELECT count(DISTINCT period) FROM payments WHERE length(period) = 7") == 12


def test_ids_valid_and_consistent_except_injected(demo_db, demo_truth):
    for number, birth, sex in demo_db.execute("SELECT id_number, birth_date, sex FROM persons"):
        if number in demo_truth["invalid_id"]:
            assert not idcard.is_valid(number)
            continue
        info = idcard.parse(number)
        assert info.birth_date.isoformat() == birth
        assert info.sex == sex
        assert number[:6] in ("420999", "420998")


def test_truth_matches_data_invalid_and_two_households(demo_db, demo_truth):
    multi = {r[0] for r in demo_db.execute(
        "SELECT p.id_number FROM persons p JOIN members m ON m.person_id = p.id "
        "GROUP BY p.id HAVING count(*) > 1")}
    assert multi == demo_truth["id_in_two_households"]


def test_truth_matches_data_cards(demo_db, demo_truth):
    held = {r[0] for r in demo_db.execute(
        "SELECT card_number FROM cards WHERE custodian IN ('cadre','other','family') "
        "AND consent = 0")}
    assert held == demo_truth["card_held_by_other"]
    multi = {r[0] for r in demo_db.execute(
        "SELECT p.id_number FROM cards c JOIN persons p ON p.id = c.person_id "
        "WHERE c.card_type IN ('passbook','bank') GROUP BY p.id HAVING count(*) >= 2")}
    assert multi == demo_truth["multi_subsidy_cards"]


def test_truth_matches_data_dead_paid(demo_db, demo_truth):
    rows = demo_db.execute("""
        WITH dead AS (
            SELECT id, id_number, death_date FROM persons WHERE status = 'dead'
            UNION SELECT p.id, p.id_number, d.death_date FROM persons p
                  JOIN death_list d ON d.id_number = p.id_number)
        SELECT DISTINCT dead.id_number FROM dead JOIN payments pay ON pay.person_id = dead.id
        WHERE pay.status = 'paid' AND length(pay.period) = 7
          AND pay.period > substr(dead.death_date, 1, 7)""").fetchall()
    assert {r[0] for r in rows} == demo_truth["dead_paid"]


def test_truth_matches_data_incompatible(demo_db, demo_truth):
    rows = demo_db.execute("""
        SELECT DISTINCT p.id_number || '|' || r.item_a || '|' || r.item_b
        FROM incompatible_items r
        JOIN subsidy_items a ON a.code = r.item_a JOIN subsidy_items b ON b.code = r.item_b
        JOIN payments x ON x.item_id = a.id AND x.status = 'paid'
        JOIN payments y ON y.item_id = b.id AND y.status = 'paid'
             AND y.person_id = x.person_id AND y.period = x.period
        JOIN persons p ON p.id = x.person_id""").fetchall()
    assert {r[0] for r in rows} == demo_truth["incompatible_items"]


def test_truth_matches_data_payment_rows(demo_db, demo_truth):
    sums = demo_db.execute("""
        SELECT p.id_number || '|' || i.code || '|' || pay.period,
               sum(CASE WHEN pay.status = 'paid' THEN pay.amount_paid ELSE 0 END),
               max(pay.standard), max(pay.amount_due), sum(pay.status = 'failed'),
               sum(pay.status = 'paid')
        FROM payments pay JOIN persons p ON p.id = pay.person_id
        JOIN subsidy_items i ON i.id = pay.item_id GROUP BY pay.person_id, pay.item_id, pay.period
    """).fetchall()
    over = {k for k, paid, std, due, failed, ok in sums if ok and paid > std + 0.005}
    short = {k for k, paid, std, due, failed, ok in sums if ok and paid < due - 0.005}
    failed = {k for k, paid, std, due, failed, ok in sums if failed and not ok}
    assert over == demo_truth["over_standard"]
    assert short == demo_truth["short_paid"]
    assert failed == demo_truth["failed_not_resent"]


def test_demo_refuses_a_database_with_households(demo_db):
    with pytest.raises(DemoError):
        run(generate_demo(demo_db, SMALL_DEMO))


def test_cancelled_demo_leaves_no_households(tmp_path):
    db = open_db(tmp_path / "cancel.db")
    job = generate_demo(db, DemoParams(villages=4, households_per_village=10))
    next(job)  # first village written inside the transaction
    job.close()  # the user pressed 取消
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM payments").fetchone()[0] == 0
