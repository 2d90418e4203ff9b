"""重点抽查: a 30% draw stratified by village is recorded (seed, frame, audit entry), prints,
re-runs to the same list, and back-checks give discrepancy rates and a 抽查 issue."""

from __future__ import annotations

import json
import math

import pytest
from openpyxl import load_workbook

from ykt_desktop.campaign.backcheck import backchecks, original_answers, record_backcheck
from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.campaign.rates import backcheck_to_issue, discrepancy_rates, export_rates
from ykt_desktop.campaign.sample_list import export_sample, sample_rows
from ykt_desktop.campaign.sampling import DrawSpec, draw_sample, frame, verify_sample
from ykt_desktop.ledger.issues import NewIssue, create_issue


def _village_counts(db) -> dict[str, int]:
    return dict(db.execute("SELECT village_code, count(*) FROM households GROUP BY 1"))


def test_thirty_percent_per_village_recorded_and_reproducible(demo_db):
    spec = DrawSpec("households", "village", ratio=0.3)
    sample = draw_sample(demo_db, spec, seed=20260901)
    counts = _village_counts(demo_db)
    villages = dict(demo_db.execute("SELECT id, village_code FROM households"))
    drawn_per_village: dict[str, int] = {}
    for hid in sample.drawn:
        drawn_per_village[villages[hid]] = drawn_per_village.get(villages[hid], 0) + 1
    assert drawn_per_village == {v: math.ceil(0.3 * n) for v, n in counts.items()}
    assert len(set(sample.drawn)) == len(sample.drawn)
    entry = demo_db.execute("SELECT after FROM audit_log WHERE action = 'sample_draw' "
                            "ORDER BY id DESC LIMIT 1").fetchone()[0]
    logged = json.loads(entry)
    assert logged["seed"] == 20260901 and logged["drawn"] == sample.drawn
    assert len(logged["frame"]) == sum(counts.values()) and logged["frame_sha256"]
    check = verify_sample(demo_db, sample.id)
    assert check["same_list"] and check["frame_intact"] and check["frame_unchanged"]
    again = draw_sample(demo_db, spec, seed=20260901)
    assert again.drawn == sample.drawn
    other = draw_sample(demo_db, spec, seed=1)
    assert other.drawn != sample.drawn


def test_a_tampered_list_is_caught(demo_db):
    sample = draw_sample(demo_db, DrawSpec("villages", per_stratum=2), seed=5)
    demo_db.execute("UPDATE samples SET drawn = ? WHERE id = ?",
                    [json.dumps(list(reversed(sample.drawn))), sample.id])
    assert not verify_sample(demo_db, sample.id)["same_list"]


def test_a_reseeded_row_is_caught_against_the_audit_entry(demo_db):
    from ykt_desktop.campaign.sampling import draw

    spec = DrawSpec("households", "village", ratio=0.3)
    sample = draw_sample(demo_db, spec, seed=11)
    params = json.loads(demo_db.execute("SELECT params FROM samples WHERE id = ?",
                                        [sample.id]).fetchone()[0])
    redrawn = draw([tuple(x) for x in params["frame"]], spec, 99)
    params["seed"] = 99
    demo_db.execute("UPDATE samples SET seed = 99, drawn = ?, params = ? WHERE id = ?",
                    [json.dumps(redrawn), json.dumps(params), sample.id])
    check = verify_sample(demo_db, sample.id)
    assert check["same_list"] and check["frame_intact"] and not check["ok"]
    assert any("种子" in p for p in check["audit_problems"])


def test_a_doctored_frame_and_stray_backcheck_are_caught(demo_db):
    from ykt_desktop.campaign.sampling import draw, frame_hash

    spec = DrawSpec("households", ratio=0.3)
    sample = draw_sample(demo_db, spec, seed=12)
    hh = sample.drawn[0]
    same = {k: v for k, (_, v) in original_answers(demo_db, hh).items()}
    record_backcheck(demo_db, hh, sample_id=sample.id, checker="复核员",
                     checked_on="2026-09-10", answers=same)
    params = json.loads(demo_db.execute("SELECT params FROM samples WHERE id = ?",
                                        [sample.id]).fetchone()[0])
    params["frame"] = [x for x in params["frame"] if x[0] != hh]
    cut = [tuple(x) for x in params["frame"]]
    demo_db.execute("UPDATE samples SET frame_sha256 = ?, frame_size = ?, drawn = ?, params = ? "
                    "WHERE id = ?", [frame_hash(cut), len(cut), json.dumps(draw(cut, spec, 12)),
                                     json.dumps(params), sample.id])
    check = verify_sample(demo_db, sample.id)
    assert check["same_list"] and check["frame_intact"] and not check["ok"]
    text = "\n".join(check["audit_problems"])
    assert "抽样框校验值" in text and "不在抽查" in text
    from ykt_desktop.audit.verify import verify_chain
    from ykt_desktop.progress import run

    result = run(verify_chain(demo_db))
    assert any("抽样框校验值" in p.message for p in result.problems)


