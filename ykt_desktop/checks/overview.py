"""What the 比对与导入 page shows about each rule: last run and findings by status."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.checks.registry import all_rules
from ykt_desktop.checks.store import rule_runs, status_counts


@dataclass(frozen=True)
class RuleLine:
    name: str
    title: str
    description: str
    last_run_at: str
    found: int
    candidate: int
    confirmed: int
    dismissed: int
    stale: int


def rule_lines(db: sqlite_utils.Database) -> list[RuleLine]:
    runs, counts = rule_runs(db), status_counts(db)
    lines = []
    for rule in all_rules():
        run = runs.get(rule.name, {})
        c = counts.get(rule.name, {})
        lines.append(RuleLine(rule.name, rule.title, rule.description,
                              (run.get("last_run_at") or "")[:16], run.get("found", 0),
                              c.get("candidate", 0), c.get("confirmed", 0),
                              c.get("dismissed", 0), c.get("stale", 0)))
    return lines
