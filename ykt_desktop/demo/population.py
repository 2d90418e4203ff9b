"""Households, persons, memberships and cards of one demo village."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ykt_desktop import idcard
from ykt_desktop.demo import names
from ykt_desktop.demo.truth import Truth


@dataclass(slots=True)
class Person:
    id: int
    id_number: str
    name: str
    sex: str
    birth: dt.date
    household_id: int
    relation: str
    status: str = "normal"
    death_date: dt.date | None = None
    disability_grade: int = 0
    items: list[str] = field(default_factory=list)
    cards: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, type, number, bank
    on_death_list: bool = False
    dead_paid: bool = False

    @property
    def pay_card(self) -> tuple[int, str, str, str] | None:
        """The card subsidies go to: the 社保卡, else the first passbook."""
        for card in self.cards:
            if card[1] == "social_security":
                return card
        return self.cards[0] if self.cards else None


@dataclass(slots=True)
class Household:
    id: int
    hh_no: str
    village_code: str
    group_code: str
    address: str
    phone: str
    members: list[Person] = field(default_factory=list)
    mu: float = 0.0
    verify_status: str = "pending"

    @property
    def head(self) -> Person:
        return self.members[0]


class Counters:
    """Global id counters, so ids are stable for a seed whatever the batch sizes."""

    def __init__(self) -> None:
        self.person = 0
        self.household = 0
        self.card = 0
        self.payment = 0
        self.id_seq: dict[tuple[str, dt.date, str], int] = {}

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value

    def id_number(self, prefix: str, birth: dt.date, sex: str) -> str:
        key = (prefix, birth, sex)
        k = self.id_seq.get(key, 0)
        self.id_seq[key] = k + 1
        seq = 2 * k + (1 if sex == "M" else 0)
        if seq > 999:
            raise OverflowError("too many persons born on one day")
        return idcard.make(prefix, birth, seq)


@dataclass
class VillageSpec:
    code: str
    name: str
    groups: list[tuple[str, str]]  # (code, name)


def _birth(rng: random.Random, age: int, ref: dt.date) -> dt.date:
    year = ref.year - age
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


class PopulationBuilder:
    def __init__(self, rng: random.Random, counters: Counters, truth: Truth,
                 prefix: str, ref: dt.date) -> None:
        self.rng, self.c, self.truth, self.prefix, self.ref = rng, counters, truth, prefix, ref

    def village(self, spec: VillageSpec, n_households: int) -> list[Household]:
        return [self.household(spec, i) for i in range(n_households)]

    def household(self, spec: VillageSpec, index: int) -> Household:
        rng = self.rng
        group_code, group_name = spec.groups[index % len(spec.groups)]
        hh = Household(
            id=self.c.next("household"), hh_no=f"{spec.code}{index + 1:04d}",
            village_code=spec.code, group_code=group_code,
            address=f"{spec.name}{group_name}{index + 1}号",
            phone=f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
            mu=round(rng.uniform(1.5, 12.0), 1),
        )
        family = names.surname(rng)
        head_age = rng.randint(28, 88)
        head_sex = "M" if rng.random() < 0.85 else "F"
        self._add(hh, family, head_sex, head_age, "户主")
        if rng.random() < 0.85:
            spouse_age = max(20, head_age + rng.randint(-5, 3))
            self._add(hh, names.surname(rng), "F" if head_sex == "M" else "M", spouse_age, "配偶")
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3)) if head_age < 75 else 0):
            child_age = head_age - rng.randint(22, 34)
            if child_age >= 0:
                sex = rng.choice("MF")
                self._add(hh, family, sex, child_age, "子" if sex == "M" else "女")
        if head_age < 62 and rng.random() < 0.35:
            parent_age = min(101, head_age + rng.randint(22, 34))
            sex = rng.choice("MF")
            self._add(hh, family, sex, parent_age, "父亲" if sex == "M" else "母亲")
        return hh

    def _add(self, hh: Household, surname: str, sex: str, age: int, relation: str) -> Person:
        rng = self.rng
        birth = _birth(rng, age, self.ref)
        prefix = self.prefix if rng.random() < 0.9 or relation != "配偶" else "420998"
        person = Person(
            id=self.c.next("person"), id_number=self.c.id_number(prefix, birth, sex),
            name=names.person_name(rng, surname, sex), sex=sex, birth=birth,
            household_id=hh.id, relation=relation,
        )
        if rng.random() < 0.025:
            person.disability_grade = rng.choice((1, 2, 2, 3, 3, 4, 4, 4))
        hh.members.append(person)
        return person

    def cards_for(self, person: Person, age: int) -> None:
        """Give a person the cards a real one would have; inject card anomalies."""
        rng = self.rng
        needs = age >= 16 or person.items
        if not needs:
            return
        bank, bin6 = rng.choice(names.BANKS)
        if rng.random() < 0.95:
            self._card(person, "social_security", bank, bin6)
        if rng.random() < 0.15 or not person.cards:
            bank2, bin2 = rng.choice(names.BANKS)
            self._card(person, "passbook", bank2, bin2)
        if person.items and self.truth.should("multi_subsidy_cards", 2.0):
            while sum(1 for c in person.cards if c[1] in ("passbook", "bank")) < 2:
                bank3, bin3 = rng.choice(names.BANKS)
                self._card(person, "bank", bank3, bin3)
            self.truth.add("multi_subsidy_cards", person.id_number)

    def _card(self, person: Person, card_type: str, bank: str, bin6: str) -> None:
        card_id = self.c.next("card")
        person.cards.append((card_id, card_type, names.card_number(bin6, card_id), bank))
