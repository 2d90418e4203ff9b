"""Desk-made forms injected into the demo county are flagged by the five checks, and nothing
of the untouched demo is (their parameters are editable)."""

from __future__ import annotations

from ykt_desktop.campaign.desk_demo import inject_desk_forms
from ykt_desktop.campaign.paradata import record_prints
from ykt_desktop.checks.params import save_params
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.progress import run

DESK = ("desk_visit_rate", "desk_visit_timing", "desk_same_signature", "desk_identical_forms",
        "desk_backcheck_rate")


def _keys(db, rule: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT subject_key FROM findings WHERE rule = ?", [rule])}


def test_clean_demo_raises_none(demo_db):
    run(run_checks(demo_db, list(DESK)))
    assert {rule: _keys(demo_db, rule) for rule in DESK} == {rule: set() for rule in DESK}


def test_injected_desk_forms_are_flagged(demo_db):
    truth = inject_desk_forms(demo_db)
    run(run_checks(demo_db, list(DESK)))
    for rule in ("desk_visit_rate", "desk_visit_timing", "desk_same_signature",
                 "desk_backcheck_rate"):
        assert _keys(demo_db, rule) == truth[rule], rule
    identical = demo_db.execute("SELECT evidence FROM findings WHERE rule = "
                                "'desk_identical_forms'").fetchall()
    assert len(identical) == 1
    ids = sorted(int(h) for h in truth["_identical_households"])
    hh_nos = {demo_db.execute("SELECT hh_no FROM households WHERE id = ?", [h]).fetchone()[0]
              for h in ids}
    assert all(no in identical[0][0] for no in hh_nos)


def test_parameters_change_what_is_flagged(demo_db):
    inject_desk_forms(demo_db)
    save_params(demo_db, {"desk_max_visits_per_day": 40, "desk_max_visits_per_hour": 10,
                          "desk_backcheck_max_rate": 1.0})
    run(run_checks(demo_db, ["desk_visit_rate", "desk_backcheck_rate"]))
    assert not _keys(demo_db, "desk_visit_rate") and not _keys(demo_db, "desk_backcheck_rate")


def test_visits_counted_per_person_not_per_team_text(demo_db):
    ids = [r[0] for r in demo_db.execute(
        "SELECT household_id FROM verifications WHERE result = 'verified' "
        "GROUP BY household_id ORDER BY household_id LIMIT 24")]
    assert len(ids) == 24
    save_params(demo_db, {"desk_max_visits_per_day": 12})
    teams = ("郑躲", "郑躲 王甲", "郑躲、王乙")
    for n, hid in enumerate(ids):
        demo_db.execute("UPDATE verifications SET verifiers = ?, visit_date = '2026-06-02', "
                        "visit_time = '' WHERE household_id = ?", [teams[n % 3], hid])
    run(run_checks(demo_db, ["desk_visit_rate"]))
    keys = _keys(demo_db, "desk_visit_rate")
    assert "desk_rate:day:郑躲:2026-06-02:" in keys
    assert not any("王甲" in k or "王乙" in k for k in keys)


def test_printing_records_the_time(demo_db, tmp_path):
    from ykt_desktop.forms_pdf.household_form import print_forms

    hid = demo_db.execute("SELECT min(id) FROM households").fetchone()[0]
    run(print_forms(demo_db, tmp_path / "f.pdf", household_ids=[hid]))
    assert demo_db.execute("SELECT count(*) FROM form_prints WHERE household_id = ?",
                           [hid]).fetchone()[0] == 1
    assert record_prints(demo_db, []) == 0


def test_a_visit_dated_after_the_package_that_carried_it(demo_db):
    hid, village = demo_db.execute("SELECT id, village_code FROM households ORDER BY id "
                                   "LIMIT 1").fetchone()
    late = demo_db.execute(
        "INSERT INTO verifications(household_id, visit_date, verifiers, result, created_at) "
        "VALUES (?, '2026-04-20', '王五', 'verified', '2026-04-01 09:00:00')", [hid]).lastrowid
    demo_db.execute(
        "INSERT INTO verifications(household_id, visit_date, verifiers, result, created_at) "
        "VALUES (?, '2026-04-20', '王五', 'verified', '2026-04-21 09:00:00')", [hid])
    demo_db.execute("INSERT INTO submissions(direction, unit_code, period, package_sha256, "
                    "created_at) VALUES ('out', ?, '2026-03', 'x', '2026-04-02T10:00:00')",
                    [village[:9] + "000"])
    run(run_checks(demo_db, ["desk_visit_timing"]))
    assert _keys(demo_db, "desk_visit_timing") == {f"desk_after_package:{late}"}


def test_a_visit_entered_before_the_print_is_not_flagged(demo_db):
    hid = demo_db.execute("SELECT min(id) FROM households").fetchone()[0]
    early = demo_db.execute(
        "INSERT INTO verifications(household_id, visit_date, verifiers, result, created_at) "
        "VALUES (?, '2026-03-01', '王五', 'verified', '2026-03-02 09:00:00')", [hid]).lastrowid
    desk = demo_db.execute(
        "INSERT INTO verifications(household_id, visit_date, verifiers, result, created_at) "
        "VALUES (?, '2026-05-01', '王五', 'verified', '2026-06-09 09:00:00')", [hid]).lastrowid
    demo_db.execute("INSERT INTO form_prints(household_id, printed_at) VALUES "
                    "(?, '2026-06-01T08:00:00')", [hid])
    run(run_checks(demo_db, ["desk_visit_timing"]))
    keys = _keys(demo_db, "desk_visit_timing")
    assert f"desk_before_print:{desk}" in keys and f"desk_before_print:{early}" not in keys
