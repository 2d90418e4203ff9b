"""Issue numbers are unique across units (issue 19): a sliced village registers new issues and
uploads twice up the chain; every level holds the same issues, and a clash is explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from exchange_support import export, scalar, send

from ykt_desktop.catalogue import load_default_catalogue
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.exchange.chain_demo import Chain, enrol_pair
from ykt_desktop.exchange.split import slice_unit
from ykt_desktop.ledger.issues import NewIssue, create_issue, next_issue_no, number_legacy_issues
from ykt_desktop.pki import enrol
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
from ykt_desktop.unit import get_unit


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """A demo county holding an issue numbered the old way (WT2026000001) and one numbered
    by the county, sliced into one of its townships and one village of it, enrolled; the
    county itself receives the uploads."""
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
    enrol.init_root(source)
    town = source.execute("SELECT parent_code FROM regions WHERE code = ?",
                          [village]).fetchone()[0]
    built = Chain(folder / "demo.db", parent={village: town})    # slicing numbers WT2026000001
    for code, target in ((town, built.townships), (village, built.villages)):
        target[code] = folder / f"{code}.db"
        run(slice_unit(source, code, target[code]))
    for upper, lower in ((source, built.townships[town]), (built.townships[town],
                                                            built.villages[village])):
        upper_db = open_db(upper) if isinstance(upper, Path) else upper
        lower_db = open_db(lower)
        enrol_pair(upper_db, lower_db)
        lower_db.close()
        if upper_db is not source:
            upper_db.close()
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
                  ["420999000000-WT2026000001"]) == 1     # the old number, with the county's code
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


def test_old_numbers_get_the_unit_code_once(tmp_path):
    db = open_db(tmp_path / "old.db")
    load_default_catalogue(db)
    with db.atomic():
        db.execute("INSERT INTO issues(issue_no, category, description) "
                   "VALUES ('WT2025000007', 'xubao', '升级前登记')")
    assert number_legacy_issues(db) == 0                 # no unit yet: nothing to go by
    from ykt_desktop.unit_setup import init_unit

    init_unit(db, level="village", code="420999100201", name="东坪村")
    assert db.execute("SELECT issue_no FROM issues").fetchone()[0] == "420999100201-WT2025000007"
    assert next_issue_no(db, dt.date(2025, 5, 1)) == "420999100201-WT2025000008"
    db.close()


def test_a_repeated_issue_number_is_named_with_who_can_fix_it(chain, tmp_path):
    """A signed package holding one issue number twice: refused whole, the message names the
    table, the number and both positions, and whom to ask (not 'regenerate the file')."""
    import zipfile

    from ykt_desktop.exchange import cms
    from ykt_desktop.exchange.errors import PackageError
    from ykt_desktop.exchange.manifest import Manifest, file_entry
    from ykt_desktop.unit_keys import ensure_unit_key

    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    package = export(chain.villages[village], tmp_path / "v.ykt", plaintext=True)
    db = open_db(chain.villages[village])
    key = ensure_unit_key(db)
    db.close()
    with zipfile.ZipFile(package) as zin:
        members = {name: zin.read(name) for name in zin.namelist()}
    lines = members["data/issues.jsonl"].splitlines(keepends=True)
    rows = lines + lines[-1:]
    members["data/issues.jsonl"] = b"".join(rows)
    manifest = Manifest.from_bytes(members["manifest.json"])
    manifest.files["data/issues.jsonl"] = file_entry(members["data/issues.jsonl"])
    members["manifest.json"] = manifest.to_bytes()
    members["manifest.sig"] = cms.sign_detached(members["manifest.json"], key)
    bad = tmp_path / "twice.ykt"
    with zipfile.ZipFile(bad, "w") as zout:
        for name, data in members.items():
            zout.writestr(name, data)
    before = scalar(town, "SELECT count(*) FROM issues")
    with pytest.raises(PackageError) as err:
        send(town, bad)
    text = str(err.value)
    assert err.value.reason == "inconsistent"
    assert "“问题台账”中有两条记录的问题编号相同：问题编号“" in text and "出现两次" in text
    assert "县级系统管理员" in text and "重新生成同样的文件不能解决" in text
    assert scalar(town, "SELECT count(*) FROM issues") == before
