"""The demo county: ``python -m ykt_desktop demo --db PATH --villages N ...``.

Deterministic for a seed. Writes everything in one transaction with ``executemany`` (indexes are
dropped for the load and rebuilt after), then the ground truth of every injected anomaly to
``<db>.truth.json`` (see :mod:`ykt_desktop.demo.truth` for the key formats).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop import catalogue
from ykt_desktop.audit.bulk import bulk_load
from ykt_desktop.demo import names, writer
from ykt_desktop.demo.entitlements import EntitlementPlanner
from ykt_desktop.demo.params import DemoParams
from ykt_desktop.demo.payments import ItemInfo, PaymentWriter
from ykt_desktop.demo.population import Counters, PopulationBuilder, VillageSpec
from ykt_desktop.demo.truth import Truth, truth_path, write_truth
from ykt_desktop.demo.village_extras import VillageExtras
from ykt_desktop.errors import UserError
from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import add_region
from ykt_desktop.storage import db_path
from ykt_desktop.unit import get_unit
from ykt_desktop.unit_setup import init_unit


class DemoError(UserError):
    """The demo cannot be built here; the message is Chinese."""


@dataclass
class DemoResult:
    counts: dict[str, int]
    truth: Truth
    truth_file: Path | None


def generate_demo(db: sqlite_utils.Database, params: DemoParams) -> Job[DemoResult]:
    """Build the demo county into an empty database, yielding progress per village."""
    _check_empty(db, params)
    rng = random.Random(params.seed)
    truth = Truth(random.Random(params.seed + 1), params.anomaly_rate)
    init_unit(db, level="county", code=params.county_code, name=params.county_name)
    villages = _regions(db, params, rng)
    items = _items(db)
    counters = Counters()
    ref = dt.date(params.year, 12, 31)
    builder = PopulationBuilder(rng, counters, truth, params.county_code[:6], ref)
    rates = {code: info[1] for code, info in _rates(db).items()}
    pairs = [(a, b) for a, b, _ in catalogue.incompatible_pairs(db)]
    total = len(villages) + 2
    with db.atomic(), bulk_load(db, "demo", detail={"seed": params.seed}):
        dropped = writer.drop_indexes(db)
        for index, spec in enumerate(villages):
            planner = EntitlementPlanner(rng, truth, params.year, rates, pairs)
            households = builder.village(spec, params.households_per_village)
            _inject_invalid_ids(households, truth)
            planner.plan(households)
            for hh in households:
                for person in hh.members:
                    builder.cards_for(person, planner.age(person))
            pay = PaymentWriter(rng, counters, truth, planner, items)
            pay.village(households, spec.code)
            extras = VillageExtras(rng, truth, params, items, spec)
            extras.build(households, pay)
            writer.write_village(db, households, pay.rows, extras)
            yield Progress(index + 1, total, f"已生成 {spec.name}（{index + 1}/{len(villages)}）")
        writer.write_outsiders(db, rng, counters.person, params)
        yield Progress(total - 1, total, "正在建立索引…")
        writer.create_indexes(db, dropped)
        _two_households(db, rng, truth, counters, params)
    counts = writer.counts(db)
    file = db_path(db)
    tfile = truth_path(file) if file else None
    if tfile:
        write_truth(tfile, params=asdict(params), truth=truth, counts=counts)
    yield Progress(total, total, "演示县已生成")
    return DemoResult(counts=counts, truth=truth, truth_file=tfile)


def _check_empty(db: sqlite_utils.Database, params: DemoParams) -> None:
    unit = get_unit(db)
    if unit and unit.code != params.county_code:
        raise DemoError(f"该数据库已属于{unit.name}，演示县只能生成到新的空数据库")
    if db.execute("SELECT count(*) FROM households").fetchone()[0]:
        raise DemoError("该数据库已有户数据，演示县只能生成到新的空数据库")
    if params.villages < 1 or params.households_per_village < 1:
        raise DemoError("村数和每村户数至少为1")


def _regions(db: sqlite_utils.Database, params: DemoParams,
             rng: random.Random) -> list[VillageSpec]:
    n_town = params.townships or max(min(3, params.villages), math.ceil(params.villages / 15))
    county = params.county_code
    villages: list[VillageSpec] = []
    for t in range(n_town):
        town_code = f"{county[:6]}{100 + t:03d}000"
        add_region(db, code=town_code, name=names.township_name(t), level="township",
                   parent_code=county, sort=t)
    for v in range(params.villages):
        t = v % n_town
        k = v // n_town
        code = f"{county[:6]}{100 + t:03d}{200 + k:03d}"
        name = names.village_name(v)
        add_region(db, code=code, name=name, level="village",
                   parent_code=f"{county[:6]}{100 + t:03d}000", sort=k)
        groups = []
        for g in range(rng.randint(4, 8)):
            gcode, gname = f"{code}{g + 1:03d}", names.GROUP_NAMES[g]
            add_region(db, code=gcode, name=gname, level="group", parent_code=code, sort=g)
            groups.append((gcode, gname))
        villages.append(VillageSpec(code, name, groups))
    return villages


def _items(db: sqlite_utils.Database) -> dict[str, ItemInfo]:
    return {
        it.code: ItemInfo(it.id, it.code, it.standard, it.deadline_days,
                          bool(it.eligibility.get("universal")))
        for it in catalogue.list_items(db, active_only=False)
    }


def _rates(db: sqlite_utils.Database) -> dict[str, tuple[int, float]]:
    return {
        it.code: (it.id, float(it.eligibility.get("demo_rate", 0)))
        for it in catalogue.list_items(db, active_only=False)
    }


def _inject_invalid_ids(households: list, truth: Truth) -> None:
    """A few legacy records whose check digit was mistyped (one candidate per household)."""
    for hh in households:
        person = hh.members[-1]
        if truth.should("invalid_id", 0.5):
            wrong = "0" if person.id_number[-1] != "0" else "1"
            person.id_number = person.id_number[:-1] + wrong
            truth.add("invalid_id", person.id_number)


def _two_households(db: sqlite_utils.Database, rng: random.Random, truth: Truth,
                    counters: Counters, params: DemoParams) -> None:
    """The same person registered in a second household (usually another village)."""
    wanted = max(1, round(counters.person * params.anomaly_rate / 2))
    chosen: set[int] = set()
    while len(chosen) < wanted:
        chosen.add(rng.randint(1, counters.person))
    for pid in sorted(chosen):
        home = db.execute("SELECT household_id FROM members WHERE person_id = ?", [pid]).fetchone()
        other = home[0]
        while other == home[0]:
            other = rng.randint(1, counters.household)
        db.execute("INSERT INTO members(household_id, person_id, relation, sort) "
                   "VALUES (?, ?, '其他', 99)", [other, pid])
        idn = db.execute("SELECT id_number FROM persons WHERE id = ?", [pid]).fetchone()[0]
        truth.add("id_in_two_households", idn)
