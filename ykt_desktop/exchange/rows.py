"""Reading package rows in the column order we expect, and small id-lookup helpers."""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.reader import OpenPackage

BATCH = 20_000


def stream(pkg: OpenPackage, name: str, expected: tuple[str, ...]) -> Iterator[list]:
    """Rows of ``data/<name>.jsonl`` as lists in the order of ``expected``."""
    if f"data/{name}.jsonl" not in pkg.manifest.files:
        return iter(())
    columns, rows = pkg.lines(name)
    missing = [c for c in expected if c not in columns]
    if missing:
        raise PackageError("not_package", f"data/{name}.jsonl 缺少列 {', '.join(missing)}",
                           filename=pkg.path.name)
    index = [columns.index(c) for c in expected]
    if index == list(range(len(expected))) and len(columns) == len(expected):
        return rows
    return ([row[i] for i in index] for row in rows)


def batched(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def id_map(db: sqlite_utils.Database, sql: str, params: list | None = None) -> dict:
    return dict(db.execute(sql, params or []).fetchall())
