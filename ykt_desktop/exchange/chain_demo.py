"""A whole demo chain from one demo county: county, township and village databases, enrolled.

The county gets the root; each township is enrolled by the county; each village database is
sliced from the demo (:func:`ykt_desktop.exchange.split.slice_unit`) and enrolled by its township.
Used by tests, benchmarks and ``python -m ykt_desktop demo-chain`` for trying the exchange.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.split import slice_unit
from ykt_desktop.pki import enrol
from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import regions_at
from ykt_desktop.storage import open_db
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_setup import init_unit


@dataclass
class Chain:
    county: Path
    townships: dict[str, Path] = field(default_factory=dict)
    villages: dict[str, Path] = field(default_factory=dict)     # village code -> path
    parent: dict[str, str] = field(default_factory=dict)        # village code -> township code


def enrol_pair(upper: sqlite_utils.Database, lower: sqlite_utils.Database) -> None:
    enrol.install(lower, enrol.issue(upper, enrol.make_request(lower)))


def build_chain(source: sqlite_utils.Database, folder: Path | str, *,
                villages: list[str] | None = None) -> Job[Chain]:
    """Write ``county.db``, ``<township>.db`` and ``<village>.db`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    unit = require_unit(source)
    chain = Chain(folder / "county.db")
    county = open_db(chain.county)
    init_unit(county, level="county", code=unit.code, name=unit.name)
    enrol.init_root(county)
    chosen = [v for v in regions_at(source, "village", under=unit.code)
              if villages is None or v.code in villages]
    towns = {v.parent_code for v in chosen}
    for n, town in enumerate(r for r in regions_at(source, "township") if r.code in towns):
        yield Progress(n, len(towns) + len(chosen), f"乡镇 {town.name}")
        path = folder / f"{town.code}.db"
        db = open_db(path)
        init_unit(db, level="township", code=town.code, name=town.name)
        enrol_pair(county, db)
        chain.townships[town.code] = path
        db.close()
    for n, village in enumerate(chosen):
        yield Progress(len(towns) + n, len(towns) + len(chosen), f"村 {village.name}")
        path = folder / f"{village.code}.db"
        yield from slice_unit(source, village.code, path)
        db, town = open_db(path), open_db(chain.townships[village.parent_code])
        enrol_pair(town, db)
        db.close()
        town.close()
        chain.villages[village.code] = path
        chain.parent[village.code] = village.parent_code
    county.close()
    return chain
