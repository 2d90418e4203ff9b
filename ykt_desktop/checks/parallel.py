"""The rules run in two worker processes (issue 15: checks within 30 s on a busy 2-core PC).

On a machine kept busy by other programs one process gets a share of one core; two processes
get two shares. Each worker opens its own connection through the run's handle (same file, key
and user) and only reads (its shared intermediate results are TEMP tables of its own
connection); it takes the next group of rules from a queue (the longest first, by the last
run's seconds; the payment-sum rules in one group, as they share one pass) and sends back its
progress and each rule's findings. The parent stores the findings, one rule per transaction, as
before. A job: it yields progress at least every :data:`TICK` seconds, so 取消 is seen within
that; closing it ends the workers at once. A worker whose parent is gone (the app killed with
kill -9 or by the task manager, or crashed) ends too, instead of waiting for its next group or
for a parent to read its findings, forever.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import sqlite_utils

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.checks.params import load_params
from ykt_desktop.checks.registry import _EXTRA, get_rule
from ykt_desktop.checks.store import rule_runs
from ykt_desktop.errors import UserError
from ykt_desktop.progress import Progress
from ykt_desktop.storage import db_path, handle_of

TICK = 0.1                  # seconds between progress steps while waiting for the workers
MIN_PAYMENTS = 200_000      # below this one process is quicker (a worker starts in ~0.5 s)
SHARED = ("over_standard", "short_paid", "failed_not_resent")   # one payment-sum pass
Done = tuple[Rule, list[Finding], float]


def worker_count(db: sqlite_utils.Database, rules: Sequence[Rule]) -> int:
    """2 for a county-sized file with several rules on a machine of 2 or more cores, else 1."""
    if len(rules) < 2 or (os.cpu_count() or 1) < 2 or db_path(db) is None:
        return 1
    if any(rule.name in _EXTRA for rule in rules):     # registered at run time: not in a worker
        return 1
    rows = db.execute("SELECT max(rowid) FROM payments").fetchone()[0] or 0
    return 2 if rows >= MIN_PAYMENTS else 1


def task_groups(db: sqlite_utils.Database, rules: Sequence[Rule]) -> list[list[str]]:
    """Rule names in groups, the longest first (by the last run's seconds)."""
    last = {name: run["seconds"] or 0.0 for name, run in rule_runs(db).items()}
    shared = [r.name for r in rules if r.name in SHARED]
    groups = [[r.name] for r in rules if r.name not in SHARED] + ([shared] if shared else [])
    return sorted(groups, key=lambda g: -sum(last.get(n, 0.0) for n in g))


def found_in_workers(db: sqlite_utils.Database, rules: Sequence[Rule], workers: int,
                     steps: int) -> Iterator[Progress | Done]:
    """Each rule's (rule, findings, seconds) as the workers finish it, with progress between
    (``steps`` progress units per rule)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")      # never fork a process with threads
    tasks, answers = context.Queue(), context.Queue()
    for group in task_groups(db, rules):
        tasks.put(group)
    for _ in range(workers):
        tasks.put(None)
    procs = [context.Process(target=work, args=(handle_of(db), tasks, answers), daemon=True)
             for _ in range(workers)]
    for proc in procs:
        proc.start()
    try:
        yield from _collect(rules, procs, answers, steps)
    finally:                # all told to stop first, then waited for (取消 within 0.5 s)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(5)
        tasks.cancel_join_thread()
        answers.cancel_join_thread()


def _collect(rules: Sequence[Rule], procs: list, answers: Any,
             steps: int) -> Iterator[Progress | Done]:
    by_name = {r.name: r for r in rules}
    fraction: dict[str, float] = {}
    running: dict[str, str] = {}
    total = len(rules) * steps
    while len(fraction) < len(rules) or any(f < 1 for f in fraction.values()):
        try:
            message = answers.get(timeout=TICK)
        except queue.Empty:
            _check_alive(procs)
            message = None
        if message is not None and message[0] == "error":
            raise message[2]
        if message is not None and message[0] == "done":
            _, name, findings, seconds = message
            fraction[name] = 1.0
            running.pop(name, None)
            yield by_name[name], findings, seconds
        elif message is not None:
            _, name, part, text = message
            fraction[name] = min(part, 0.99)
            running[name] = text
        done = int(sum(fraction.values()) * steps)
        finished = sum(1 for f in fraction.values() if f >= 1)
        titles = "、".join(f"{by_name[n].title}{(' ' + t) if t else ''}"
                          for n, t in running.items())
        yield Progress(min(done, total - 1), total,
                       f"正在比对：{titles}（已完成 {finished}/{len(rules)}）")


class WorkerDied(UserError):
    """A worker process ended in the middle of the run (out of memory, ended in the task
    manager): the rules stored so far are kept, the user is told what to do next."""


def _check_alive(procs: list) -> None:
    for proc in procs:
        if not proc.is_alive() and proc.exitcode not in (0, None):
            raise WorkerDied(f"比对的工作进程意外退出（退出码 {proc.exitcode}），比对未完成，"
                             "已完成的规则结果已保存；请关闭其他程序后重新运行比对。")


def end_with_parent() -> None:
    """In a worker process: exit as soon as the process that started it has ended. Without
    this a worker outlives a killed app: blocked on the queue of groups, or at its own exit
    on a pipe full of findings nobody reads (seen: two workers of a killed run still alive
    15 minutes later, 146 MB each, the database file open)."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])     # ready when the parent has ended, however it ended
        os._exit(3)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def work(handle: Any, tasks: Any, answers: Any) -> None:
    """A worker process: run the groups of rules taken from ``tasks`` until ``None``."""
    end_with_parent()
    try:
        db = handle.connect()
        ctx = CheckContext(db, load_params(db))
    except Exception as exc:        # noqa: BLE001 - the file cannot be read: said in the parent
        answers.put(("error", "", exc))
        raise
    try:
        while (group := tasks.get()) is not None:
            for name in group:
                _run_rule(ctx, get_rule(name), answers)
    finally:
        ctx.close()
        db.close()


def _run_rule(ctx: CheckContext, rule: Rule, answers: Any) -> None:
    started, last = time.perf_counter(), 0.0
    answers.put(("progress", rule.name, 0.0, ""))
    findings: list[Finding] = []
    try:
        for item in rule.find(ctx):
            if not isinstance(item, Progress):
                findings.append(item)
            elif time.perf_counter() - last > TICK:
                last = time.perf_counter()
                answers.put(("progress", rule.name, item.fraction, item.message))
    except Exception as exc:        # noqa: BLE001 - raised again in the parent, as it was
        answers.put(("error", rule.name, exc))
        raise
    answers.put(("done", rule.name, findings, time.perf_counter() - started))
