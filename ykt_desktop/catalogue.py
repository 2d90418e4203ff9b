"""The subsidy item catalogue, problem categories and incompatibility rules.

Shipped as editable CSV files in ``resources/catalogue/``; loaded once into a new database.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.paths import resource

ITEM_FIELDS = (
    "code", "name", "department", "basis", "standard", "standard_unit", "channel",
    "frequency", "deadline_days", "eligibility", "sort", "notes", "policy_basis", "target",
    "hotline",
)

# Columns of the 政策清单 (issue 16, migration m130_campaign): 政策依据, 补贴对象, 监督电话.
POLICY_FIELDS = ("policy_basis", "target", "hotline")


@dataclass(frozen=True)
class SubsidyItem:
    id: int
    code: str
    name: str
    department: str
    basis: str
    standard: float
    standard_unit: str
    channel: str
    frequency: str
    deadline_days: int
    eligibility: dict = field(default_factory=dict)

    @property
    def min_age(self) -> int | None:
        return self.eligibility.get("min_age")

    @property
    def max_age(self) -> int | None:
        return self.eligibility.get("max_age")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def eligibility_columns(raw: dict[str, str]) -> dict:
    """The 超范围 conditions of a CSV row (issue 19): ``disability_grades`` and
    ``requires_items`` as lists ('一级|二级'), ``requires_household``, ``resident`` and
    ``alive`` as flags."""
    out: dict = {}
    for key in ("disability_grades", "requires_items"):
        values = [v.strip() for v in (raw.get(key) or "").split("|") if v.strip()]
        if values:
            out[key] = values
    for key in ("requires_household", "resident", "alive"):
        if (raw.get(key) or "").strip() in ("1", "是", "true"):
            out[key] = True
    return out


def item_rows(folder: Path | None = None) -> list[dict]:
    """The shipped subsidy items as rows for the ``subsidy_items`` table."""
    rows = []
    source = (folder or resource("catalogue")) / "subsidy_items.csv"
    for sort, raw in enumerate(read_csv(source)):
        eligibility = {}
        for key in ("min_age", "max_age"):
            if raw.get(key):
                eligibility[key] = int(raw[key])
        if raw.get("universal"):
            eligibility["universal"] = True
        eligibility.update(eligibility_columns(raw))
        if raw.get("demo_rate"):
            eligibility["demo_rate"] = float(raw["demo_rate"])
        rows.append({
            "code": raw["code"], "name": raw["name"], "department": raw["department"],
            "basis": raw["basis"], "standard": float(raw["standard"] or 0),
            "standard_unit": raw["standard_unit"], "channel": raw["channel"],
            "frequency": raw["frequency"], "deadline_days": int(raw["deadline_days"] or 30),
            "eligibility": json.dumps(eligibility), "sort": sort, "notes": raw.get("notes", ""),
            **{key: raw.get(key) or "" for key in POLICY_FIELDS},
        })
    return rows


def load_default_catalogue(db: sqlite_utils.Database, folder: Path | None = None) -> int:
    """Load the shipped catalogue into an empty database; returns items added (0 if present)."""
    if db.execute("SELECT count(*) FROM subsidy_items").fetchone()[0]:
        return 0
    base = folder or resource("catalogue")
    items = item_rows(base)
    with db.atomic():
        db.conn.executemany(
            f"INSERT INTO subsidy_items ({', '.join(ITEM_FIELDS)}) "
            f"VALUES ({', '.join('?' * len(ITEM_FIELDS))})",
            [tuple(row[f] for f in ITEM_FIELDS) for row in items],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO issue_categories(code, name, grp, sort) VALUES (?,?,?,?)",
            [(r["code"], r["name"], r["grp"], i)
             for i, r in enumerate(read_csv(base / "issue_categories.csv"))],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO incompatible_items(item_a, item_b, source, note) "
            "VALUES (?,?,?,?)",
            [(r["item_a"], r["item_b"], r["source"], r["note"])
             for r in read_csv(base / "incompatible_items.csv")],
        )
    return len(items)


def list_items(db: sqlite_utils.Database, *, active_only: bool = True) -> list[SubsidyItem]:
    sql = (
        "SELECT id, code, name, department, basis, standard, standard_unit, channel, "
        "frequency, deadline_days, eligibility FROM subsidy_items"
    )
    if active_only:
        sql += " WHERE active = 1"
    return [_item(row) for row in db.execute(sql + " ORDER BY sort, id").fetchall()]


def get_item(db: sqlite_utils.Database, code: str) -> SubsidyItem | None:
    for item in list_items(db, active_only=False):
        if item.code == code:
            return item
    return None


def _item(row: tuple) -> SubsidyItem:
    *head, eligibility = row
    return SubsidyItem(*head, eligibility=json.loads(eligibility or "{}"))


def categories(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(code, name, group) of every problem category, in the plans' order."""
    return db.execute("SELECT code, name, grp FROM issue_categories ORDER BY sort").fetchall()


def incompatible_pairs(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(item_a, item_b, note) pairs that must not be received together."""
    return db.execute("SELECT item_a, item_b, note FROM incompatible_items ORDER BY id").fetchall()
