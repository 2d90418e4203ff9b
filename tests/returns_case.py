"""The hand-written returns case (tests/data/returns_case/case.json) loaded into a county
database: regions, three subsidy items, twelve households, cards, payments of 2024 and 2025,
a finding, issues with and without items and 主动说清 entries — written with plain SQL, not by
the demo generator, so the expected figures typed by hand test the returns engine alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from ykt_desktop.regions import add_region
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit

CASE = Path(__file__).parent / "data" / "returns_case"


def case_data() -> dict[str, Any]:
    return json.loads((CASE / "case.json").read_text(encoding="utf-8"))


def expected(template: str) -> dict[str, Any]:
    return json.loads((CASE / f"expected_{template}.json").read_text(encoding="utf-8"))


def _rows(data: dict, name: str) -> list[dict[str, Any]]:
    return [dict(zip(data[f"{name}_columns"], row, strict=True)) for row in data[name]]


def _insert(db: sqlite_utils.Database, table: str, values: dict[str, Any]) -> int:
    cur = db.execute(f"INSERT INTO {table} ({', '.join(values)}) "
                     f"VALUES ({', '.join('?' * len(values))})", list(values.values()))
    return int(cur.lastrowid)


def _items(db: sqlite_utils.Database, data: dict) -> dict[str, int]:
    db.execute("UPDATE subsidy_items SET active = 0")
    ids = {}
    for code, attrs in data["items"].items():
        db.execute("UPDATE subsidy_items SET active = 1, basis = ?, standard = ?, channel = ? "
                   "WHERE code = ?", [attrs["basis"], attrs["standard"], attrs["channel"], code])
        ids[code] = db.execute("SELECT id FROM subsidy_items WHERE code = ?", [code]).fetchone()[0]
    return ids


def _people(db: sqlite_utils.Database, data: dict) -> tuple[dict, dict]:
    villages = {}
    hh = {}
    for row in _rows(data, "households"):
        hh[row["hh_no"]] = _insert(db, "households", {
            "hh_no": row["hh_no"], "village_code": row["village"],
            "verify_status": row["verify_status"]})
        villages[row["hh_no"]] = row["village"]
    persons = {}
    for row in _rows(data, "persons"):
        pid = _insert(db, "persons", {"id_number": row["id_number"], "name": row["name"],
                                      "status": row["status"]})
        persons[row["key"]] = (pid, hh[row["household"]], villages[row["household"]])
        _insert(db, "members", {"household_id": hh[row["household"]], "person_id": pid})
        if row["head"]:
            db.execute("UPDATE households SET head_person_id = ? WHERE id = ?",
                       [pid, hh[row["household"]]])
    return persons, hh


def load_case(path: Path) -> sqlite_utils.Database:
    data = case_data()
    db = open_db(path)
    init_unit(db, level="county", code=data["unit"]["code"], name=data["unit"]["name"])
    with db.atomic():
        for code, name, level in data["regions"]:
            add_region(db, code=code, name=name, level=level)
        items = _items(db, data)
        persons, hh = _people(db, data)
        cards = {row["key"]: _insert(db, "cards", {
            "person_id": persons[row["person"]][0], "card_type": row["card_type"],
            "card_number": row["card_number"], "custodian": row["custodian"],
            "consent": row["consent"]}) for row in _rows(data, "cards")}
        for row in _rows(data, "payments"):
            pid, hid, village = persons[row["person"]]
            _insert(db, "payments", {
                "person_id": pid, "household_id": hh[row["household"]], "village_code": village,
                "item_id": items[row["item"]], "period": row["period"],
                "amount_due": row["amount_due"], "amount_paid": row["amount_paid"],
                "status": row["status"], "paid_date": row["paid_date"], "source": "manual"})
        findings = {row["key"]: _insert(db, "findings", {
            "rule": row["rule"], "subject_key": row["subject_key"], "status": "confirmed"})
            for row in _rows(data, "findings")}
        issues = _issues(db, data, items, persons, hh, cards, findings)
        for row in _rows(data, "self_reports"):
            _insert(db, "self_reports", {
                "issue_id": issues[row["issue"]], "village_code": row["village"],
                "persons": row["persons"], "amount": row["amount"],
                "reported_on": row["reported_on"]})
    return db


def _issues(db: sqlite_utils.Database, data: dict, items: dict, persons: dict, hh: dict,
            cards: dict, findings: dict) -> dict[str, int]:
    ids = {}
    for n, row in enumerate(_rows(data, "issues"), start=1):
        values = {
            "issue_no": f"WT-CASE-{n:03d}", "category": row["category"],
            "status": row["status"], "village_code": row["village"],
            "item_id": items.get(row["item"]), "person_id": persons[row["person"]][0]
            if row["person"] else None, "household_id": hh.get(row["household"]),
            "card_id": cards.get(row["card"]), "finding_id": findings.get(row["finding"]),
            "amount": row["amount"], "recovered_amount": row["recovered"],
            "returned_amount": row["returned"], "created_at": row["created_at"],
            "description": row["description"],
            **data["issue_extra"].get(row["key"], {})}
        ids[row["key"]] = _insert(db, "issues", values)
    return ids
