"""Issue numbers are unique across units (issue 19): a sliced village registers new issues and
uploads twice up the chain; every level holds the same issues, and a clash is explained."""

from __future__ import annotations

import pytest
from exchange_support import export, scalar, send

from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.exchange.chain_demo import build_chain
from ykt_desktop.ledger import NewIssue, create_issue, next_issue_no
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
from ykt_desktop.unit import get_unit


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """A demo county holding an issue numbered the old way (WT2026000001) and one numbered
    by the county, sliced into one township and one village."""
    folder = tmp_path_factory.mktemp("issue-numbers")
    source = open_db(folder / "demo.db")
    run(generate_demo(source, DemoParams(villages=2, households_per_village=6, seed=5,
                                         townships=1)))
    village = source.execute("SELECT code FROM regions WHERE level = 'village' "
                             "ORDER BY code LIMIT 1").fetchone()[0]
    hh = source.execute("SELECT id FROM households WHERE village_code = ? LIMIT 1",
                        [village]).fetchone()[0]
    with source.atomic():
        source.execute("INSERT INTO issues(issue_no, category, village_code, household_id, "
                       "description) VALUES ('WT2026000001', 'xubao', ?, ?, '旧编号的问题')",
                       [village, hh])
    create_issue(source, NewIssue(category="kekou", description="县里登记的问题",
                                  village_code=village, household_id=hh))
    built = run(build_chain(source, folder / "units", villages=[village]))
    source.close()
    return built


def _register(path, village: str, text: str) -> str:
    db = open_db(path)
    try:
        hh = db.execute("SELECT id FROM households ORDER BY id LIMIT 1").fetchone()[0]
        issue_id = create_issue(db, NewIssue(category="xubao", description=text,
                                             village_code=village, household_id=hh, amount=50))
        return db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue_id]).fetchone()[0]
    finally:
        db.close()


def _count(path, village: str) -> int:
    return scalar(path, "SELECT count(*) FROM issues WHERE village_code = ?", [village])


def test_sliced_village_new_issues_reach_the_county_twice(chain, tmp_path):
    village = next(iter(chain.villages))
    town = chain.parent[village]
    path = chain.villages[village]
    sliced = _count(path, village)
    assert sliced >= 2, "the village carries the county's issues"
    assert scalar(path, "SELECT count(*) FROM issues WHERE issue_no = ?",
                  [f"{village}-WT2026000001"]) == 1
    first = _register(path, village, "入户发现冒领")
    assert first.startswith(f"{village}-WT")
    for round_no in (1, 2):
        package = export(path, tmp_path / f"v{round_no}.ykt")
        assert send(chain.townships[town], package).outcome == "imported"
        up = export(chain.townships[town], tmp_path / f"t{round_no}.ykt")
        assert send(chain.county, up).outcome == "imported"
        counts = {_count(p, village) for p in (path, chain.townships[town], chain.county)}
        assert counts == {sliced + round_no}, counts
        if round_no == 1:
            second = _register(path, village, "复查又发现一户冒领")
            assert second != first
    numbers = [scalar(p, "SELECT group_concat(issue_no, ',') FROM (SELECT issue_no FROM issues "
                         "WHERE village_code = ? ORDER BY issue_no)", [village])
               for p in (path, chain.townships[town], chain.county)]
    assert numbers[0] == numbers[1] == numbers[2]


def test_numbers_carry_the_registering_unit(chain):
    db = open_db(chain.county)
    try:
        unit = get_unit(db)
        assert next_issue_no(db).startswith(f"{unit.code}-WT")
    finally:
        db.close()
