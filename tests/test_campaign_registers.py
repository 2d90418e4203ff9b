"""Calendar seeded from 天门, phase summary, 政策清单 on A4, a complaint from registration to
reply and into an issue, 主动说清 into the issue fields 附件2 adds up."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from ykt_desktop.campaign.calendar import due_and_overdue, mark_done, phases, seed_tianmen
from ykt_desktop.campaign.complaints import (
    complaint_counts,
    complaint_to_issue,
    get_complaint,
    list_complaints,
    record_handling,
    record_reply,
    register_complaint,
)
from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.campaign.policy_list import (
    add_policy_posting,
    policy_rows,
    publish_policy_list,
    unposted_villages,
)
from ykt_desktop.campaign.self_reports import add_self_report, self_reports_summary
from ykt_desktop.campaign.summary import export_summary, summarize
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue
from ykt_desktop.security.session import Session, attach


def _village(db) -> str:
    return db.execute("SELECT min(village_code) FROM households").fetchone()[0]


def test_tianmen_calendar_due_and_overdue(empty_db):
    assert seed_tianmen(empty_db, 2026) == 16
    names = [p.name for p in phases(empty_db)]
    assert names[:4] == ["动员部署", "自查自纠", "集中整治", "重点抽查"]
    umbrella = next(p for p in phases(empty_db) if p.name == "集中整治")
    assert (umbrella.start_date, umbrella.end_date) == ("2026-05-24", "2026-11-30")
    state = due_and_overdue(empty_db, today=dt.date(2026, 7, 16))
    assert [p.name for p in state["current"]] == ["自查自纠", "集中整治"]
    assert {d.title for d in state["soon"]} == {"自查工作进展和发现的问题（第二次）",
                                                "阶段性工作总结"}
    assert {d.due_date for d in state["overdue"]} == {"2026-05-20", "2026-06-20", "2026-06-25"}
    first = state["overdue"][0]
    mark_done(empty_db, first.id, done="2026-05-19")
    assert len(due_and_overdue(empty_db, today=dt.date(2026, 7, 16))["overdue"]) == 2
    with pytest.raises(CampaignError, match="已有内容"):
        seed_tianmen(empty_db, 2026)


@pytest.mark.parametrize("level, code", [("township", "420999001000"),
                                         ("county", "420999000000")])
def test_overdue_only_for_the_level_that_reports(tmp_path, level, code):
    from ykt_desktop.campaign.calendar import add_deadline
    from ykt_desktop.storage import open_db
    from ykt_desktop.unit_setup import init_unit

    db = open_db(tmp_path / f"{level}.db")
    init_unit(db, level=level, code=code, name="单位")
    seed_tianmen(db, 2026)
    add_deadline(db, title="乡镇自查报告", due="2026-07-01", level="township")
    state = due_and_overdue(db, today=dt.date(2026, 7, 16))
    if level == "township":
        assert [d.title for d in state["overdue"]] == ["乡镇自查报告"] and not state["soon"]
    else:
        assert {d.due_date for d in state["overdue"]} == {"2026-06-25"}
        assert {d.title for d in state["soon"]} == {"阶段性工作总结"}
    db.close()


def test_phase_summary_exports(demo_db, tmp_path):
    village = _village(demo_db)
    create_issue(demo_db, NewIssue("kekou", description="克扣", village_code=village, amount=50))
    today = dt.date.today().isoformat()
    s = summarize(demo_db, start="2000-01-01", end=today, title="全程")
    assert s.households_checked == demo_db.execute(
        "SELECT count(DISTINCT household_id) FROM verifications").fetchone()[0] > 0
    assert ("克扣索要", 1, 50.0) in s.by_category
    assert export_summary(demo_db, s, tmp_path / "s.pdf").read_bytes()[:4] == b"%PDF"
    book = load_workbook(export_summary(demo_db, s, tmp_path / "s.xlsx"))
    assert book.sheetnames == ["主要数据", "发现问题分类"]


def test_policy_list_a4_posting_and_check(demo_db, tmp_path):
    village = _village(demo_db)
    rows = policy_rows(demo_db, village)
    assert rows and all(r[2] for r in rows)
    assert any("国发〔2015〕52号" in r[3] for r in rows)
    assert unposted_villages(demo_db, year=2026)
    pdf = tmp_path / "清单.pdf"
    list_id = publish_policy_list(demo_db, village, pdf, year=2026)
    from pypdf import PdfReader

    page = PdfReader(str(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert sorted((round(width), round(height))) == [595, 842]
    add_policy_posting(demo_db, list_id, location="村务公开栏", posted_from="2026-06-01",
                       posted_to="2026-06-30")
    assert village not in {c for c, _ in unposted_villages(demo_db, year=2026)}
    township = village[:9] + "000"
    tid = publish_policy_list(demo_db, township, tmp_path / "镇.xlsx", year=2026)
    add_policy_posting(demo_db, tid, location="镇政府公开栏", posted_from="2026-06-01",
                       posted_to="2026-06-30")
    left = {c for c, _ in unposted_villages(demo_db, year=2026)}
    assert not any(c.startswith(village[:9]) for c in left)
    with pytest.raises(CampaignError, match="早于"):
        add_policy_posting(demo_db, tid, location="x", posted_from="2026-06-02",
                           posted_to="2026-06-01")


def test_complaint_from_registration_to_reply_and_issue(demo_db):
    village = _village(demo_db)
    cid = register_complaint(demo_db, channel="电话", received_on="2026-09-02",
                             content="村干部代管老人存折", complainant="李大山",
                             contact="13900001234", village_code=village,
                             persons_concerned="村会计")
    c = get_complaint(demo_db, cid, full=True)
    assert c["deadline"] == "2026-10-02" and c["complaint_no"] == "JB20260001"
    record_handling(demo_db, cid, handler="乡镇纪委 张", handling="已入户核实")
    issue = complaint_to_issue(demo_db, cid, category="daiguan")
    assert get_issue(demo_db, issue)["found_by"] == "report"
    record_reply(demo_db, cid, replied_on="2026-09-20", reply="情况属实，已责令归还", result="属实")
    assert get_complaint(demo_db, cid)["status"] == "replied"
    late = register_complaint(demo_db, channel="来信", received_on="2026-09-01",
                              content="低保优亲厚友", deadline="2026-09-15")
    assert [r["id"] for r in list_complaints(demo_db, today=dt.date(2026, 9, 30),
                                             overdue_only=True)] == [late]
    counts = complaint_counts(demo_db, unit="", start="2026-09-01", end="2026-09-30",
                              today=dt.date(2026, 9, 30))
    assert (counts["received"], counts["replied"], counts["substantiated"], counts["to_issue"],
            counts["overdue"], counts["channel_phone"]) == (2, 1, 1, 1, 1, 1)
    with pytest.raises(CampaignError, match="举报方式"):
        register_complaint(demo_db, channel="传真", received_on="2026-09-01", content="x")


def test_complainant_masked_for_a_village_clerk(demo_db):
    village = _village(demo_db)
    cid = register_complaint(demo_db, channel="来访", received_on="2026-09-02", content="克扣",
                             complainant="李大山", contact="13900001234", village_code=village)
    shown = get_complaint(demo_db, cid)                  # no login: masked by default
    assert shown["complainant"] == "李**" and shown["complainant_contact"] == "139****1234"
    other = demo_db.execute("SELECT code FROM regions WHERE level = 'village' AND code <> ? "
                            "ORDER BY code LIMIT 1", [village]).fetchone()[0]
    elsewhere = register_complaint(demo_db, channel="电话", received_on="2026-09-03",
                                   content="别村", village_code=other)
    attach(demo_db, Session("clerk", "village_clerk", village))
    shown = get_complaint(demo_db, cid)                  # the clerk: nothing of the name
    assert shown["complainant"] == "***" and shown["complainant_contact"] == "****"
    assert [r["id"] for r in list_complaints(demo_db)] == [cid]
    with pytest.raises(CampaignError):
        get_complaint(demo_db, elsewhere)
    attach(demo_db, Session("reviewer", "township_reviewer", village[:9] + "000"))
    assert get_complaint(demo_db, cid)["complainant"] == "李大山"


def test_no_guessable_trace_of_the_complainant_in_the_audit_log(demo_db):
    import hashlib

    cid = register_complaint(demo_db, channel="电话", received_on="2026-09-02", content="克扣",
                             complainant="张举报", contact="13900001234")
    demo_db.execute("UPDATE complaints SET complainant = '张举报人' WHERE id = ?", [cid])
    log = "\n".join(str(r[0]) + str(r[1]) for r in demo_db.execute(
        "SELECT before, after FROM audit_log WHERE table_name = 'complaints'"))
    for guess in ("张举报", "张举报人", "13900001234"):
        digest = hashlib.sha256(guess.encode("utf-8")).hexdigest()
        assert guess not in log and digest[:8] not in log
    assert "举报人信息已修改" in log


def test_self_report_feeds_the_issue_fields(demo_db):
    village = _village(demo_db)
    issue = create_issue(demo_db, NewIssue("tanwu", description="侵占", village_code=village))
    add_self_report(demo_db, issue, persons=1, amount=1200, reported_on="2026-10-08",
                    names="王某")
    add_self_report(demo_db, issue, persons=2, amount=300.5, reported_on="2026-10-09")
    row = get_issue(demo_db, issue)
    assert (row["self_reported_persons"], row["self_returned_amount"]) == (3, 1500.5)
    assert self_reports_summary(demo_db, unit=village[:9], year=2026) == {
        "entries": 2, "persons": 3, "amount": 1500.5}
    with pytest.raises(CampaignError, match="人数或"):
        add_self_report(demo_db, issue, persons=0, amount=0, reported_on="2026-10-09")


def test_self_report_reaches_tianmen_annex_2(demo_db):
    from ykt_desktop.returns.engine import fill
    from ykt_desktop.returns.template import get_template

    county = demo_db.execute("SELECT code FROM regions WHERE level = 'county'").fetchone()[0]
    before = fill(demo_db, get_template("tianmen_wenti_huizong"), county, "2026").rows[-1].cells
    issue = create_issue(demo_db, NewIssue("tanwu", description="侵占",
                                           village_code=_village(demo_db)))
    add_self_report(demo_db, issue, persons=2, amount=25000, reported_on="2026-10-08")
    after = fill(demo_db, get_template("tianmen_wenti_huizong"), county, "2026").rows[-1].cells
    assert after["c9"].value - (before["c9"].value or 0) == 2
    assert after["c10"].value - (before["c10"].value or 0) == pytest.approx(2.5)


def test_a_village_clerk_registers_only_in_the_own_village(demo_db):
    from ykt_desktop.db_errors import explain
    from ykt_desktop.storage import INTEGRITY_ERRORS

    villages = [r[0] for r in demo_db.execute(
        "SELECT DISTINCT village_code FROM households ORDER BY 1")]
    attach(demo_db, Session("clerk", "village_clerk", villages[0]))
    register_complaint(demo_db, channel="电话", received_on="2026-09-02", content="本村",
                       village_code=villages[0])
    with pytest.raises(INTEGRITY_ERRORS) as refused:
        register_complaint(demo_db, channel="电话", received_on="2026-09-02", content="外村",
                           village_code=villages[1])
    assert explain(refused.value).startswith("权限不足")
