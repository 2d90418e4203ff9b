"""The household list, its search, its count, its rows and the region filter's choices hold the
session's region only (review: a 村级录入员 of 东风村 saw every village's households on 入户核查;
the manual says a village clerk 只能看和改本村的数据). On the small demo county: 东风村 A and
南风村 B in 城关镇, 西风村 C in 河口镇."""

from __future__ import annotations

import pytest

from ykt_desktop.households import search
from ykt_desktop.households.search import (
    HouseholdFilter,
    count_matches,
    region_choices,
    row_fetcher,
    search_ids,
)
from ykt_desktop.security.session import Session, attach, detach

TOWN, OTHER_TOWN = "420999100000", "420999101000"
A, B, C = "420999100200", "420999100201", "420999101200"
# texts that match households of every village of the demo (checked below)
TEXTS = ("", "1", "2", "w", "z")


def _households(db, *villages: str) -> set[int]:
    marks = ",".join("?" * len(villages))
    return {r[0] for r in db.execute(
        f"SELECT id FROM households WHERE village_code IN ({marks})", list(villages))}


def _seen(db) -> dict[str, set[int]]:
    """What the household list shows for each search text, checked against its count, its
    capped form and the row fetcher (which fetches no household outside the session)."""
    fetch = row_fetcher(db)
    every = [r[0] for r in db.execute("SELECT id FROM households")]
    fetched = set(fetch(every))
    seen = {}
    for text in TEXTS:
        f = HouseholdFilter(text=text)
        found = search_ids(db, f)
        assert count_matches(db, f) == len(found), text
        if text:
            assert set(search_ids(db, f, limit=5)) <= set(found), text
            assert set(search_ids(db, f, limit=100_000)) == set(found), text
        assert set(found) <= fetched, text
        seen[text] = set(found)
    seen["rows"] = fetched
    return seen


def _codes(db, level: str, under: str | None = None) -> list[str]:
    return [code for code, _name in region_choices(db, level, under)]


@pytest.fixture
def unscoped(demo_db) -> dict[str, set[int]]:
    seen = _seen(demo_db)
    for text in TEXTS:      # the texts reach every village, so a leak would show
        assert seen[text] & _households(demo_db, B) and seen[text] & _households(demo_db, C)
    return seen


def test_a_village_clerk_sees_its_village_only(demo_db, unscoped):
    attach(demo_db, Session("clerk", "village_clerk", A))
    seen = _seen(demo_db)
    own = _households(demo_db, A)
    assert seen["rows"] == own
    for text in TEXTS:
        assert seen[text] == unscoped[text] & own and seen[text], text
    groups = _codes(demo_db, "group", A)
    assert groups and all(g.startswith(A) for g in groups)
    assert _codes(demo_db, "village") == [A] == _codes(demo_db, "village", TOWN)
    assert _codes(demo_db, "township") == [TOWN]
    assert _codes(demo_db, "village", OTHER_TOWN) == [] == _codes(demo_db, "group", B)
    # a filter naming another village finds nothing (the window never offers one)
    assert list(search_ids(demo_db, HouseholdFilter(village=B))) == []
    assert count_matches(demo_db, HouseholdFilter(township=OTHER_TOWN, text="1")) == 0


def test_a_township_reviewer_sees_its_township_only(demo_db, unscoped):
    attach(demo_db, Session("town", "township_reviewer", TOWN))
    seen = _seen(demo_db)
    own = _households(demo_db, A, B)
    assert seen["rows"] == own
    for text in TEXTS:
        assert seen[text] == unscoped[text] & own, text
    assert _codes(demo_db, "township") == [TOWN]
    assert _codes(demo_db, "village") == [A, B] == _codes(demo_db, "village", TOWN)
    assert set(search_ids(demo_db, HouseholdFilter(village=B))) == _households(demo_db, B)


@pytest.mark.parametrize("session", [Session("admin", "county_admin", "420999000000"),
                                     Session("jj", "inspector")])
def test_the_county_and_the_inspector_see_everything(demo_db, unscoped, session):
    everything = {r[0] for r in demo_db.execute("SELECT id FROM households")}
    villages, townships = _codes(demo_db, "village"), _codes(demo_db, "township")
    assert unscoped["rows"] == everything and {A, B, C} <= set(villages)
    attach(demo_db, session)
    assert _seen(demo_db) == unscoped
    assert (_codes(demo_db, "village"), _codes(demo_db, "township")) == (villages, townships)
    detach(demo_db)
    assert _seen(demo_db) == unscoped


@pytest.mark.parametrize("first", [True, False], ids=["region first", "matches first"])
def test_both_reading_orders_find_the_same(demo_db, monkeypatch, first):
    """A narrowed search reads the region household by household or the text's matches first
    (:mod:`ykt_desktop.households.search_plan`); either way the same households."""
    hh_no = demo_db.execute("SELECT hh_no FROM households WHERE village_code = ? LIMIT 1 "
                            "OFFSET 3", [A]).fetchone()[0]
    name = demo_db.execute("SELECT p.name FROM persons p JOIN members m ON m.person_id = p.id "
                           "JOIN households h ON h.id = m.household_id WHERE h.village_code = ? "
                           "LIMIT 1", [A]).fetchone()[0]
    texts = ["1", "5", "w", name[:1], name, hh_no, hh_no[-5:]]
    filters = [dict(village=A), dict(township=TOWN), dict(status="pending"),
               dict(has_problems=True), dict(group=_codes(demo_db, "group", A)[0])]
    truth = {(t, i): set(search_ids(demo_db, HouseholdFilter(text=t, **filters[i])))
             for t in texts for i in range(len(filters))}
    assert any(truth.values())
    monkeypatch.setattr(search, "region_first", lambda *_args: first)
    for session in (None, Session("clerk", "village_clerk", A)):
        if session:
            attach(demo_db, session)
        own = _households(demo_db, A) if session else None
        for (text, i), expected in truth.items():
            if own is not None:
                expected = expected & own
            f = HouseholdFilter(text=text, **filters[i])
            found = search_ids(demo_db, f)
            assert set(found) == expected, (text, filters[i], session)
            assert count_matches(demo_db, f) == len(found), (text, filters[i])
            assert set(search_ids(demo_db, f, limit=100_000)) == expected, (text, filters[i])
            capped = search_ids(demo_db, f, limit=2)
            assert set(capped) <= expected and len(capped) == min(2, len(expected))
