"""The checks on the demo county: every rule finds exactly what the generator injected."""

from __future__ import annotations

from ykt_desktop.checks.registry import all_rules
from ykt_desktop.checks.runner import STEPS, run_checks
from ykt_desktop.checks.score import score_run
from ykt_desktop.demo.truth import RULES
from ykt_desktop.progress import Progress, run


def test_every_rule_scores_full_precision_and_recall(demo_db, demo_truth):
    steps: list[Progress] = []
    result = run(run_checks(demo_db), steps.append)
    scores = {s.rule: s for s in score_run(result, demo_truth)}
    assert set(RULES) <= set(scores)
    for rule in RULES:
        s = scores[rule]
        assert s.expected > 0, rule
        assert (s.precision, s.recall) == (1.0, 1.0), (rule, s)
    assert steps[-1].done == steps[-1].total == len(all_rules()) * STEPS
    assert [s.done for s in steps] == sorted(s.done for s in steps)     # never goes back


def test_rerun_never_duplicates_and_decisions_stick(demo_db):
    first = run(run_checks(demo_db))
    total = demo_db.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert total == sum(r.found for r in first.results)
    fid = demo_db.execute("SELECT id FROM findings WHERE rule = 'over_standard'").fetchone()[0]
    demo_db.execute("UPDATE findings SET status = 'dismissed', dismiss_reason = '已核实' "
                    "WHERE id = ?", [fid])
    second = run(run_checks(demo_db))
    assert demo_db.execute("SELECT count(*) FROM findings").fetchone()[0] == total
    assert sum(r.new for r in second.results) == 0
    assert demo_db.execute("SELECT status, dismiss_reason FROM findings WHERE id = ?",
                           [fid]).fetchone() == ("dismissed", "已核实")


def test_cancel_between_rules_keeps_finished_rules(demo_db):
    job = run_checks(demo_db)
    while next(job).done < STEPS:       # steps within the first rule
        pass
    job.close()                         # first rule stored, second about to start
    rules = {r for r, in demo_db.execute("SELECT DISTINCT rule FROM findings")}
    assert rules == {all_rules()[0].name}
    assert demo_db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0


def test_findings_are_committed(demo_db, demo_path):
    import sqlite3

    result = run(run_checks(demo_db))
    assert not demo_db.conn.in_transaction            # no transaction left open by temp tables
    other = sqlite3.connect(str(demo_path))
    stored = other.execute("SELECT count(DISTINCT rule), count(*) FROM findings").fetchone()
    other.close()
    assert stored == (len({r.rule for r in result.results if r.found}),
                      sum(r.found for r in result.results))
