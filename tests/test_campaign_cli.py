"""The campaign's commands, as an officer would type them, on the demo county."""

from __future__ import annotations

from ykt_desktop.cli import main


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_draw_print_verify_backcheck(demo_path, capsys, tmp_path):
    db = str(demo_path)
    code, out = _run(capsys, "sample-draw", "--db", db, "--stratify", "village", "--ratio",
                     "30%", "--seed", "42", "--out", str(tmp_path / "名单.pdf"))
    assert code == 0 and "抽查编号 1" in out and "随机种子 42" in out
    assert (tmp_path / "名单.pdf").read_bytes()[:4] == b"%PDF"
    code, out = _run(capsys, "sample-verify", "--db", db, "--id", "1")
    assert code == 0 and "名单一致" in out
    code, out = _run(capsys, "samples", "--db", db)
    assert "种子42" in out
    from ykt_desktop.campaign.sampling import load_sample
    from ykt_desktop.storage import open_db

    conn = open_db(demo_path)
    sample, _ = load_sample(conn, 1)
    hh_no = conn.execute("SELECT hh_no FROM households WHERE id = ?",
                         [sample.drawn[0]]).fetchone()[0]
    conn.close()
    code, out_hh = _run(capsys, "backcheck", "--db", db, "--household", hh_no)
    assert "members\t户内人数" in out_hh
    code, out = _run(capsys, "backcheck", "--db", db, "--sample", "1", "--household", hh_no,
                     "--checker", "王复核", "--date", "2026-09-10", "--set", "members=99")
    assert code == 0 and "差异1项" in out
    code, out = _run(capsys, "backcheck-rates", "--db", db, "--out", str(tmp_path / "r.xlsx"))
    assert "100.0%" in out and (tmp_path / "r.xlsx").exists()
    code, out = _run(capsys, "backcheck-issue", "--db", db, "--id", "1")
    assert code == 0 and "发现方式：抽查" in out
    code, out = _run(capsys, "sample-draw", "--db", db, "--ratio", "三成")
    assert code == 2 and "错误：" in out and "30%" in out


def test_calendar_policy_complaint_self_report(demo_path, capsys, tmp_path):
    db = str(demo_path)
    assert _run(capsys, "calendar", "--db", db)[1].startswith("工作日程为空")
    assert _run(capsys, "calendar-seed", "--db", db, "--year", "2026")[0] == 0
    out = _run(capsys, "calendar", "--db", db, "--today", "2026-07-16")[1]
    assert "自查自纠  进行中" in out and "逾期未报" in out and "即将到期" in out
    code, out = _run(capsys, "phase-summary", "--db", db, "--phase", "2", "--out",
                     str(tmp_path / "s.xlsx"))
    assert code == 0 and "入户核查户数" in out
    village = "420999100200"
    code, out = _run(capsys, "policy-list", "--db", db, "--scope", village, "--year", "2026",
                     "--out", str(tmp_path / "清单.pdf"))
    assert code == 0 and "政策清单编号 1" in out
    assert _run(capsys, "policy-post", "--db", db, "--id", "1", "--location", "村务公开栏",
                "--from", "2026-06-01", "--to", "2026-06-30")[0] == 0
    assert "已张贴1次" in _run(capsys, "policy-lists", "--db", db)[1]
    code, out = _run(capsys, "complaint-add", "--db", db, "--channel", "网络", "--date",
                     "2026-08-01", "--content", "冒领补贴", "--village", village)
    assert code == 0 and "JB20260001" in out
    assert "逾期未答复" in _run(capsys, "complaints", "--db", db, "--overdue")[1]
    code, out = _run(capsys, "complaint-issue", "--db", db, "--id", "1", "--category", "xubao")
    issue_no = out.split("已关联问题 ")[1].strip()
    assert _run(capsys, "complaint-reply", "--db", db, "--id", "1", "--date", "2026-08-20",
                "--reply", "已查实", "--result", "属实")[0] == 0
    assert _run(capsys, "complaints", "--db", db, "--overdue")[1].strip() == "没有逾期未答复的举报"
    code, out = _run(capsys, "self-report", "--db", db, "--issue", issue_no, "--persons", "1",
                     "--amount", "800", "--date", "2026-10-01")
    assert code == 0 and "800.00元" in out
    short = issue_no.split("-")[-1]
    assert short.startswith("WT") and short != issue_no
    code, out = _run(capsys, "self-report", "--db", db, "--issue", short, "--persons", "1",
                     "--amount", "100", "--date", "2026-10-02")
    assert code == 0 and "100.00元" in out


def test_desk_demo_only_on_a_demo_county(demo_path, empty_db, capsys, tmp_path):
    code, out = _run(capsys, "desk-demo", "--db", str(demo_path))
    assert code == 0 and "desk_visit_rate" in out
    from ykt_desktop.storage import db_path

    code, out = _run(capsys, "desk-demo", "--db", str(db_path(empty_db)))
    assert code == 2 and "只能在演示县" in out
