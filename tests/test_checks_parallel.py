"""The checks in two worker processes (issue 15) find and store what one process does; closing
the job (取消) ends the workers; an error in a rule reaches the caller in its own words."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_db
from ykt_desktop.checks import parallel
from ykt_desktop.checks.registry import all_rules
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.progress import Progress, run
from ykt_desktop.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
STORED = ("SELECT rule, subject_key, person_id, household_id, card_id, item_id, village_code, "
          "amount, evidence FROM findings ORDER BY rule, subject_key")


def _checked(path, workers: int) -> tuple[list, list]:
    db = open_db(path)
    try:
        result = run(run_checks(db, workers=workers))
        rows = db.execute(STORED).fetchall()
    finally:
        db.close()
    return [(r.rule, r.found, r.new, r.amount, sorted(r.keys)) for r in result.results], rows


def test_two_workers_find_and_store_what_one_process_does(demo_path, tmp_path):
    other = copy_db(demo_path, tmp_path / "other.db")
    one, one_rows = _checked(demo_path, 1)
    two, two_rows = _checked(other, 2)
    assert two == one and two_rows == one_rows
    assert sum(found for _, found, *_ in one) > 0
    assert [rule for rule, *_ in two] == [r.name for r in all_rules()]


def test_the_payment_sum_rules_share_one_worker_and_the_longest_go_first(demo_db):
    rules = all_rules()
    groups = parallel.task_groups(demo_db, rules)
    assert sorted(n for g in groups for n in g) == sorted(r.name for r in rules)
    assert sorted(parallel.SHARED) in [sorted(g) for g in groups]
    demo_db.execute("INSERT INTO check_rule_runs(rule, last_run_at, found, new, seconds) "
                    "VALUES ('dead_paid', '2026-01-01', 0, 0, 99)")
    assert parallel.task_groups(demo_db, rules)[0] == ["dead_paid"]
    assert parallel.worker_count(demo_db, rules) == 1          # a small file: one process


def test_closing_the_job_ends_the_workers(demo_path):
    db = open_db(demo_path)
    try:
        job = run_checks(db, workers=2)
        step = next(job)
        assert isinstance(step, Progress)
        children = multiprocessing.active_children()
        assert len(children) == 2
        job.close()                                 # what 取消 does between two steps
        deadline = time.monotonic() + 5
        while any(p.is_alive() for p in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(p.is_alive() for p in children)
    finally:
        db.close()


def test_a_rule_error_reaches_the_caller(demo_path):
    db = open_db(demo_path)
    try:
        db.execute("ALTER TABLE persons RENAME COLUMN id_number TO id_no")
        with pytest.raises(Exception, match="id_number"):
            run(run_checks(db, ["invalid_id", "dead_paid"], workers=2))
    finally:
        db.close()


def test_a_worker_that_cannot_open_the_file_says_why(demo_path, tmp_path, monkeypatch):
    """The worker's own error (here: no file where its handle points) reaches the caller."""
    from ykt_desktop.db.handle import handle_for

    gone = handle_for(tmp_path / "missing" / "demo.db")
    monkeypatch.setattr(parallel, "handle_of", lambda _db: gone)
    db = open_db(demo_path)
    try:
        with pytest.raises(Exception, match="无法打开数据库文件"):
            run(run_checks(db, ["invalid_id", "dead_paid"], workers=2))
    finally:
        db.close()


PARENT = """
import multiprocessing, sys, time
from ykt_desktop.checks import parallel
from ykt_desktop.storage import handle_of, open_db

if __name__ == "__main__":
    db = open_db(sys.argv[1])
    context = multiprocessing.get_context("spawn")
    tasks, answers = context.Queue(), context.Queue()     # no group is ever put
    proc = context.Process(target=parallel.work, args=(handle_of(db), tasks, answers),
                           daemon=True)
    proc.start()
    print(proc.pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return "\\nState:\\tZ" not in status.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_ends_when_the_app_is_killed(demo_path, tmp_path):
    """kill -9 of the app while a worker waits for its next group: the worker ends (it stayed
    alive for good before, holding the database open)."""
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(demo_path)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, text=True)
    try:
        worker = int(parent.stdout.readline())
        time.sleep(1.0)                 # the worker has started and waits on the queue
        assert _alive(worker)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 20
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive, "the worker outlived the killed app"
