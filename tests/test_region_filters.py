"""Filtering by a region keeps that region's rows only (review: the filter was built with
``code.rstrip("0") + "%"``, so 城关镇 420999100000 became ``4209991%`` and matched every township
100-199, and a village ending in 0 matched its neighbours 201-209)."""

from __future__ import annotations

import pytest

from ykt_desktop.checks.decide import FindingFilter, list_finding_ids
from ykt_desktop.ledger.links import LedgerError, resolve_links
from ykt_desktop.ledger.query import IssueFilter, list_issue_ids
from ykt_desktop.regions import add_region

TOWN, OTHER_TOWN = "420999100000", "420999101000"
VILLAGE, NEIGHBOUR, FAR = "420999100200", "420999100201", "420999101200"


def _regions(db) -> None:
    add_region(db, code=TOWN, name="城关镇", level="township")
    add_region(db, code=OTHER_TOWN, name="河口镇", level="township")
    add_region(db, code=VILLAGE, name="东风村", level="village")
    add_region(db, code=NEIGHBOUR, name="南风村", level="village")
    add_region(db, code=FAR, name="西风村", level="village")


def _issue(db, n: int, village: str | None) -> int:
    return db.execute("INSERT INTO issues(issue_no, category, village_code) VALUES (?, ?, ?)",
                      [f"T-{n}", "qita", village]).lastrowid


@pytest.fixture
def regions_db(county_db):
    _regions(county_db)
    return county_db


def test_issue_filter_by_township_or_village_ending_in_zero(regions_db):
    db = regions_db
    ids = {code: _issue(db, n, code) for n, code in enumerate((VILLAGE, NEIGHBOUR, FAR))}
    assert set(list_issue_ids(db, IssueFilter(village_code=TOWN))) == {ids[VILLAGE],
                                                                      ids[NEIGHBOUR]}
    assert list_issue_ids(db, IssueFilter(village_code=VILLAGE)) == [ids[VILLAGE]]
    assert list_issue_ids(db, IssueFilter(village_code=OTHER_TOWN)) == [ids[FAR]]


def test_finding_filter_by_township_or_village_ending_in_zero(regions_db):
    db = regions_db
    ids = {code: db.execute("INSERT INTO findings(rule, subject_key, village_code) "
                            "VALUES ('r', ?, ?)", [code, code]).lastrowid
           for code in (VILLAGE, NEIGHBOUR, FAR)}
    assert set(list_finding_ids(db, FindingFilter(village_code=TOWN))) == {ids[VILLAGE],
                                                                          ids[NEIGHBOUR]}
    assert list_finding_ids(db, FindingFilter(village_code=VILLAGE)) == [ids[VILLAGE]]


def test_issue_links_refuse_a_neighbouring_village(regions_db):
    db = regions_db
    db.execute("INSERT INTO households(hh_no, village_code) VALUES ('H1', ?)", [NEIGHBOUR])
    db.execute("INSERT INTO households(hh_no, village_code) VALUES ('H2', ?)", [FAR])
    with pytest.raises(LedgerError, match="不一致"):
        resolve_links(db, hh_no="H1", village=VILLAGE)
    with pytest.raises(LedgerError, match="不一致"):
        resolve_links(db, hh_no="H2", village=TOWN)
    assert resolve_links(db, hh_no="H1", village=TOWN)["village_code"] == NEIGHBOUR
