"""Looking up persons, cards and villages for many rows at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

CHUNK = 900
TEMP_ABOVE = 5000


def _keyed(db: sqlite_utils.Database, keys: list[str], select: str, _unused: str = ""):
    """Rows of ``select`` (which has a ``{keys}`` placeholder for the key set) for the keys:
    IN lists for a few, a TEMP table joined once for many."""
    if len(keys) > TEMP_ABOVE:
        # in a transaction of its own: a TEMP write would otherwise leave one open implicitly
        with db.atomic():
            db.execute("DROP TABLE IF EXISTS temp.imp_keys")
            db.execute("CREATE TEMP TABLE imp_keys (k TEXT PRIMARY KEY) WITHOUT ROWID")
            db.conn.executemany("INSERT OR IGNORE INTO temp.imp_keys VALUES (?)",
                                ((k,) for k in keys))
            rows = db.execute(select.format(keys="(SELECT k FROM temp.imp_keys)")).fetchall()
            db.execute("DROP TABLE IF EXISTS temp.imp_keys")
        yield from rows
        return
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        yield from db.execute(select.format(keys=f"({','.join('?' * len(chunk))})"), chunk)


PERSONS = ("SELECT p.id_number, p.id, p.name, m.household_id, h.village_code "
           "FROM persons p LEFT JOIN members m ON m.person_id = p.id "
           "LEFT JOIN households h ON h.id = m.household_id "
           "{where} ORDER BY m.sort DESC, m.id DESC")
UNORDERED = PERSONS.format(where="").removesuffix(" ORDER BY m.sort DESC, m.id DESC")
SEVERAL = "SELECT person_id FROM members GROUP BY person_id HAVING count(*) > 1"
CARDS = "SELECT card_number, min(id) FROM cards {where} GROUP BY card_number"
Person = tuple[int, str, int | None, str | None]


@dataclass
class UnitLookups:
    """Every person and card of the unit, read once (see :func:`prefetch`)."""
    people: dict[str, Person]
    cards: dict[str, int]


def prefetch(db: sqlite_utils.Database) -> UnitLookups:
    """All persons, for a big file: read while calamine loads the sheet, they cost
    nothing extra, where looking up a million rows' numbers afterwards took 4-5 s.

    Read in table order (sorting 947,803 persons by membership cost a third of the read); the
    few persons in more than one household are read again in :data:`PERSONS`'s order, so
    each keeps its first household as :func:`persons_by_id` gives it. Village codes are
    shared strings (a few hundred, not one per person)."""
    villages: dict[str, str] = {}
    people = {number: (pid, name, hid, villages.setdefault(village, village)
                       if village else village)
              for number, pid, name, hid, village in db.execute(UNORDERED)}
    for number, pid, name, hid, village in db.execute(PERSONS.format(
            where=f"WHERE p.id IN ({SEVERAL})")):
        people[number] = (pid, name, hid, villages.setdefault(village, village)
                          if village else village)
    return UnitLookups(people, {})     # card ids: looked up by the roster's insert


def persons_by_id(db: sqlite_utils.Database, numbers: Iterable[str]) -> dict[str, Person]:
    """{id_number: (person_id, name, first household_id, its village)}."""
    select = PERSONS.format(where="WHERE p.id_number IN {keys}")
    return {number: (pid, name, hid, village)
            for number, pid, name, hid, village in _keyed(db, sorted(set(numbers)), select, "")}


def cards_by_number(db: sqlite_utils.Database, numbers: Iterable[str]) -> dict[str, int]:
    select = CARDS.format(where="WHERE card_number IN {keys}")
    return dict(_keyed(db, sorted({n for n in numbers if n}), select, ""))


def village_lookup(db: sqlite_utils.Database) -> dict[str, str]:
    """Village codes by code, by name and by name without 村 / 社区."""
    out: dict[str, str] = {}
    for code, name in db.execute("SELECT code, name FROM regions WHERE level = 'village'"):
        out[code] = code
        out.setdefault(name, code)
        out.setdefault(name.removesuffix("村").removesuffix("社区"), code)
    return out
