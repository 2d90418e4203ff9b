"""Payment facts for one fill: the unit's payments of the period summed per subsidy item,
village, beneficiary and the attributes measures filter on, gathered in ONE pass (money in
whole 分, see figures.py).

At county scale (2 million payments) every payment column would otherwise scan the payments
table again; with the facts table each column reads a table a fraction of that size.
Drill-down does not use it (it asks the payments table for one cell's ids directly).
"""

from __future__ import annotations

import itertools

import sqlite_utils

from ykt_desktop.returns.measure_base import region_span
from ykt_desktop.returns.measures import PAYMENT_VALUES, SUBJECT, Scope
from ykt_desktop.returns.template import Template

FACT_MEASURES = ("payment_sum", "beneficiaries")
_counter = itertools.count(1)

FACTS_SQL = f"""
CREATE TEMP TABLE {{name}} AS
SELECT p.item_id AS item_id, p.village_code AS village_code, {SUBJECT} AS subject,
       p.status AS status, s.channel AS channel,
       COALESCE(h.verify_status, 'pending') AS verify_status,
       COALESCE(ps.status, '') AS person_status,
       (EXISTS (SELECT 1 FROM {{keys}} k WHERE k.item_id = p.item_id AND k.kind = 'p'
                AND k.sid = p.person_id)
        OR EXISTS (SELECT 1 FROM {{keys}} k WHERE k.item_id = p.item_id AND k.kind = 'h'
                   AND k.sid = p.household_id)) AS has_issue,
       SUM({PAYMENT_VALUES["amount_due"]}) AS amount_due,
       SUM({PAYMENT_VALUES["amount_paid"]}) AS amount_paid,
       SUM({PAYMENT_VALUES["shortfall"]}) AS shortfall,
       SUM({PAYMENT_VALUES["excess"]}) AS excess
FROM payments p
JOIN subsidy_items s ON s.id = p.item_id
LEFT JOIN households h ON h.id = p.household_id
LEFT JOIN persons ps ON ps.id = (CASE WHEN s.basis = 'household' THEN h.head_person_id
                                 ELSE p.person_id END)
WHERE p.village_code BETWEEN ? AND ? AND p.period LIKE ?
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""


def needs_facts(template: Template) -> bool:
    return any(c.kind == "measure" and c.measure in FACT_MEASURES for c in template.columns)


ISSUE_KEYS_SQL = """
CREATE TEMP TABLE {keys} (item_id INTEGER, kind TEXT, sid INTEGER,
                          PRIMARY KEY (item_id, kind, sid)) WITHOUT ROWID;
INSERT OR IGNORE INTO {keys} SELECT item_id, 'p', person_id FROM issues
    WHERE item_id IS NOT NULL AND person_id IS NOT NULL{period};
INSERT OR IGNORE INTO {keys} SELECT item_id, 'h', household_id FROM issues
    WHERE item_id IS NOT NULL AND household_id IS NOT NULL{period};
"""


def build_facts(db: sqlite_utils.Database, scope: Scope) -> str:
    """Create the temporary facts table; returns its name (drop it with :func:`drop_facts`)."""
    n = next(_counter)
    name, keys = f"temp.ret_facts_{n}", f"temp.ret_issue_keys_{n}"
    period = ""      # issues of the period only when the template dates them (issue_scope)
    if scope.issue_scope == "created_in_period":
        period = f" AND substr(created_at, 1, {len(scope.period)}) = '{scope.period}'"
        if not scope.period.replace("-", "").isdigit():
            raise ValueError(f"期间“{scope.period}”应为 YYYY 或 YYYY-MM")
    for statement in ISSUE_KEYS_SQL.format(keys=keys, period=period).split(";"):
        if statement.strip():
            db.execute(statement)
    try:
        db.execute(FACTS_SQL.format(name=name, keys=keys.removeprefix("temp.")),
                   [*region_span(scope.prefix), scope.period + "%"])
    finally:
        db.execute(f"DROP TABLE IF EXISTS {keys}")
    return name


def drop_facts(db: sqlite_utils.Database, name: str) -> None:
    db.execute(f"DROP TABLE IF EXISTS {name}")
