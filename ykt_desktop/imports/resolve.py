"""Looking up persons, cards and villages for many rows at once."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

CHUNK = 900


def persons_by_id(db: sqlite_utils.Database,
                  numbers: Iterable[str]) -> dict[str, tuple[int, str, int | None, str | None]]:
    """{id_number: (person_id, name, first household_id, its village)}."""
    ids = sorted(set(numbers))
    out: dict[str, tuple[int, str, int | None, str | None]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for number, pid, name, hid, village in db.execute(
                f"SELECT p.id_number, p.id, p.name, m.household_id, h.village_code "
                f"FROM persons p LEFT JOIN members m ON m.person_id = p.id "
                f"LEFT JOIN households h ON h.id = m.household_id "
                f"WHERE p.id_number IN ({marks}) ORDER BY m.sort DESC, m.id DESC", chunk):
            out[number] = (pid, name, hid, village)
    return out


def cards_by_number(db: sqlite_utils.Database, numbers: Iterable[str]) -> dict[str, int]:
    ids = sorted(set(n for n in numbers if n))
    out: dict[str, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for number, card_id in db.execute(
                f"SELECT card_number, min(id) FROM cards WHERE card_number IN ({marks}) "
                f"GROUP BY card_number", chunk):
            out[number] = card_id
    return out


def village_lookup(db: sqlite_utils.Database) -> dict[str, str]:
    """Village codes by code, by name and by name without 村 / 社区."""
    out: dict[str, str] = {}
    for code, name in db.execute("SELECT code, name FROM regions WHERE level = 'village'"):
        out[code] = code
        out.setdefault(name, code)
        out.setdefault(name.removesuffix("村").removesuffix("社区"), code)
    return out
