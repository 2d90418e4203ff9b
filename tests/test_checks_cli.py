"""The command line: check --score, import-roster, issues list/show; my migration."""

from __future__ import annotations

from tests.imports_helpers import ROSTER_HEADER, roster_rows, write_xlsx
from ykt_desktop import migrations
from ykt_desktop.checks.decide import confirm_finding
from ykt_desktop.checks.registry import get_rule
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db


def test_check_score_prints_full_marks(demo_path, capsys):
    assert main(["check", "--db", str(demo_path), "--score"]) == 0
    out = capsys.readouterr().out
    assert get_rule("dead_paid").title in out and "合计用时" in out
    score_lines = [line for line in out.split("\n查准率")[-1].splitlines() if "%" in line]
    assert len(score_lines) >= 14
    assert all(line.count("100.0%") == 2 for line in score_lines)
    assert "漏报" not in out and "误报" not in out


def test_check_single_rule_and_unknown_rule(demo_path, capsys):
    assert main(["check", "--db", str(demo_path), "--rule", "wrong_card"]) == 0
    assert get_rule("wrong_card").title in capsys.readouterr().out
    assert main(["check", "--db", str(demo_path), "--rule", "nope"]) == 2
    assert "没有名为“nope”的比对规则" in capsys.readouterr().err


def test_bad_parameters_refused_and_a_bad_stored_value_is_a_chinese_error(demo_path, capsys):
    for bad in ("desk_max_visits_per_day=abc", "desk_max_visits_per_hour=-3",
                "desk_backcheck_max_rate=1.5", "late_grace_days=2.5"):
        assert main(["check", "--db", str(demo_path), "--set", bad]) == 2
        err = capsys.readouterr().err
        assert bad.split("=")[0] in err and "应是" in err, err
    db = open_db(demo_path)
    from ykt_desktop.checks.params import SETTING_KEY
    from ykt_desktop.settings import set_setting

    set_setting(db, SETTING_KEY, {"desk_max_visits_per_day": "abc"})
    db.close()
    assert main(["check", "--db", str(demo_path), "--rule", "desk_visit_rate"]) == 2
    err = capsys.readouterr().err
    assert "desk_max_visits_per_day" in err and "Traceback" not in err


def test_import_roster_then_refused_twice(demo_path, tmp_path, capsys):
    db = open_db(demo_path)
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(db, 4))
    db.close()
    assert main(["import-roster", "--db", str(demo_path), str(path), "--check-only"]) == 0
    assert "错误0处" in capsys.readouterr().out
    assert main(["import-roster", "--db", str(demo_path), str(path)]) == 0
    assert "已导入发放名册4行" in capsys.readouterr().out
    assert main(["import-roster", "--db", str(demo_path), str(path)]) == 2
    assert "不能重复导入" in capsys.readouterr().err


def test_issues_list_and_show(demo_path, capsys):
    main(["check", "--db", str(demo_path), "--rule", "dead_paid"])
    db = open_db(demo_path)
    fid = db.execute("SELECT id FROM findings WHERE rule = 'dead_paid'").fetchone()[0]
    issue_no = db.execute("SELECT issue_no FROM issues WHERE id = ?",
                          [confirm_finding(db, fid)]).fetchone()[0]
    db.close()
    capsys.readouterr()
    assert main(["issues", "list", "--db", str(demo_path), "--status", "registered"]) == 0
    assert issue_no in capsys.readouterr().out
    assert main(["issues", "show", issue_no, "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "系统比对" in out and "问题挂号" in out


def test_migration_empty_and_twice(tmp_path):
    db = open_db(tmp_path / "m.db")
    assert {"import_mappings", "check_rule_runs"} <= set(db.table_names())
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    for migration_set in migrations.migration_sets():
        migration_set.apply(db)
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
