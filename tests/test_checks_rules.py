"""Each rule on hand-made cases: what it must find and what it must leave alone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.checks_helpers import Tiny
from ykt_desktop.checks.params import save_params
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.progress import run


def keys(db, rule: str) -> set[str]:
    return run(run_checks(db, [rule])).results[0].keys


@pytest.fixture
def tiny(county_db):
    return Tiny(county_db)


def test_invalid_id(tiny):
    hh = tiny.household()
    _, good = tiny.person(hh)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    tiny.person(hh, number=bad)
    tiny.person(hh, number="4209991960050100")        # 16 digits
    assert keys(tiny.db, "invalid_id") == {bad, "4209991960050100"}


def test_id_in_two_households(tiny):
    a, b = tiny.household(), tiny.household()
    pid, number = tiny.person(a)
    tiny.person(b)
    tiny.db.execute("INSERT INTO members(household_id, person_id) VALUES (?, ?)", [b, pid])
    assert keys(tiny.db, "id_in_two_households") == {number}


def test_dead_paid_monthly_and_yearly(tiny):
    hh = tiny.household()
    p1, n1 = tiny.person(hh, status="dead", death="2025-03-15")
    tiny.pay(p1, hh, "dibao", "2025-03")                 # the death month itself: fine
    p2, n2 = tiny.person(hh, status="dead", death="2025-03-15")
    tiny.pay(p2, hh, "dibao", "2025-04")                 # after the death month
    p3, n3 = tiny.person(hh, status="dead", death="2025-03-15")
    tiny.pay(p3, hh, "jisheng_jiangli", "2025", std=960)  # yearly, same year: fine
    p4, n4 = tiny.person(hh)                             # alive in persons, on the death list
    tiny.db.execute("INSERT INTO death_list(id_number, death_date, source) VALUES (?, ?, '民政')",
                    [n4, "2024-11-02"])
    tiny.pay(p4, hh, "jisheng_jiangli", "2025", std=960)
    p5, _ = tiny.person(hh, status="dead", death="2025-03-15")
    tiny.pay(p5, hh, "dibao", "2025-05", status="failed")  # failed is not paid
    assert keys(tiny.db, "dead_paid") == {n2, n4}


def test_over_and_short_compare_sums(tiny):
    hh = tiny.household()
    p1, n1 = tiny.person(hh)
    tiny.pay(p1, hh, "dibao", "2025-01", paid=200)
    tiny.pay(p1, hh, "dibao", "2025-01", paid=200)       # two rows: 400 > 350
    p2, n2 = tiny.person(hh)
    tiny.pay(p2, hh, "dibao", "2025-01", paid=100)
    tiny.pay(p2, hh, "dibao", "2025-01", paid=250)       # 350: exactly due
    p3, n3 = tiny.person(hh)
    tiny.pay(p3, hh, "dibao", "2025-01", paid=300)       # short
    tiny.pay(p3, hh, "dibao", "2025-02", status="failed")  # nothing paid: not short
    assert keys(tiny.db, "over_standard") == {f"{n1}|dibao|2025-01"}
    assert keys(tiny.db, "short_paid") == {f"{n3}|dibao|2025-01"}
    save_params(tiny.db, {"amount_tolerance": 60})       # parameters are data
    assert keys(tiny.db, "short_paid") == set()


def test_late_payment_uses_item_deadline(tiny):
    hh = tiny.household()
    pid, number = tiny.person(hh)
    tiny.pay(pid, hh, "dibao", "2025-01", date="2025-03-02")   # Jan 31 + 30 days = Mar 2
    tiny.pay(pid, hh, "dibao", "2025-02", date="2025-03-31")   # Feb 28 + 30 = Mar 30: late
    tiny.pay(pid, hh, "jisheng_jiangli", "2025", std=960, date="2026-03-01")  # Dec 31 + 60
    tiny.pay(pid, hh, "dibao", "2025-02", paid=12.35, date="2025-03-20")   # in time: not late
    assert keys(tiny.db, "late_payment") == {f"{number}|dibao|2025-02"}
    # the finding carries the money paid late (发放不及时 columns of the returns)
    assert tiny.db.execute("SELECT amount FROM findings WHERE rule = 'late_payment'"
                           ).fetchone()[0] == 350.0


def test_wrong_card_accepts_head_for_household_items(tiny):
    hh = tiny.household()
    head, hnum = tiny.person(hh, head=True)
    kid, knum = tiny.person(hh)
    head_card, _ = tiny.card(head)
    kid_card, _ = tiny.card(kid)
    tiny.pay(kid, hh, "dibao", "2025-01", card=kid_card)
    tiny.pay(kid, hh, "dibao", "2025-02", card=head_card)      # someone else's card
    tiny.pay(head, hh, "gengdi", "2025", std=500, card=head_card)
    tiny.pay(head, hh, "gengdi", "2024", std=500, card=kid_card)  # household item, not head's
    assert keys(tiny.db, "wrong_card") == {f"{knum}|dibao|2025-02", f"{hnum}|gengdi|2024"}


def test_failed_not_resent(tiny):
    hh = tiny.household()
    pid, number = tiny.person(hh)
    tiny.pay(pid, hh, "dibao", "2025-01", status="failed")
    tiny.pay(pid, hh, "dibao", "2025-01")                      # re-sent
    tiny.pay(pid, hh, "dibao", "2025-02", status="failed")
    assert keys(tiny.db, "failed_not_resent") == {f"{number}|dibao|2025-02"}


def test_incompatible_items_same_period_only(tiny):
    hh = tiny.household()
    p1, n1 = tiny.person(hh)
    tiny.pay(p1, hh, "tekun", "2025-03", std=900)
    tiny.pay(p1, hh, "kunnan_canji", "2025-03", std=90)
    p2, _ = tiny.person(hh)
    tiny.pay(p2, hh, "kunnan_canji", "2025-01", std=90)         # moved from one to the other
    tiny.pay(p2, hh, "tekun", "2025-02", std=900)
    assert keys(tiny.db, "incompatible_items") == {f"{n1}|tekun|kunnan_canji"}


def test_eligible_not_receiving_in_last_month(tiny):
    hh = tiny.household()
    old, n_old = tiny.person(hh, born=dt.date(1935, 6, 1))     # 90 in 2025-12
    paid80, _ = tiny.person(hh, born=dt.date(1944, 1, 1))      # 81, receiving
    tiny.pay(paid80, hh, "gaoling_80", "2025-12", std=100)
    turning, n_turn = tiny.person(hh, born=dt.date(1945, 12, 31))  # 80 on the month's last day
    dead, _ = tiny.person(hh, born=dt.date(1930, 1, 1), status="dead", death="2025-01-01")
    listed, n_listed = tiny.person(hh, born=dt.date(1930, 1, 1))
    tiny.db.execute("INSERT INTO death_list(id_number, death_date) VALUES (?, '2025-02-01')",
                    [n_listed])
    young, _ = tiny.person(hh, born=dt.date(1946, 1, 1))       # 79
    tiny.pay(young, hh, "dibao", "2025-12")
    assert keys(tiny.db, "eligible_not_receiving") == {f"{n_old}|gaoling_90",
                                                       f"{n_turn}|gaoling_80"}


def test_multi_subsidy_cards_ignores_social_security(tiny):
    hh = tiny.household()
    p1, n1 = tiny.person(hh)
    tiny.card(p1, "passbook")
    tiny.card(p1, "bank")
    p2, _ = tiny.person(hh)
    tiny.card(p2, "passbook")
    tiny.card(p2, "social_security")
    tiny.card(p2, "student")
    assert keys(tiny.db, "multi_subsidy_cards") == {n1}


def test_card_held_by_other_needs_no_consent(tiny):
    hh = tiny.household()
    pid, _ = tiny.person(hh)
    _, held = tiny.card(pid, custodian="cadre", custodian_name="王主任", consent=0)
    tiny.card(pid, "passbook", custodian="family", custodian_name="儿子", consent=1)
    _, fam = tiny.card(pid, "bank", custodian="family", custodian_name="侄子", consent=0)
    assert keys(tiny.db, "card_held_by_other") == {held, fam}


def test_cadre_beneficiary_ignores_universal_items(tiny):
    hh = tiny.household()
    p1, n1 = tiny.person(hh)
    tiny.pay(p1, hh, "dibao", "2025-01")
    p2, n2 = tiny.person(hh, born=dt.date(1940, 1, 1))
    tiny.pay(p2, hh, "gaoling_80", "2025-01", std=100)          # universal: not flagged
    p3, n3 = tiny.person(hh)
    tiny.pay(p3, hh, "dibao", "2025-01", status="failed")       # never paid
    for number in (n1, n2, n3):
        tiny.db.execute("INSERT INTO cadre_list(id_number, relation) VALUES (?, '配偶')", [number])
    assert keys(tiny.db, "cadre_beneficiary") == {n1}


def test_statement_mismatch(tiny):
    hh = tiny.household()
    pid, number = tiny.person(hh)
    tiny.pay(pid, hh, "dibao", "2025-11")
    tiny.pay(pid, hh, "dibao", "2025-12")
    item = tiny.items["dibao"]
    for period, received, amount in (("2025-11", 1, 350), ("2025-12", 1, 175)):
        tiny.db.execute("INSERT INTO statements(household_id, person_id, item_id, period, "
                        "received, amount) VALUES (?, ?, ?, ?, ?, ?)",
                        [hh, pid, item, period, received, amount])
    assert keys(tiny.db, "statement_mismatch") == {f"{number}|dibao|2025-12"}


def test_statement_without_payment_is_judged_only_inside_coverage(tiny):
    """群众说收到耕地补贴, no 耕地 data at all: nothing is known, nothing reported. Once the
    village's 耕地 payments for that year are in, the missing record is a finding that names
    the scope (issue 19 review)."""
    hh = tiny.household()
    pid, number = tiny.person(hh)
    item = tiny.items["gengdi"]
    tiny.db.execute("INSERT INTO statements(household_id, person_id, item_id, period, received, "
                    "amount) VALUES (?, ?, ?, '2025', 1, 871.5)", [hh, pid, item])
    assert keys(tiny.db, "statement_mismatch") == set()
    other = tiny.household()
    tiny.pay(tiny.person(other)[0], other, "gengdi", "2025", std=500)
    assert keys(tiny.db, "statement_mismatch") == {f"{number}|gengdi|2025"}
    summary = tiny.db.execute("SELECT evidence FROM findings WHERE rule = 'statement_mismatch'"
                              ).fetchone()[0]
    assert "无发放记录" in summary and "2025耕地地力保护补贴数据覆盖的测试村" in summary


def test_eligible_not_receiving_uses_each_items_last_month(tiny):
    """A newer roster of another item (低保 for 2026-01) must not make the whole 80+ band look
    unpaid in 2026-01: gaoling_80 is compared with its own last month, 2025-12."""
    hh = tiny.household()
    paid80, _ = tiny.person(hh, born=dt.date(1944, 1, 1))
    tiny.pay(paid80, hh, "gaoling_80", "2025-12", std=100)
    unpaid80, n_unpaid = tiny.person(hh, born=dt.date(1943, 5, 1))
    young, _ = tiny.person(hh, born=dt.date(1970, 1, 1))
    tiny.pay(young, hh, "dibao", "2026-01")
    assert keys(tiny.db, "eligible_not_receiving") == {f"{n_unpaid}|gaoling_80"}
