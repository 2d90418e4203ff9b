"""The overview's 未销号 count is the ledger's for a township reviewer (review: the overview
counted ``village_code LIKE prefix%`` and left out the township's issues without a village)."""

from __future__ import annotations

from tests.test_region_filters import FAR, NEIGHBOUR, TOWN, VILLAGE, _issue, _regions
from ykt_desktop.ledger.query import IssueFilter, list_issue_ids
from ykt_desktop.security.session import Session, attach
from ykt_desktop.stats import summary


def test_overview_open_issues_match_the_ledger_for_a_township_reviewer(county_db):
    db = county_db
    _regions(db)
    for n, code in enumerate((VILLAGE, NEIGHBOUR, FAR, None, TOWN)):
        _issue(db, n, code)
    attach(db, Session("reviewer", "township_reviewer", TOWN))
    ledger = list_issue_ids(db, IssueFilter(status="open"))
    assert len(ledger) == 4          # its two villages, one at the town, one without a village
    assert summary(db)["open_issues"] == len(ledger)
