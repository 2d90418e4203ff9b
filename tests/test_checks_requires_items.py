"""须同期享受 (requires_items) judged inside the data's coverage and, for a household's status
such as 低保, against the household (issue 19 review)."""

from __future__ import annotations

import json

import pytest

from tests.checks_helpers import Tiny
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.progress import run


def keys(db) -> set[str]:
    return run(run_checks(db, ["ineligible_paid"])).results[0].keys


@pytest.fixture
def tiny(county_db):
    t = Tiny(county_db)
    county_db.execute("UPDATE subsidy_items SET eligibility = ? WHERE code = 'kunnan_canji'",
                      [json.dumps({"requires_items": ["dibao"], "requires_household": True})])
    return t


def test_no_dibao_data_means_not_judged(tiny):
    hh = tiny.household()
    pid, _ = tiny.person(hh)
    tiny.pay(pid, hh, "kunnan_canji", "2026-03", std=90)
    assert keys(tiny.db) == set()


def test_household_member_on_dibao_is_enough(tiny):
    poor = tiny.household()
    disabled, _ = tiny.person(poor)
    mother, _ = tiny.person(poor, head=True)
    tiny.pay(mother, poor, "dibao", "2026-03")            # the household is a 低保 household
    tiny.pay(disabled, poor, "kunnan_canji", "2026-03", std=90)
    other = tiny.household()
    outsider, number = tiny.person(other)
    tiny.pay(outsider, other, "kunnan_canji", "2026-03", std=90)
    assert keys(tiny.db) == {f"{number}|kunnan_canji|2026-03"}
    evidence = json.loads(tiny.db.execute(
        "SELECT evidence FROM findings WHERE rule = 'ineligible_paid'").fetchone()[0])
    assert "本户同期无人享受城乡居民最低生活保障金" in evidence["不符合的条件"][0]
    assert "2026-03城乡居民最低生活保障金数据覆盖的测试村" in evidence["不符合的条件"][0]
