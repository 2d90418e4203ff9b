"""Shared set-up for the exchange tests: a small demo county split into enrolled unit databases.

Two townships (城关镇 with three villages, 河口镇 with two); every village database is sliced from
the demo and enrolled by its township, which is enrolled by the county root.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.exchange.chain_demo import Chain, build_chain
from ykt_desktop.exchange.importer import import_package
from ykt_desktop.exchange.writer import export_package
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

PERIOD = "2025-12"
DEMO = DemoParams(villages=5, households_per_village=12, seed=11, townships=2)


_BUILT: dict[str, Chain] = {}


def make_chain(folder: Path) -> Chain:
    """A fresh copy of the demo chain in ``folder`` (the chain itself is built once per test
    process and copied, so every module starts from the same untouched databases)."""
    if "base" not in _BUILT:
        base = Path(tempfile.mkdtemp(prefix="ykt-exchange-chain-"))
        source = open_db(base / "demo.db")
        run(generate_demo(source, DEMO))
        _BUILT["base"] = run(build_chain(source, base / "units"))
        source.close()
    return copy_chain(_BUILT["base"], Path(folder) / "units")


def copy_file(source: Path, target: Path) -> Path:
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    src.backup(dst)
    src.close()
    dst.close()
    return target


def copy_chain(chain: Chain, folder: Path) -> Chain:
    folder.mkdir(parents=True, exist_ok=True)
    new = Chain(copy_file(chain.county, folder / chain.county.name), parent=dict(chain.parent))
    new.townships = {c: copy_file(p, folder / p.name) for c, p in chain.townships.items()}
    new.villages = {c: copy_file(p, folder / p.name) for c, p in chain.villages.items()}
    return new


def export(db_path: Path, out: Path, period: str = PERIOD, *, plaintext: bool = False) -> Path:
    """The unit's package, encrypted to the unit above (``plaintext`` for tests that open it)."""
    db = open_db(db_path)
    try:
        run(export_package(db, out, period=period, plaintext=plaintext))
    finally:
        db.close()
    return out


def send(db_path: Path, package: Path, *, preview_only: bool = False):
    db = open_db(db_path)
    try:
        return run(import_package(db, package, preview_only=preview_only))
    finally:
        db.close()


def scalar(db_path: Path, sql: str, params: list | None = None):
    db = open_db(db_path)
    try:
        return db.execute(sql, params or []).fetchone()[0]
    finally:
        db.close()


def sibling_of(chain: Chain, village: str) -> str:
    """Another village of the same township."""
    town = chain.parent[village]
    return next(c for c, t in chain.parent.items() if t == town and c != village)
