"""Per-village extras of the demo: card custody, cadre list, death list, visits, statements,
and the issues cadres raised at the door."""

from __future__ import annotations

import datetime as dt
import random

from ykt_desktop.demo import names
from ykt_desktop.demo.params import DemoParams
from ykt_desktop.demo.payments import ItemInfo, PaymentWriter
from ykt_desktop.demo.population import Household, Person, VillageSpec
from ykt_desktop.demo.truth import Truth


class VillageExtras:
    def __init__(self, rng: random.Random, truth: Truth, params: DemoParams,
                 items: dict[str, ItemInfo], spec: VillageSpec) -> None:
        self.rng, self.truth, self.params, self.items, self.spec = rng, truth, params, items, spec
        self.custody: dict[int, tuple[str, str, int, float]] = {}
        self.cadres: list[tuple] = []
        self.deaths: list[tuple] = []
        self.visits: list[tuple] = []
        self.statements: list[tuple] = []
        self.issues: list[tuple] = []
        self.verify: dict[int, tuple[str, str, str, str | None]] = {}

    def build(self, households: list[Household], pay: PaymentWriter) -> None:
        cadre_people = self._cadres(households, pay)
        self._custody(households, cadre_people)
        self._deaths(households)
        self._visits(households, pay)

    def _cadres(self, households: list[Household], pay: PaymentWriter) -> list[Person]:
        rng, year = self.rng, self.params.year
        adults = [(hh, p) for hh in households for p in hh.members
                  if p.status == "normal" and 25 <= year - p.birth.year <= 62]
        chosen = rng.sample(adults, min(len(names.CADRE_POSITIONS), len(adults)))
        listed: dict[str, Person] = {}
        for (hh, cadre), position in zip(chosen, names.CADRE_POSITIONS, strict=False):
            self._list(cadre, position, "本人", cadre, listed)
            for member in hh.members:
                if member is not cadre:
                    relation = member.relation if cadre.relation == "户主" else "同户成员"
                    self._list(member, "", relation, cadre, listed)
        beneficiaries = [p for hh in households for p in hh.members if p.id in pay.selective_paid]
        if chosen and beneficiaries and (not self.truth.keys["cadre_beneficiary"]
                                         or rng.random() < 0.3):
            self._list(rng.choice(beneficiaries), "", "亲属", chosen[0][1], listed)
        for person in listed.values():
            if person.id in pay.selective_paid:
                self.truth.add("cadre_beneficiary", person.id_number)
        return [cadre for _, cadre in chosen]

    def _list(self, person: Person, position: str, relation: str, cadre: Person,
              listed: dict[str, Person]) -> None:
        listed[person.id_number] = person
        self.cadres.append((person.id_number, person.name, self.spec.code, position, relation,
                            cadre.id_number))

    def _custody(self, households: list[Household], cadres: list[Person]) -> None:
        rng, year = self.rng, self.params.year
        for hh in households:
            for person in hh.members:
                for card in person.cards:
                    custodian, holder, consent, fee = "owner", "", 1, 0.0
                    if person.items and self.truth.should("card_held_by_other", 1.5):
                        custodian = "cadre" if cadres and rng.random() < 0.6 else "other"
                        holder = rng.choice(cadres).name if custodian == "cadre" else "邻居"
                        consent = 0
                        self.truth.add("card_held_by_other", card[2])
                    elif year - person.birth.year >= 80 and rng.random() < 0.3:
                        custodian, holder = "family", hh.members[0].name
                    elif rng.random() < 0.003:
                        custodian = "lost"
                    if rng.random() < 0.001:
                        fee = float(rng.choice((10, 20, 50)))
                    self.custody[card[0]] = (custodian, holder, consent, fee)

    def _deaths(self, households: list[Household]) -> None:
        for hh in households:
            for p in hh.members:
                if p.on_death_list and p.death_date:
                    source = "殡葬" if p.dead_paid and p.status == "normal" else "民政"
                    self.deaths.append((p.id_number, p.name, p.death_date.isoformat(), source))

    def _visits(self, households: list[Household], pay: PaymentWriter) -> None:
        rng, year = self.rng, self.params.year
        start = dt.date(year + 1, 3, 1)
        for hh in households:
            roll = rng.random()
            if roll < 0.01:
                reason = rng.choice(names.UNABLE_REASONS)
                self.verify[hh.id] = ("unable", reason, rng.choice(names.VERIFIERS), None)
                continue
            if roll >= self.params.visited_share:
                continue
            day = (start + dt.timedelta(days=rng.randrange(90))).isoformat()
            who = rng.choice(names.VERIFIERS)
            self.verify[hh.id] = ("verified", "", who, day)
            self.visits.append((hh.id, day, who, "verified", "", 1, "演示数据：入户核查"))
            self._statements(hh, pay)
            self._visit_issues(hh, day, who)

    def _statements(self, hh: Household, pay: PaymentWriter) -> None:
        year = self.params.year
        for person in hh.members:
            if person.status != "normal" or person.dead_paid:
                continue
            for code, period in pay.by_person.get(person.id, ()):
                if period in (f"{year}-12", str(year)):
                    paid = pay.paid_sum[(person.id, code, period)]
                    stated, received = paid, 1 if paid > 0 else 0
                    if paid > 0 and self.truth.should("statement_mismatch", 5.0):
                        stated = round(paid * self.rng.choice((0.0, 0.5)), 2)
                        received = 1 if stated > 0 else 0
                        self.truth.add("statement_mismatch", f"{person.id_number}|{code}|{period}")
                    self.statements.append((hh.id, person.id, self.items[code].id, period,
                                            received, stated))

    def _visit_issues(self, hh: Household, day: str, who: str) -> None:
        for person in hh.members:
            for card in person.cards:
                custodian, holder, consent, _ = self.custody.get(card[0], ("owner", "", 1, 0))
                if custodian in ("cadre", "other") and not consent:
                    text = (f"{person.name}的{card[3]}卡（尾号{card[2][-4:]}）由{holder}保管，"
                            "本人未同意")
                    self.issues.append((hh.id, person.id, card[0], day, who, text))
