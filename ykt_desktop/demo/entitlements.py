"""Who in a demo village receives what, who died, and the injected entitlement anomalies."""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache

from ykt_desktop import idcard
from ykt_desktop.demo.population import Household, Person
from ykt_desktop.demo.truth import Truth

GAOLING_BANDS = ((100, "gaoling_100"), (90, "gaoling_90"), (80, "gaoling_80"))
CANJI_ITEMS = ("kunnan_canji", "zhongdu_canji")


def gaoling_item(age: int) -> str | None:
    for low, code in GAOLING_BANDS:
        if age >= low:
            return code
    return None


@lru_cache(maxsize=512)
def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


class EntitlementPlanner:
    def __init__(self, rng: random.Random, truth: Truth, year: int, rates: dict[str, float],
                 incompatible: list[tuple[str, str]]) -> None:
        self.rng, self.truth, self.year, self.rates = rng, truth, year, rates
        self.incompatible = incompatible
        self.ref = month_end(year, 12)

    def plan(self, households: list[Household]) -> None:
        for hh in households:
            for person in hh.members:
                self._status(person)
                self._items(person)

    def age(self, person: Person, month: int = 12) -> int:
        return idcard.age_on(person.birth, month_end(self.year, month))

    def _status(self, person: Person) -> None:
        rng, age = self.rng, self.age(person)
        death_chance = 0.002 if age < 60 else (0.02 if age < 80 else 0.06)
        if person.relation != "户主" and rng.random() < death_chance:
            person.status = "dead"
            person.death_date = dt.date(self.year, 1, 1) + dt.timedelta(days=rng.randrange(330))
            person.on_death_list = True
        elif person.relation != "户主" and 18 <= age < 50 and rng.random() < 0.01:
            person.status = "moved"

    def _items(self, person: Person) -> None:
        rng, age, r = self.rng, self.age(person), self.rates
        if person.status == "moved":
            return
        if rng.random() < r.get("dibao", 0):
            person.items.append("dibao")
        if age >= 60 and rng.random() < r.get("tekun", 0) * 3:
            person.items.append("tekun")
        elif person.disability_grade:
            if person.disability_grade <= 2:
                person.items.append("zhongdu_canji")
            if "dibao" in person.items or rng.random() < 0.5:
                person.items.append("kunnan_canji")
        if 18 <= age < 60 and rng.random() < r.get("huanglin", 0):
            person.items.append("huanglin")
        if age >= 60 and rng.random() < r.get("jisheng_jiangli", 0) * 2:
            person.items.append("jisheng_jiangli")
        if age >= 49 and rng.random() < r.get("jisheng_tebie", 0):
            person.items.append("jisheng_tebie")
        if age >= 60 and person.sex == "M" and rng.random() < r.get("youfu", 0) * 2:
            person.items.append("youfu")
        self._inject_incompatible(person)

    def _inject_incompatible(self, person: Person) -> None:
        if person.status != "normal":
            return
        if self.incompatible and not self.truth.keys["incompatible_items"] and self.age(
                person) >= 60 and self.incompatible[0][0] not in person.items:
            first = self.incompatible[0][0]
            person.items.append(first)
            for item_a, item_b in self.incompatible:  # pairs this already makes incompatible
                if item_a == first and item_b in person.items:
                    self.truth.add("incompatible_items", f"{person.id_number}|{item_a}|{item_b}")
        for item_a, item_b in self.incompatible:
            if item_a in person.items and item_b not in person.items:
                if self.truth.should("incompatible_items", 3.0):
                    person.items.append(item_b)
                    if item_b in CANJI_ITEMS and not person.disability_grade:
                        person.disability_grade = 2    # eligible for it, only incompatible
                    self.truth.add("incompatible_items", f"{person.id_number}|{item_a}|{item_b}")
                return

    def elder_gets_gaoling(self, person: Person) -> bool:
        """False when this elder is the injected 'eligible but not receiving' case."""
        if person.status != "normal" or person.on_death_list:
            return True
        band = gaoling_item(self.age(person))
        if band and self.truth.should("eligible_not_receiving", 2.0):
            self.truth.add("eligible_not_receiving", f"{person.id_number}|{band}")
            return False
        return True

    def inject_dead_paid(self, person: Person) -> None:
        """Make a living recipient one who died but is still paid (variant: on the death list
        only, the village never updated the record; or marked dead and still paid)."""
        monthly = any(code != "jisheng_jiangli" for code in person.items)
        if person.status != "normal" or not (monthly or self.age(person) >= 80):
            return
        if not self.truth.should("dead_paid", 4.0):
            return
        person.death_date = dt.date(self.year, 1, 1) + dt.timedelta(days=self.rng.randrange(300))
        person.dead_paid = True
        person.on_death_list = True
        if self.rng.random() < 0.5:
            person.status = "dead"
        self.truth.add("dead_paid", person.id_number)
