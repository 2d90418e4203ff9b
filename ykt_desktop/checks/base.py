"""What a check rule is, what it reports, and the context every rule runs in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ykt_desktop import catalogue
from ykt_desktop.progress import Job, Progress


@dataclass
class Finding:
    """One anomaly: ``subject_key`` is stable, so re-running a rule never duplicates it."""

    subject_key: str
    summary: str                       # one Chinese sentence shown in lists
    person_id: int | None = None
    household_id: int | None = None
    card_id: int | None = None
    item_id: int | None = None
    village_code: str | None = None
    amount: float = 0.0
    evidence: dict[str, Any] = field(default_factory=dict)

    def evidence_json(self) -> str:
        return json.dumps({"说明": self.summary, **self.evidence}, ensure_ascii=False)


@dataclass(frozen=True)
class Rule:
    """A check. ``find(ctx)`` yields findings; ``title`` and ``description`` are Chinese.

    A slow rule also yields :class:`~ykt_desktop.progress.Progress` (its own fraction done)
    between its steps: the runner shows it and the UI can cancel there (issue 15)."""

    name: str
    title: str
    description: str
    find: Callable[[CheckContext], Iterable[Finding | Progress]]
    order: int = 100


PAYSUM_ANOMALY = ("((n_paid > 0 AND paid > standard + {tol}) OR (paid > 0 AND paid < due - {tol})"
                  " OR (n_failed > 0 AND n_paid = 0))")
# One (person, item, period) group with a single payment row, and groups of several rows.
PAYSUM_SINGLE = """SELECT person_id, item_id, period, household_id, village_code,
       CASE WHEN status = 'paid' THEN amount_paid ELSE 0 END AS paid,
       (status = 'paid') AS n_paid, (status IN ({failed})) AS n_failed,
       standard, amount_due AS due
FROM payments WHERE person_id IS NOT NULL"""
PAYSUM_MULTI = """SELECT p.person_id, p.item_id, p.period, min(p.household_id),
       min(p.village_code), total(CASE WHEN p.status = 'paid' THEN p.amount_paid END) AS paid,
       sum(p.status = 'paid') AS n_paid, sum(p.status IN ({failed})) AS n_failed,
       max(p.standard) AS standard, max(p.amount_due) AS due
FROM ck_multi m JOIN payments p ON p.person_id = m.person_id
     AND p.item_id = m.item_id AND p.period = m.period
