"""Ground truth of the anomalies the demo generator injects.

Each rule's truth is a set of *subject keys*; the checks (比对) must report exactly these keys:

=========================  ===============================================================
rule                       subject key
=========================  ===============================================================
invalid_id                 id_number (as stored)
id_in_two_households       id_number
dead_paid                  id_number  (dead in persons, or on the death list, and paid for a
                           period after the death month)
over_standard              id_number|item_code|period  (sum paid > standard)
short_paid                 id_number|item_code|period  (0 < sum paid < amount due)
late_payment               id_number|item_code|period  (paid after period end + deadline_days)
wrong_card                 id_number|item_code|period  (paid to a card not the beneficiary's;
                           for per-household items not the head's)
failed_not_resent          id_number|item_code|period  (a failed payment, nothing paid after)
incompatible_items         id_number|item_a|item_b     (pair order as in incompatible_items)
eligible_not_receiving     id_number|item_code         (in an age band in the last month and
                           not paid that band's item in that month)
multi_subsidy_cards        id_number  (two or more cards that are neither 社保卡 nor student)
card_held_by_other         card_number  (custodian cadre/other/family without consent)
cadre_beneficiary          id_number  (on the cadre list and paid a non-universal item)
statement_mismatch         id_number|item_code|period  (household's stated amount differs
                           from the sum paid successfully)
=========================  ===============================================================

For per-household items the id_number is the head's (the recipient).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

RULES = (
    "invalid_id", "id_in_two_households", "dead_paid", "over_standard", "short_paid",
    "late_payment", "wrong_card", "failed_not_resent", "incompatible_items",
    "eligible_not_receiving", "multi_subsidy_cards", "card_held_by_other",
    "cadre_beneficiary", "statement_mismatch",
)


class Truth:
    """Collects injected anomalies and decides, reproducibly, where to inject them."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng = rng
        self.rate = rate
        self.keys: dict[str, set[str]] = defaultdict(set)

    def should(self, rule: str, weight: float = 1.0) -> bool:
        """Inject here? Always for the first candidate of a rule, then at the set rate."""
        return not self.keys[rule] or self.rng.random() < self.rate * weight

    def add(self, rule: str, key: str) -> None:
        self.keys[rule].add(key)

    def discard(self, rule: str, key: str) -> None:
        self.keys[rule].discard(key)

    def as_dict(self) -> dict[str, list[str]]:
        return {rule: sorted(self.keys.get(rule, ())) for rule in RULES}


def truth_path(db_file: Path | str) -> Path:
    """The ground-truth JSON written beside the database: ``<db>.truth.json``."""
    path = Path(db_file)
    return path.with_name(path.name + ".truth.json")


def write_truth(path: Path, *, params: dict, truth: Truth, counts: dict) -> None:
    payload = {"params": params, "counts": counts, "truth": truth.as_dict(),
               "formats_of_keys": __doc__}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def read_truth(path: Path | str) -> dict[str, set[str]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {rule: set(keys) for rule, keys in data["truth"].items()}
