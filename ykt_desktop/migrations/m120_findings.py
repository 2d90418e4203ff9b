"""Findings that hold on outside files (issue 19).

- ``import_coverage``: what each roster import covers (item, period, village), so that the
  absence-based checks (应享受未享受) judge only inside what was imported.
- ``import_batches.skipped``: the rows left out when only the good rows of a file were
  imported (JSON list of {"行号": n, "问题": "..."}).
- ``register_entries``: a household register (户籍/人口名单 from 公安 or 民政): every registered
  person with the register's household number, village and group, for the completeness checks.
"""

import json

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.findings")

TABLES = """
CREATE TABLE import_coverage (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES subsidy_items(id),
    period TEXT NOT NULL,
    village_code TEXT NOT NULL DEFAULT '',   -- '' when the rows' persons have no village
    rows INTEGER NOT NULL DEFAULT 0,
    UNIQUE (batch_id, item_id, period, village_code)
);
CREATE INDEX idx_import_coverage_item ON import_coverage(item_id, period, village_code);

CREATE TABLE register_entries (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER REFERENCES import_batches(id),
    register_no TEXT NOT NULL DEFAULT '',    -- 户号 in the register
    id_number TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT '',
    village_code TEXT,
    group_name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT ''          -- 公安 / 民政
);
CREATE INDEX idx_register_id ON register_entries(id_number);
CREATE INDEX idx_register_hh ON register_entries(village_code, register_no);
"""


@migrations()
def m001_coverage_and_register(db):
    db.executescript(TABLES)
    db.execute("ALTER TABLE import_batches ADD COLUMN skipped TEXT NOT NULL DEFAULT '[]'")


@migrations()
def m002_issue_numbers_carry_unit(db):
    """Issue numbers without a unit code (WT2026000001) get this unit's code in front, as its
    packages already showed them upward: one number per issue in every database, so a sliced
    village, its township and the county never hold one issue under two numbers."""
    _number_legacy_issues(db)


def _number_legacy_issues(db) -> None:
    """This step's own copy of ``ledger.issues.number_legacy_issues`` as it was when the step
    was written (a migration never changes with the domain code, and the schema floor imports
    no feature): the unit's code from the settings, nothing without a unit."""
    row = db.execute("SELECT value FROM settings WHERE key = 'unit'").fetchone()
    code = json.loads(row[0]).get("code") if row else None
    if not code:
        return
    db.execute("UPDATE issues SET issue_no = ? || '-' || issue_no "
               "WHERE instr(issue_no, '-') = 0", [code])
    if "exchange_comments" in db.table_names():
        db.execute("UPDATE exchange_comments SET target_key = ? || '-' || target_key "
                   "WHERE target_table = 'issues' AND instr(target_key, '-') = 0 "
                   "AND target_key != ''", [code])