def test_issues_by_department_and_bad_parameters(demo_db):
    village = demo_db.execute("SELECT min(code) FROM regions WHERE level = 'village'").fetchone()[0]
    item = demo_db.execute("SELECT id FROM subsidy_items WHERE code = 'dibao'").fetchone()[0]
    create_issue(demo_db, NewIssue("kekou", description="低保金被克扣", village_code=village,
                                   item_id=item))
    create_issue(demo_db, NewIssue("qita", description="其他问题", village_code=village))
    items = frame(demo_db, DrawSpec("issues", "department", per_stratum=1))
    assert {"民政局", "未指明部门"} <= {stratum for _, stratum in items}
    drawn = draw_sample(demo_db, DrawSpec("issues", "department", per_stratum=1), seed=3)
    assert len(drawn.drawn) == len({stratum for _, stratum in items})
    with pytest.raises(CampaignError, match="比例"):
        draw_sample(demo_db, DrawSpec("households", ratio=1.5))
    with pytest.raises(CampaignError, match="二者选一"):
        draw_sample(demo_db, DrawSpec("households"))
    with pytest.raises(CampaignError, match="只能"):
        draw_sample(demo_db, DrawSpec("villages", "department", per_stratum=1))


def test_print_backcheck_rates_and_issue(demo_db, tmp_path):
    sample = draw_sample(demo_db, DrawSpec("households", "village", ratio=0.3), seed=11)
    pdf = export_sample(demo_db, sample.id, tmp_path / "名单.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    assert len(sample_rows(demo_db, sample.id)) == len(sample.drawn)
    first, second = sample.drawn[:2]
    same = {k: v for k, (_, v) in original_answers(demo_db, first).items()}
    record_backcheck(demo_db, first, sample_id=sample.id, checked_on="2026-09-10",
                     checker="县财政局 王复核", answers=same)
    changed = {k: v for k, (_, v) in original_answers(demo_db, second).items()}
    changed["members"] = str(int(changed["members"]) + 1)
    bc = record_backcheck(demo_db, second, sample_id=sample.id, checked_on="2026-09-10",
                          checker="县财政局 王复核", answers=changed)
    rows = {r["household_id"]: r for r in backchecks(demo_db, sample_id=sample.id)}
    assert rows[first]["n_diff"] == 0 and rows[second]["n_diff"] == 1
    assert rows[second]["differences"][0]["label"] == "户内人数"
    total = sum(r.households for r in discrepancy_rates(demo_db, by="verifier"))
    assert total == 2
    assert sum(r.differing for r in discrepancy_rates(demo_db, by="village")) == 1
    out = export_rates(demo_db, tmp_path / "差异率.xlsx", sample_id=sample.id)
    sheets = load_workbook(out).sheetnames
    assert sheets == ["按村", "按原核查人"]
    issue = backcheck_to_issue(demo_db, bc)
    found_by, hid = demo_db.execute("SELECT found_by, household_id FROM issues WHERE id = ?",
                                    [issue]).fetchone()
    assert (found_by, hid) == ("spot", second)
    with pytest.raises(CampaignError, match="已登记"):
        backcheck_to_issue(demo_db, bc)
    outside = next(h for (h,) in demo_db.execute("SELECT id FROM households")
                   if h not in sample.drawn)
    hh_no = demo_db.execute("SELECT hh_no FROM households WHERE id = ?", [outside]).fetchone()[0]
    with pytest.raises(CampaignError, match=f"户编号 {hh_no}）不在抽查"):
        record_backcheck(demo_db, outside, sample_id=sample.id, checked_on="2026-09-10",
                         checker="王", answers={"members": "1"})
