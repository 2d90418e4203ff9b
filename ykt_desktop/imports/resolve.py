"""Looking up persons, cards and villages for many rows at once."""

from __future__ import annotations

from collections.abc import Iterable

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


def persons_by_id(db: sqlite_utils.Database,
                  numbers: Iterable[str]) -> dict[str, tuple[int, str, int | None, str | None]]:
    """{id_number: (person_id, name, first household_id, its village)}."""
    out: dict[str, tuple[int, str, int | None, str | None]] = {}
    select = ("SELECT p.id_number, p.id, p.name, m.household_id, h.village_code "
              "FROM persons p LEFT JOIN members m ON m.person_id = p.id "
              "LEFT JOIN households h ON h.id = m.household_id "
              "WHERE p.id_number IN {keys} ORDER BY m.sort DESC, m.id DESC")
    for number, pid, name, hid, village in _keyed(db, sorted(set(numbers)), select, ""):
        out[number] = (pid, name, hid, village)
    return out


def cards_by_number(db: sqlite_utils.Database, numbers: Iterable[str]) -> dict[str, int]:
    select = ("SELECT card_number, min(id) FROM cards WHERE card_number IN {keys} "
              "GROUP BY card_number")
    return dict(_keyed(db, sorted({n for n in numbers if n}), select, ""))


def village_lookup(db: sqlite_utils.Database) -> dict[str, str]:
    """Village codes by code, by name and by name without 村 / 社区."""
    out: dict[str, str] = {}
    for code, name in db.execute("SELECT code, name FROM regions WHERE level = 'village'"):
        out[code] = code
        out.setdefault(name, code)
        out.setdefault(name.removesuffix("村").removesuffix("社区"), code)
    return out
