"""Payment rows (official figures) and door-to-door statements of one demo village."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ykt_desktop.demo.entitlements import EntitlementPlanner, gaoling_item, month_end
from ykt_desktop.demo.population import Counters, Household, Person
from ykt_desktop.demo.truth import Truth

ROW_KINDS = ("late_payment", "over_standard", "short_paid", "wrong_card", "failed_not_resent")


@dataclass(frozen=True)
class ItemInfo:
    id: int
    code: str
    standard: float
    deadline_days: int
    universal: bool


class PaymentWriter:
    """Builds payment tuples in the column order of ``PAYMENT_COLUMNS``."""

    def __init__(self, rng: random.Random, counters: Counters, truth: Truth,
                 planner: EntitlementPlanner, items: dict[str, ItemInfo]) -> None:
        self.rng, self.c, self.truth = rng, counters, truth
        self.planner, self.items = planner, items
        self.year = planner.year
        self.rows: list[tuple] = []
        self.paid_sum: dict[tuple[int, str, str], float] = {}
        self.selective_paid: set[int] = set()
        self.by_person: dict[int, list[tuple[str, str]]] = {}
        self.foreign_cards: list[tuple[int, str, str, str]] = []

    def village(self, households: list[Household], village_code: str) -> None:
        self.foreign_cards = [p.pay_card for hh in households for p in hh.members
                              if p.pay_card][:50]
        for hh in households:
            for person in hh.members:
                self._person(hh, person, village_code)
            if hh.head.pay_card:
                self._household_item(hh, "gengdi", village_code)

    def _person(self, hh: Household, person: Person, village: str) -> None:
        if not person.pay_card:
            return
        self.planner.inject_dead_paid(person)
        gets_gaoling = self.planner.elder_gets_gaoling(person)
        last_month = 12
        if person.death_date and not person.dead_paid:
            last_month = person.death_date.month
        elder = self.planner.age(person) >= 80
        for month in range(1, last_month + 1):
            if gets_gaoling and elder:
                band = gaoling_item(self.planner.age(person, month))
                if band:
                    self._pay(person, hh.id, band, f"{self.year}-{month:02d}", month, village)
            for code in person.items:
                if code in ("jisheng_jiangli",):
                    continue
                self._pay(person, hh.id, code, f"{self.year}-{month:02d}", month, village)
        if "jisheng_jiangli" in person.items:
            self._pay(person, hh.id, "jisheng_jiangli", str(self.year), 12, village)

    def _household_item(self, hh: Household, code: str, village: str) -> None:
        if self.rng.random() > 0.85:
            return
        standard = round(hh.mu * self.items[code].standard, 2)
        self._pay(hh.head, hh.id, code, str(self.year), 12, village, standard=standard)

    def _pay(self, person: Person, hh_id: int, code: str, period: str, month: int,
             village: str, *, standard: float | None = None) -> None:
        item = self.items[code]
        std = item.standard if standard is None else standard
        card = person.pay_card
        key = f"{person.id_number}|{code}|{period}"
        end = month_end(self.year, month) if len(period) == 7 else dt.date(self.year, 12, 31)
        if len(period) == 4:
            end = dt.date(self.year, 12, 31)
            paid_on = dt.date(self.year, 5, 1) + dt.timedelta(days=self.rng.randrange(150))
        else:
            paid_on = end + dt.timedelta(days=self.rng.randint(3, max(4, item.deadline_days - 5)))
        kind = self._row_anomaly(key)
        paid, status = std, "paid"
        if kind == "late_payment":
            paid_on = end + dt.timedelta(days=item.deadline_days + self.rng.randint(10, 60))
        elif kind == "over_standard":
            paid = round(std * self.rng.choice((1.5, 2.0)), 2)
        elif kind == "short_paid":
            paid = round(std * self.rng.choice((0.5, 0.8)), 2)
        elif kind == "wrong_card":
            card = self._foreign_card(person)
        if kind == "failed_not_resent" or (kind is None and self.rng.random() < 0.002):
            self._row(person, hh_id, village, item, period, std, 0.0, None, card, "failed")
            if kind == "failed_not_resent":
                self._sum(person.id, code, period, 0.0)
                return
        self._row(person, hh_id, village, item, period, std, paid, paid_on, card, status)
        self._sum(person.id, code, period, paid)
        if not item.universal:
            self.selective_paid.add(person.id)

    def _sum(self, person_id: int, code: str, period: str, paid: float) -> None:
        self.paid_sum[(person_id, code, period)] = paid
        self.by_person.setdefault(person_id, []).append((code, period))

    def _row_anomaly(self, key: str) -> str | None:
        if self.rng.random() >= self.truth.rate * 2 and all(self.truth.keys[k] for k in ROW_KINDS):
            return None
        for kind in self.rng.sample(ROW_KINDS, len(ROW_KINDS)):
            if not self.truth.keys[kind] or self.rng.random() < 0.2:
                self.truth.add(kind, key)
                return kind
        return None

    def _foreign_card(self, person: Person) -> tuple[int, str, str, str]:
        own = {c[0] for c in person.cards}
        for card in self.rng.sample(self.foreign_cards, len(self.foreign_cards)):
            if card[0] not in own:
                return card
        raise RuntimeError("no foreign card available")

    def _row(self, person: Person, hh_id: int, village: str, item: ItemInfo, period: str,
             std: float, paid: float, paid_on: dt.date | None, card: tuple, status: str) -> None:
        self.rows.append((
            self.c.next("payment"), person.id, hh_id, village, item.id, period, std, std, paid,
            paid_on.isoformat() if paid_on else None, card[0], card[2], card[3], status, "demo",
        ))


PAYMENT_COLUMNS = (
    "id", "person_id", "household_id", "village_code", "item_id", "period", "standard",
    "amount_due", "amount_paid", "paid_date", "card_id", "card_number", "bank", "status", "source",
)
