"""The ledger's status flow, closure requirements, money and referral, all with history."""

from __future__ import annotations

import datetime as dt

import pytest

from ykt_desktop.checks.decide import confirm_finding, dismiss_finding, restore_finding
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.ledger.issues import (
    LedgerError,
    NewIssue,
    add_evidence,
    close_issue,
    create_issue,
    get_issue,
    issue_events,
    record_discipline,
    refer_issue,
    reopen_issue,
    start_rectification,
    update_issue,
)
from ykt_desktop.ledger.query import IssueFilter, fetch_issue_rows, ledger_totals, list_issue_ids
from ykt_desktop.progress import run


@pytest.fixture
def issue(county_db):
    return create_issue(county_db, NewIssue(category="kekou", description="克扣低保金",
                                            amount=700), by_user="张三")


def test_full_flow_with_history(county_db, issue):
    db = county_db
    with pytest.raises(LedgerError, match="只有整改中的问题可以销号"):
        close_issue(db, issue, measure="退还", rectified_at="2026-03-01")
    start_rectification(db, issue, by_user="李四", responsible_unit="某村委会",
                        deadline="2026-04-30")
    with pytest.raises(LedgerError, match="佐证材料"):
        close_issue(db, issue, measure="已退还", rectified_at="2026-03-01")
    with pytest.raises(LedgerError, match="整改措施"):
        close_issue(db, issue, measure=" ", rectified_at="2026-03-01")
    add_evidence(db, issue, "收条.jpg", b"\xff\xd8fake-jpeg", by_user="李四")
    with pytest.raises(LedgerError, match="不是有效日期"):
        close_issue(db, issue, measure="已退还", rectified_at="三月一日")
    close_issue(db, issue, measure="追回并退还群众", rectified_at="2026-03-01",
                recovered_amount=700, returned_amount=700, by_user="李四")
    row = get_issue(db, issue)
    assert (row["status"], row["rectified_at"], row["recovered_amount"]) == (
        "closed", "2026-03-01", 700.0)
    with pytest.raises(LedgerError, match="理由"):
        reopen_issue(db, issue, reason="")
    reopen_issue(db, issue, reason="佐证不足，退回重改", by_user="王五")
    assert get_issue(db, issue)["status"] == "reopened"
    start_rectification(db, issue)
    moves = [(e["from_status"], e["to_status"]) for e in issue_events(db, issue)
             if e["action"] in ("create", "status")]
    assert moves == [(None, "registered"), ("registered", "rectifying"),
                     ("rectifying", "closed"), ("closed", "reopened"),
                     ("reopened", "rectifying")]
    actions = [e["action"] for e in issue_events(db, issue)]
    assert actions.count("edit") == 2 and "attach" in actions
    assert any(e["note"] == "佐证不足，退回重改" for e in issue_events(db, issue))


def test_edit_keeps_before_and_after(county_db, issue):
    update_issue(county_db, issue, {"responsible_person": "赵六", "amount": "800"})
    event = issue_events(county_db, issue)[-1]
    assert event["action"] == "edit"
    assert '"before": {"responsible_person": "", "amount": 700.0}' in event["data"]
    with pytest.raises(LedgerError, match="不能修改"):
        update_issue(county_db, issue, {"status": "closed"})
    with pytest.raises(LedgerError, match="负数"):
        update_issue(county_db, issue, {"recovered_amount": -1})


def test_referral_and_outcome(county_db, issue):
    with pytest.raises(LedgerError, match="尚未移交"):
        record_discipline(county_db, issue, party_sanctions=1)
    refer_issue(county_db, issue, note="2026-03-05 移交县纪委监委")
    record_discipline(county_db, issue, party_sanctions=1, gov_sanctions=2, exposed=True,
                      exposed_persons=1, note="通报")
    row = get_issue(county_db, issue)
    assert (row["referred"], row["party_sanctions"], row["gov_sanctions"], row["exposed"]) == (
        1, 1, 2, 1)
    assert ledger_totals(county_db)["referred"] == 1


def test_filters_and_overdue(county_db, issue):
    other = create_issue(county_db, NewIssue(category="daiguan", description="代管卡折"))
    start_rectification(county_db, other, deadline="2026-01-31")
    later = dt.date(2026, 2, 1)
    assert list_issue_ids(county_db, IssueFilter(overdue_only=True), today=later) == [other]
    assert list_issue_ids(county_db, IssueFilter(category="kekou")) == [issue]
    assert list_issue_ids(county_db, IssueFilter(min_amount=500)) == [issue]
    assert set(list_issue_ids(county_db, IssueFilter(status="open"))) == {issue, other}
    rows = fetch_issue_rows(county_db, [issue])
    assert rows[issue][2] == "已挂号" and rows[issue][7] == "700.00"


def test_confirm_and_dismiss_findings(demo_db):
    run(run_checks(demo_db, ["dead_paid", "over_standard"]))
    dead = demo_db.execute("SELECT id, person_id, amount FROM findings "
                           "WHERE rule = 'dead_paid'").fetchone()
    issue_id = confirm_finding(demo_db, dead[0], by_user="核查员")
    issue = get_issue(demo_db, issue_id)
    assert (issue["found_by"], issue["category"], issue["person_id"], issue["finding_id"]) == (
        "check", "ying_tui_wei_tui", dead[1], dead[0])
    assert issue["amount"] == dead[2] and "死亡" in issue["description"]
    assert confirm_finding(demo_db, dead[0]) == issue_id        # idempotent
    over = demo_db.execute("SELECT id FROM findings WHERE rule = 'over_standard'").fetchone()[0]
    with pytest.raises(LedgerError, match="理由"):
        dismiss_finding(demo_db, over, "  ")
    dismiss_finding(demo_db, over, "系补发上月", by_user="核查员")
    with pytest.raises(LedgerError, match="已排除"):
        confirm_finding(demo_db, over)
    with pytest.raises(LedgerError, match="已登记为问题"):
        dismiss_finding(demo_db, dead[0], "误报")
    run(run_checks(demo_db, ["over_standard"]))
    assert demo_db.execute("SELECT status, dismiss_reason FROM findings WHERE id = ?",
                           [over]).fetchone() == ("dismissed", "系补发上月")
    restore_finding(demo_db, over)
    assert demo_db.execute("SELECT status FROM findings WHERE id = ?", [over]).fetchone() == (
        "candidate",)
