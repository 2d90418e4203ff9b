"""退回 and re-submission, the completeness board, enrolment rules and the migration."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_support import PERIOD, copy_chain, export, make_chain, send, sibling_of

from ykt_desktop.exchange import board, history
from ykt_desktop.exchange.correction import Comment, comments_for, import_return, write_return
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.migrations import m030_exchange
from ykt_desktop.pki import enrol
from ykt_desktop.pki.errors import PkiError
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def base_chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("exchange-return"))


@pytest.fixture
def chain(base_chain, tmp_path):
    return copy_chain(base_chain, tmp_path / "chain")


def test_returned_submission_is_corrected_and_resubmitted(chain, tmp_path):
    village = next(iter(chain.villages))
    town_path = chain.townships[chain.parent[village]]
    vdb = open_db(chain.villages[village])
    hh_id, hh_no = vdb.execute("SELECT id, hh_no FROM households ORDER BY id LIMIT 1").fetchone()
    issue_id = create_issue(vdb, NewIssue(category="dead_claim" if vdb.execute(
        "SELECT 1 FROM issue_categories WHERE code='dead_claim'").fetchone() else vdb.execute(
        "SELECT code FROM issue_categories LIMIT 1").fetchone()[0], description="测试问题",
        village_code=village, household_id=hh_id))
    issue_no = vdb.execute("SELECT issue_no FROM issues WHERE id = ?", [issue_id]).fetchone()[0]
    vdb.close()
    send(town_path, export(chain.villages[village], tmp_path / "v1.ykt"))

    town = open_db(town_path)
    ret = tmp_path / "return.ykr"
    write_return(town, village, PERIOD, [
        Comment("package", "", "核查率偏低，请补录"),
        Comment("households", hh_no, "地址不全"),
        Comment("issues", f"{village}-{issue_no}", "整改措施未填")], ret, author="乡镇审核员")
    rows = {r.unit_code: r for r in board.board(town, PERIOD)}
    assert rows[village].status == "returned" and rows[village].status_label == "已退回"
    town.close()

    vdb = open_db(chain.villages[village])
    assert import_return(vdb, ret) == 3
    assert import_return(vdb, ret) == 0
    assert [c["comment"] for c in comments_for(vdb, "households", hh_no)] == ["地址不全"]
    assert [c["comment"] for c in comments_for(vdb, "issues", issue_no)] == ["整改措施未填"]
    assert [s.status for s in history.history(vdb) if s.direction == "out"] == ["returned"]
    with vdb.atomic():
        vdb.execute("UPDATE households SET address = '幸福路8号' WHERE id = ?", [hh_id])
    vdb.close()

    result = send(town_path, export(chain.villages[village], tmp_path / "v2.ykt"))
    assert result.preview.total("households").changed == 1
    town = open_db(town_path)
    assert town.execute("SELECT address FROM households WHERE hh_no = ?",
                        [hh_no]).fetchone()[0] == "幸福路8号"
    received = [s for s in history.history(town, village) if s.direction == "in"]
    assert [s.status for s in received] == ["submitted", "superseded"]
    assert {r.unit_code: r.status for r in board.board(town, PERIOD)}[village] == "submitted"
    board.accept(town, village, PERIOD)
    assert {r.unit_code: r.status for r in board.board(town, PERIOD)}[village] == "accepted"
    town.close()


def test_board_marks_missing_and_overdue_and_shows_villages_at_the_county(chain, tmp_path):
    village = next(iter(chain.villages))
    town_code = chain.parent[village]
    town = chain.townships[town_code]
    send(town, export(chain.villages[village], tmp_path / "v.ykt"))
    tdb = open_db(town)
    board.set_deadline(tdb, PERIOD, "2026-01-10")
    rows = board.board(tdb, PERIOD, today=dt.date(2026, 1, 20))
    statuses = {r.unit_code: r.status for r in rows}
    assert statuses[village] == "submitted"
    assert {s for c, s in statuses.items() if c != village} == {"overdue"}
    assert all(r.signer for r in rows if r.status == "submitted")
    tdb.close()
    send(chain.county, export(town, tmp_path / "t.ykt"))
    cdb = open_db(chain.county)
    rows = board.board(cdb, PERIOD, today=dt.date(2026, 1, 1))
    by_code = {r.unit_code: r for r in rows}
    assert by_code[town_code].status == "submitted"
    assert by_code[village].status == "submitted" and by_code[village].via
    other_town = next(c for c in chain.townships if c != town_code)
    assert by_code[other_town].status == "missing"
    cdb.close()


def test_enrolment_rules(chain, tmp_path):
    county = open_db(chain.county)
    village = next(iter(chain.villages))
    vdb = open_db(chain.villages[village])
    with pytest.raises(PkiError, match="直接下级"):
        enrol.issue(county, enrol.make_request(vdb))
    other = next(p for c, p in chain.townships.items() if c != chain.parent[village])
    odb = open_db(other)
    with pytest.raises(PkiError, match="辖区"):
        enrol.issue(odb, enrol.make_request(vdb))
    town = open_db(chain.townships[chain.parent[village]])
    sibling = sibling_of(chain, village)
    sdb = open_db(chain.villages[sibling])
    wrong = enrol.issue(town, enrol.make_request(sdb))
    with pytest.raises(PkiError, match="公钥不符"):
        enrol.install(vdb, wrong)
    with pytest.raises(PkiError):
        enrol.init_root(town)
    for db in (county, vdb, odb, town, sdb):
        db.close()


def test_return_refused_when_not_for_us(chain, tmp_path):
    village = next(iter(chain.villages))
    town_path = chain.townships[chain.parent[village]]
    send(town_path, export(chain.villages[village], tmp_path / "v.ykt"))
    town = open_db(town_path)
    ret = tmp_path / "r.ykr"
    write_return(town, village, PERIOD, [Comment("package", "", "请补充")], ret)
    town.close()
    sibling = sibling_of(chain, village)
    sdb = open_db(chain.villages[sibling])
    with pytest.raises(PackageError) as err:
        import_return(sdb, ret)
    assert err.value.reason == "not_for_us"
    with pytest.raises(PackageError) as err:
        send(chain.villages[sibling], ret)
    assert err.value.reason in ("not_package", "outside_region")
    sdb.close()


def test_exchange_migration_from_empty_and_twice(empty_db):
    assert "pki_trust" in empty_db.table_names()
    m030_exchange.migrations.apply(empty_db)
    m030_exchange.migrations.apply(empty_db)
    assert {"pki_authority", "exchange_comments", "exchange_deadlines"} <= set(
        empty_db.table_names())


def test_audit_log_that_shrank_since_last_package_is_flagged(chain, tmp_path):
    village = next(iter(chain.villages))
    town_path = chain.townships[chain.parent[village]]
    first = send(town_path, export(chain.villages[village], tmp_path / "a.ykt"))
    assert first.warnings == []
    town = open_db(town_path)
    with town.atomic():   # as if the last package had reported a much longer log
        town.execute("UPDATE submissions SET audit_head = '999999:x' WHERE id = ?",
                     [first.submission_id])
    town.close()
    second = send(town_path, export(chain.villages[village], tmp_path / "b.ykt"))
    assert second.outcome == "imported"
    assert any("审计日志条数少于上次上报" in w for w in second.warnings)
