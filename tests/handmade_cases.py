"""Building a database from a hand-made case file (tests/cases/*.json), without the demo
generator: persons, households, cards, payments, statements and lists are written as the file
says; the register and rosters go through the ordinary import (issue 19)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from ykt_desktop.catalogue import list_items
from ykt_desktop.idcard import IdNumberError, parse
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run
from ykt_desktop.regions import add_region
from ykt_desktop.settings import set_setting
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit

CASES = Path(__file__).parent / "cases"


def load_case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def build_case(case: dict, folder: Path):
    """The case's database in ``folder`` (open); the imports of the case are done."""
    db = open_db(folder / "case.db")
    level, code, name = case["unit"]
    init_unit(db, level=level, code=code, name=name)
    with db.atomic():
        for key, value in case.get("settings", {}).items():
            set_setting(db, key, value)
        for code, name, level in case["regions"]:
            add_region(db, code=code, name=name, level=level)
        homes = _households(db, case["households"])
        _cards(db, case.get("cards", []))
        _payments(db, case.get("payments", []), homes)
        _statements(db, case.get("statements", []), homes)
        for row in case.get("cadres", []):
            db.execute("INSERT INTO cadre_list(id_number, name, village_code, position, relation, "
                       "cadre_id_number) VALUES (?, ?, ?, ?, ?, ?)", row)
    for kind, rows in (("register", case.get("register")), ("roster", case.get("roster"))):
        if rows:
            path = folder / f"{kind}.csv"
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows(rows)
            run(import_file(db, kind, path))
    return db


def _birth(number: str) -> tuple[str | None, str]:
    try:
        info = parse(number)
        return info.birth_date.isoformat(), info.sex
    except IdNumberError:
        try:
            day = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            return day.isoformat(), ""
        except ValueError:
            return None, ""


def _households(db, households: list[dict]) -> dict[str, tuple[int, str]]:
    """Writes households, persons and members; returns {id_number: (household_id, village)}."""
    homes: dict[str, tuple[int, str]] = {}
    for hh in households:
        hid = db.execute("INSERT INTO households(hh_no, village_code, group_code) "
                         "VALUES (?, ?, ?)", [hh["hh_no"], hh["village"], hh["group"]]).lastrowid
        for sort, m in enumerate(hh["members"]):
            row = db.execute("SELECT id FROM persons WHERE id_number = ?", [m["id"]]).fetchone()
            if row is None:
                birth, sex = _birth(m["id"])
                pid = db.execute(
                    "INSERT INTO persons(id_number, name, sex, birth_date, status, death_date, "
                    "status_date, disability_grade) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [m["id"], m["name"], sex, birth, m.get("status", "normal"),
                     m.get("death_date"), m.get("status_date"),
                     m.get("disability_grade", "")]).lastrowid
            else:
                pid = row[0]
            db.execute("INSERT INTO members(household_id, person_id, relation, sort) "
                       "VALUES (?, ?, ?, ?)", [hid, pid, m["relation"], sort])
            if m["relation"] == "户主":
                db.execute("UPDATE households SET head_person_id = ? WHERE id = ?", [pid, hid])
            if m["id"] not in homes or m["relation"] == "户主":
                homes[m["id"]] = (hid, hh["village"])
    return homes


def _person(db, number: str) -> int:
    return db.execute("SELECT id FROM persons WHERE id_number = ?", [number]).fetchone()[0]


def _cards(db, cards: list[list]) -> None:
    for number, kind, bank, card, custodian, holder, consent in cards:
        db.execute("INSERT INTO cards(person_id, card_type, bank, card_number, custodian, "
                   "custodian_name, consent) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [_person(db, number), kind, bank, card, custodian, holder, consent])


def _payments(db, payments: list[list], homes: dict) -> None:
    items = {item.code: item for item in list_items(db, active_only=False)}
    for number, code, period, amount, status, day, card in payments:
        item = items[code]
        standard = amount if item.standard_unit == "mu" else item.standard
        card_row = db.execute("SELECT id FROM cards WHERE card_number = ?", [card]).fetchone()
        hid, village = homes[number]
        db.execute(
            "INSERT INTO payments(person_id, household_id, village_code, item_id, period, "
            "standard, amount_due, amount_paid, paid_date, card_id, card_number, status, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual')",
            [_person(db, number), hid, village, item.id, period, standard, standard,
             amount if status == "paid" else 0, day, card_row[0] if card_row else None, card,
             status])


def _statements(db, statements: list[list], homes: dict) -> None:
    items = {item.code: item.id for item in list_items(db, active_only=False)}
    for number, code, period, received, amount in statements:
        db.execute("INSERT INTO statements(household_id, person_id, item_id, period, received, "
                   "amount) VALUES (?, ?, ?, ?, ?, ?)",
                   [homes[number][0], _person(db, number), items[code], period, received, amount])
