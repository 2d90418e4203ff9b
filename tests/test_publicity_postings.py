"""Saved notices and posting records feed the "未按规定公示" check and the returns."""

from __future__ import annotations

from datetime import date

import pytest

from ykt_desktop.checks.decide import confirm_finding
from ykt_desktop.checks.registry import get_rule
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.progress import run
from ykt_desktop.publicity.compliance import (
    covered_days,
    notice_statuses,
    publicised_in_period,
    unposted_notices,
)
from ykt_desktop.publicity.config import set_min_days
from ykt_desktop.publicity.model import NoticeRequest, PublicityError
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.records import add_posting, list_postings, save_publicity

VILLAGE = "420999100200"
TOWNSHIP = "420999100000"


def saved(db, scope=VILLAGE, period="2025-07", items=("dibao", "gaoling_80"),
          start=date(2025, 8, 1)) -> int:
    notice = build_notice(db, NoticeRequest(items, period, scope, start_date=start))
    return save_publicity(db, notice, file_data=run(write_pdf_job(notice)), filename="n.pdf")


def test_covered_days_counts_overlaps_once():
    assert covered_days([]) == 0
    assert covered_days([("2025-08-01", "2025-08-07")]) == 7
    assert covered_days([("2025-08-01", "2025-08-04"), ("2025-08-03", "2025-08-06")]) == 6


def test_statuses_follow_postings(demo_db, tmp_path):
    never, short, good = saved(demo_db), saved(demo_db), saved(demo_db)
    pending = saved(demo_db, start=date(2026, 12, 1))
    add_posting(demo_db, short, location="村务公开栏", posted_from="2025-08-01",
                posted_to="2025-08-04")
    photo = tmp_path / "wall.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    add_posting(demo_db, good, location="村务公开栏", posted_from="2025-08-01",
                posted_to="2025-08-05", photo=photo)
    add_posting(demo_db, good, location="一组", posted_from="2025-08-04",
                posted_to="2025-08-07", objections="张三称金额不对", handling="核对后无误，已答复")
    status = {s.publicity_id: s for s in notice_statuses(demo_db, as_of=date(2026, 11, 1))}
    assert status[never].status == "never_posted"
    assert (status[short].status, status[short].posted_days) == ("short", 4)
    assert (status[good].status, status[good].posted_days) == ("ok", 7)
    assert status[pending].status == "pending"
    assert {s.publicity_id for s in unposted_notices(demo_db, as_of=date(2026, 11, 1))} == {
        never, short}     # as_of: with today the pending one (from 2026-12-01) ended on 12-08
    postings = list_postings(demo_db, good)
    assert postings[0].photo_attachment_id and postings[1].handling == "核对后无误，已答复"
    attached = demo_db.execute("SELECT size, owner_table FROM attachments WHERE id = ?",
                               [postings[0].photo_attachment_id]).fetchone()
    assert attached == (photo.stat().st_size, "postings")
    set_min_days(demo_db, 4)
    assert {s.publicity_id for s in unposted_notices(demo_db, as_of=date(2026, 11, 1))} == {never}


def test_check_rule_reports_unposted_notices(demo_db):
    never, good = saved(demo_db), saved(demo_db, scope=TOWNSHIP)
    township = saved(demo_db, scope=TOWNSHIP, items=("gengdi",), period="2025")
    add_posting(demo_db, good, location="公开栏", posted_from="2025-08-01", posted_to="2025-08-10")
    rule = get_rule("publicity_not_posted")
    assert rule.title == "未按规定公示"
    result = run(run_checks(demo_db, ["publicity_not_posted"]))
    assert result.results[0].keys == {f"publicity:{never}:dibao", f"publicity:{never}:gaoling_80",
                                      f"publicity:{township}:gengdi"}
    rows = demo_db.execute("SELECT f.id, f.village_code, i.code, f.evidence FROM findings f "
                           "JOIN subsidy_items i ON i.id = f.item_id "
                           "WHERE rule = 'publicity_not_posted' ORDER BY f.id").fetchall()
    assert {(r[1], r[2]) for r in rows} == {(VILLAGE, "dibao"), (VILLAGE, "gaoling_80"),
                                             (TOWNSHIP, "gengdi")}
    assert all("没有张贴记录" in r[3] for r in rows)
    issue_id = confirm_finding(demo_db, rows[0][0])
    category = demo_db.execute("SELECT category FROM issues WHERE id = ?", [issue_id]).fetchone()
    assert category == ("gongshi",)      # counts as 未按规定公示公告 in the returns


def test_returns_see_which_items_and_villages_were_publicised(demo_db):
    township_notice = saved(demo_db, scope=TOWNSHIP, items=("gengdi",), period="2025")
    add_posting(demo_db, township_notice, location="镇政府公示栏", posted_from="2025-08-01",
                posted_to="2025-08-07")
    saved(demo_db, scope=VILLAGE, items=("dibao",), period="2025")   # never posted
    rows = publicised_in_period(demo_db, "2025")
    by_key = {(r.item_code, r.village_code): r.publicised for r in rows}
    assert by_key[("gengdi", VILLAGE)] and by_key[("gengdi", "420999100201")]
    assert not by_key[("gengdi", "420999101200")]            # other township
    assert not by_key[("dibao", VILLAGE)]
    paid = demo_db.execute("SELECT COUNT(DISTINCT p.village_code || i.code) FROM payments p "
                           "JOIN subsidy_items i ON i.id = p.item_id WHERE p.status = 'paid' "
                           "AND p.period LIKE '2025%'").fetchone()[0]
    assert len(rows) == paid
    assert {r.village_code for r in publicised_in_period(demo_db, "2025", under=TOWNSHIP)} \
        == {VILLAGE, "420999100201"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"location": " "}, "张贴地点"),
    ({"posted_from": "2025-13-01"}, "不是有效日期"),
    ({"posted_to": "2025-07-01"}, "早于开始日期"),
    ({"objections": "有异议"}, "处理情况"),
    ({"photo": "missing.jpg"}, "找不到照片"),
])
def test_bad_postings_are_refused(demo_db, kwargs, message):
    pid = saved(demo_db)
    args = {"location": "公开栏", "posted_from": "2025-08-01", "posted_to": "2025-08-07", **kwargs}
    with pytest.raises(PublicityError, match=message):
        add_posting(demo_db, pid, **args)
    assert list_postings(demo_db, pid) == []


def test_posting_for_unknown_notice(demo_db):
    with pytest.raises(PublicityError, match="找不到编号"):
        add_posting(demo_db, 999, location="x", posted_from="2025-08-01", posted_to="2025-08-07")


def test_exports_are_audited(demo_db, tmp_path):
    from ykt_desktop.publicity.jobs import build_job, export_job

    built = run(build_job(demo_db, NoticeRequest(("dibao",), "2025", VILLAGE)))
    exported = run(export_job(demo_db, built, tmp_path / "n.xlsx"))
    row = demo_db.execute("SELECT action, table_name, row_id, after FROM audit_log "
                          "ORDER BY id DESC LIMIT 1").fetchone()
    assert row[:3] == ("export", "publicity", exported.publicity_id)
    assert "n.xlsx" in row[3] and '"id_head": 3' in row[3]
