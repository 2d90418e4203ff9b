"""Aggregation: a county return equals the sum of its townships', which equal their villages'.

Each side is filled by the returns engine on its own database: villages on theirs, townships on
the data they imported, the county on the data the townships sent up.
"""

from __future__ import annotations

import pytest
from exchange_support import export, make_chain, send

from ykt_desktop.exchange.aggregate import (
    add_into,
    check_sum_of_children,
    comparable,
    compare,
    distinct_columns,
    numeric_cells,
)
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.progress import run
from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.template import get_template
from ykt_desktop.storage import open_db

TEMPLATES = ("tongchuan_paicha_tongji", "tianmen_wenti_tongji", "tianmen_wenti_huizong")
YEAR = "2025"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exchange-aggregate")
    chain = make_chain(folder)
    for n, (code, path) in enumerate(chain.villages.items()):
        db = open_db(path)
        item = db.execute("SELECT y.item_id, y.household_id, y.person_id FROM payments y "
                          "ORDER BY y.id LIMIT 1").fetchone()
        category = db.execute("SELECT code FROM issue_categories ORDER BY sort LIMIT 1"
                              ).fetchone()[0]
        for k in range(n + 1):
            iid = create_issue(db, NewIssue(
                category=category, description=f"问题{k}", village_code=code,
                household_id=item[1], person_id=item[2], item_id=item[0],
                amount=100.0 * (k + 1) + 0.45))      # 0.00045 万元 per issue: rounding shows
            db.execute("UPDATE issues SET created_at = ? WHERE id = ?",       # the year's
                       [f"{YEAR}-05-0{k + 1} 09:00:00", iid])                # return
        db.conn.commit()
        db.close()
        send(chain.townships[chain.parent[code]], export(path, folder / f"{code}.ykt"))
    for code, path in chain.townships.items():
        send(chain.county, export(path, folder / f"{code}.ykt"))
    return chain


def _cells(path, template, code):
    db = open_db(path)
    try:
        return numeric_cells(fill(db, template, code, YEAR, use_draft=False))
    finally:
        db.close()


@pytest.mark.parametrize("key", TEMPLATES)
def test_county_equals_townships_equal_villages(merged, key):
    template = get_template(key)
    county_code = open_db(merged.county).execute(
        "SELECT code FROM regions WHERE level = 'county'").fetchone()[0]
    county = _cells(merged.county, template, county_code)
    assert any(county.values())
    exact = {k for k in county if k[1] not in distinct_columns(template)}
    assert any(county[k] for k in exact)
    towns: dict = {}
    for code, path in merged.townships.items():
        own = _cells(path, template, code)
        villages: dict = {}
        for village, town in merged.parent.items():
            if town == code:
                add_into(villages, _cells(merged.villages[village], template, village))
        # every figure of a level is the sum of its lower levels' printed figures, distinct
        # counts too (official practice: a level adds the reports below it)
        assert compare(*comparable(template, own, villages)) == [], code
        add_into(towns, own)
    assert compare(*comparable(template, county, towns)) == []


def test_check_sum_of_children_in_one_database(merged):
    db = open_db(merged.county)
    for key in TEMPLATES:
        assert run(check_sum_of_children(db, get_template(key), YEAR)) == []
    db.close()
