"""Running the checks: a long job (generator yielding Progress) for the CLI and the UI."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.changes import Changes, Kind
from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.checks.parallel import found_in_workers, worker_count
from ykt_desktop.checks.params import load_params, validate
from ykt_desktop.checks.registry import select_rules
from ykt_desktop.checks.store import stamp, store_findings
from ykt_desktop.progress import Job, Progress


@dataclass
class RuleResult:
    rule: str
    title: str
    found: int
    new: int
    amount: float
    seconds: float
    keys: set[str] = field(default_factory=set, repr=False)


@dataclass
class CheckRun:
    started_at: str
    results: list[RuleResult]

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.results)

    @property
    def changes(self) -> Changes:
        return Changes.of(Kind.FINDINGS)


STEPS = 100        # progress units per rule: a rule reports its own fraction within them
TICK = 0.1         # seconds: the longest a rule goes without a step the UI can cancel at


def run_checks(db: sqlite_utils.Database, rules: Sequence[str] | None = None, *,
               workers: int | None = None) -> Job[CheckRun]:
    """Run the chosen rules (all when None) and store their findings, one rule at a time.

    Each rule's findings land in their own transaction; cancelling between rules keeps the
    rules already finished and changes nothing else. Progress is reported within a rule too:
    the rule's own steps (a rule may yield :class:`Progress` among its findings) and, while it
    yields findings, at least every :data:`TICK` seconds. ``workers`` processes run the rules
    (None: two for a county-sized file, :mod:`ykt_desktop.checks.parallel`; 1: this process).
    """
    selected = select_rules(rules)
    params = load_params(db)
    validate(params)  # a value stored before it was checked: Chinese error, not a traceback
    at = stamp()
    count = worker_count(db, selected) if workers is None else workers
    found = (found_in_workers(db, selected, count, STEPS) if count > 1
             else _found_here(db, params, selected))
    results: dict[str, RuleResult] = {}
    for item in found:
        if isinstance(item, Progress):
            yield item
            continue
        rule, findings, seconds = item
        new = store_findings(db, rule.name, findings, at, seconds)
        results[rule.name] = RuleResult(
            rule.name, rule.title, len(findings), new,
            round(sum(f.amount for f in findings), 2), round(seconds, 3),
            {f.subject_key for f in findings})
    total = len(selected)
    yield Progress(total * STEPS, total * STEPS, "比对完成")
    return CheckRun(at, [results[r.name] for r in selected if r.name in results])


def _found_here(db: sqlite_utils.Database, params: dict, selected: Sequence[Rule]
                ) -> Iterator[Progress | tuple[Rule, list[Finding], float]]:
    """Each rule run in this process, one after the other."""
    ctx = CheckContext(db, params)
    try:
        for index, rule in enumerate(selected):
            started = time.perf_counter()
            findings = yield from _find(ctx, rule, index, len(selected))
            yield rule, findings, time.perf_counter() - started
    finally:
        ctx.close()


def _find(ctx: CheckContext, rule: Rule, index: int, total: int) -> Job[list[Finding]]:
    """The rule's findings, with progress steps on the way."""
    label = f"正在比对：{rule.title}（{index + 1}/{total}）"
    base = index * STEPS
    yield Progress(base, total * STEPS, label)
    findings: list[Finding] = []
    done, last = base, time.perf_counter()
    for item in rule.find(ctx):
        if isinstance(item, Progress):
            done = base + min(STEPS - 1, int(STEPS * item.fraction))
            last = time.perf_counter()
            yield Progress(done, total * STEPS, f"{label} {item.message}".rstrip())
            continue
        findings.append(item)
        if len(findings) % 64 == 0 and time.perf_counter() - last > TICK:
            last = time.perf_counter()
            yield Progress(done, total * STEPS, f"{label} 已找到 {len(findings)} 条")
    return findings