WHERE m.rowid BETWEEN ? AND ?
GROUP BY p.person_id, p.item_id, p.period"""
MULTI_SQL = "SELECT person_id, item_id, period FROM payments WHERE person_id IS NOT NULL"
PAYSUM_SLICE = 200_000      # person ids / payment rows per step of the shared pass


class CheckContext:
    """The database, the rule parameters and shared intermediate results of one run.

    Shared results live in TEMP tables of this connection (dropped by :meth:`close`), so
    several rules can reuse one pass over the payments.
    """

    def __init__(self, db: sqlite_utils.Database, params: dict[str, Any]) -> None:
        self.db = db
        self.params = params
        self.items = {it.id: it for it in catalogue.list_items(db, active_only=False)}
        self.item_by_code = {it.code: it for it in self.items.values()}
        self._temps: list[str] = []

    def rows(self, sql: str, args: Sequence[Any] = ()) -> Iterator[tuple]:
        return iter(self.db.execute(sql, list(args)).fetchall())

    def code(self, item_id: int | None) -> str:
        item = self.items.get(item_id) if item_id is not None else None
        return item.code if item else str(item_id)

    def item_name(self, item_id: int | None) -> str:
        item = self.items.get(item_id) if item_id is not None else None
        return item.name if item else str(item_id)

    def temp(self, name: str, select_sql: str, index_cols: str = "") -> str:
        """Create ``temp.<name>`` from ``select_sql`` once per run; returns the table name.

        Inside its own transaction (or savepoint): a write to a TEMP table would otherwise
        open an implicit transaction that swallows the findings stored after it.
        """
        if name not in self._temps:
            with self.db.atomic():
                self.db.execute(f"DROP TABLE IF EXISTS temp.{name}")
                self.db.execute(f"CREATE TEMP TABLE {name} AS {select_sql}")
                if index_cols:
                    self.db.execute(f"CREATE INDEX temp.idx_{name} ON {name}({index_cols})")
            self._temps.append(name)
        return name

    def temp_rows(self, name: str, columns_sql: str, rows: Iterable[tuple]) -> str:
        """Create ``temp.<name>`` (``columns_sql``) holding ``rows``; returns the table name."""
        with self.db.atomic():
            self.db.execute(f"DROP TABLE IF EXISTS temp.{name}")
            self.db.execute(f"CREATE TEMP TABLE {name} ({columns_sql})")
            rows = list(rows)
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.db.conn.executemany(f"INSERT INTO temp.{name} VALUES ({marks})", rows)
        if name not in self._temps:
            self._temps.append(name)
        return name

    def paysum_rows(self, condition: str, args: Sequence[Any] = ()) -> Job[list[tuple]]:
        """(person_id, item_id, period, household_id, village_code, paid, n_paid, n_failed,
        standard, due) per (person, item, period) matching ``condition`` over those names.

        ``paid`` sums the successful rows. Only groups that are anomalous in one of the ways
        :data:`PAYSUM_ANOMALY` names (over the standard, short, failed and never paid) are
        available: they are collected in one pass over the payments, shared by the rules. A
        job: the first call yields progress while that pass runs (in slices of the payments).
        """
        table = yield from self._paysum_anomalies()
        return self.db.execute(f"SELECT * FROM {table} WHERE {condition}", list(args)).fetchall()

    def _paysum_anomalies(self) -> Job[str]:
        if "ck_paysum" in self._temps:
            return "ck_paysum"
        failed = ",".join(f"'{s}'" for s in self.params.get("failed_statuses", ["failed"]))
        anomaly = PAYSUM_ANOMALY.format(tol=float(self.params.get("amount_tolerance", 0.01)))
        single, multi = PAYSUM_SINGLE.format(failed=failed), PAYSUM_MULTI.format(failed=failed)
        self.temp("ck_multi", MULTI_SQL + " AND 0 GROUP BY person_id, item_id, period")
        self.temp("ck_paysum", f"SELECT * FROM ({single}) s WHERE 0")
        top = self.db.execute("SELECT max(person_id), max(rowid) FROM payments").fetchone()
        steps = [("ck_multi", f"{MULTI_SQL} AND person_id BETWEEN ? AND ? "
                              "GROUP BY person_id, item_id, period HAVING count(*) > 1", top[0]),
                 ("ck_paysum", f"SELECT * FROM ({single} AND rowid BETWEEN ? AND ?) s "
                               f"WHERE {anomaly} AND NOT EXISTS (SELECT 1 FROM ck_multi m "
                               "WHERE m.person_id = s.person_id AND m.item_id = s.item_id "
                               "AND m.period = s.period)", top[1]),
                 ("ck_paysum", f"SELECT * FROM ({multi}) s WHERE {anomaly}", None)]
        for n, (table, sql, last) in enumerate(steps):
            if table == "ck_paysum" and n == 1:
                with self.db.atomic():
                    self.db.execute("CREATE INDEX temp.idx_ck_multi ON ck_multi(person_id, "
                                    "item_id, period)")
            if last is None:
                last = self.db.execute("SELECT max(rowid) FROM ck_multi").fetchone()[0]
            for low in range(0, (last or 0) + 1, PAYSUM_SLICE):
                with self.db.atomic():
                    self.db.execute(f"INSERT INTO temp.{table} {sql}",
                                    [low, low + PAYSUM_SLICE - 1])
                yield Progress(n * 10 + min(9, 10 * low // (last or 1)), 30, "汇总发放记录")
        return "ck_paysum"

    def people(self, person_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """{person_id: (id_number, name)} for the given persons."""
        ids = sorted(set(person_ids))
        out: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for pid, number, name in self.db.execute(
                    f"SELECT id, id_number, name FROM persons WHERE id IN ({marks})", chunk):
                out[pid] = (number, name)
        return out

    def homes(self, person_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """Each person's first household and its village: {person_id: (household_id, village)}."""
        ids = sorted(set(person_ids))
        out: dict[int, tuple[int, str]] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for pid, hid, village in self.db.execute(
                    f"SELECT m.person_id, m.household_id, h.village_code FROM members m "
                    f"JOIN households h ON h.id = m.household_id WHERE m.person_id IN ({marks}) "
                    f"ORDER BY m.person_id DESC, m.sort DESC, m.id DESC", chunk).fetchall():
                out[pid] = (hid, village)
        return out

    def close(self) -> None:
        with self.db.atomic():
            for name in self._temps:
                self.db.execute(f"DROP TABLE IF EXISTS temp.{name}")
        self._temps.clear()


def period_end(period: str) -> dt.date:
    """Last day of a period 'YYYY-MM' or 'YYYY'."""
    if len(period) == 4:
        return dt.date(int(period), 12, 31)
    year, month = int(period[:4]), int(period[5:7])
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def money(value: float) -> str:
    return f"{value:,.2f}元"
