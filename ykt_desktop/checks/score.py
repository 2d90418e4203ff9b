"""Scoring a run against the demo generator's ground truth (``<db>.truth.json``)."""

from __future__ import annotations

from dataclasses import dataclass

from ykt_desktop.checks.runner import CheckRun


@dataclass(frozen=True)
class Score:
    rule: str
    expected: int
    found: int
    true_positive: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.found if self.found else (1.0 if not self.expected else 0)

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0

    def missed(self, truth: set[str], keys: set[str]) -> list[str]:
        return sorted(truth - keys)


def score_run(run: CheckRun, truth: dict[str, set[str]]) -> list[Score]:
    """Precision and recall per rule that has a ground truth."""
    scores = []
    for result in run.results:
        if result.rule not in truth:
            continue
        expected = truth[result.rule]
        scores.append(Score(result.rule, len(expected), len(result.keys),
                            len(expected & result.keys)))
    return scores
