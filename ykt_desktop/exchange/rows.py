"""Reading package rows in the column order we expect, and small id-lookup helpers."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from operator import itemgetter

import sqlite_utils

from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.reader import OpenPackage

BATCH = 20_000


def _index(pkg: OpenPackage, name: str, columns: list[str], expected: tuple[str, ...]
           ) -> list[int] | None:
    """Positions of ``expected`` in ``columns`` (None when they are already in that order)."""
    missing = [c for c in expected if c not in columns]
    if missing:
        raise PackageError("not_package", f"data/{name}.jsonl 缺少列 {', '.join(missing)}",
                           filename=pkg.path.name)
    index = [columns.index(c) for c in expected]
    if index == list(range(len(expected))) and len(columns) == len(expected):
        return None
    return index


def stream(pkg: OpenPackage, name: str, expected: tuple[str, ...]) -> Iterator[list]:
    """Rows of ``data/<name>.jsonl`` as lists in the order of ``expected``."""
    return (row for batch in stream_batches(pkg, name, expected) for row in batch)


def stream_batches(pkg: OpenPackage, name: str, expected: tuple[str, ...],
                   size: int = BATCH) -> Iterator[list[list]]:
    """The same rows in lists of up to ``size`` (bulk paths map and insert batch by batch)."""
    if f"data/{name}.jsonl" not in pkg.manifest.files:
        return
    columns, batches = pkg.batches(name, size)
    index = _index(pkg, name, columns, expected)
    if index is None:
        yield from batches
        return
    pick = itemgetter(*index)
    for batch in batches:
        yield [list(pick(row)) for row in batch] if len(index) > 1 else \
            [[row[index[0]]] for row in batch]


def batched(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def id_map(db: sqlite_utils.Database, sql: str, params: list | None = None) -> dict:
    return dict(db.execute(sql, params or []).fetchall())
