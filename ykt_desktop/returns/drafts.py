"""Drafts of a return (hand cells, footer, override reason) per template, unit and period,
kept in the ``return_drafts`` table."""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils

from ykt_desktop.changes import Kind, writes
from ykt_desktop.db.database import write_transaction
from ykt_desktop.record_versions import check_unchanged, rows_token
from ykt_desktop.returns.filled import (
    TOTAL_KEY,
    FilledReturn,
    ReturnInputError,
    parse_cell,
    refresh_total,
)

FOOTER_KEYS = ("负责人", "填表人", "联系电话", "填报日期")


def load_draft(db: sqlite_utils.Database, template: str, unit_code: str,
               period: str) -> dict | None:
    row = db.execute("SELECT cells, footer, status, override_reason, signed_at, signed_by, id "
                     "FROM return_drafts WHERE template = ? AND unit_code = ? AND period = ?",
                     [template, unit_code, period]).fetchone()
    if not row:
        return None
    return {"cells": json.loads(row[0]), "footer": json.loads(row[1]), "status": row[2],
            "override_reason": row[3], "signed_at": row[4], "signed_by": row[5], "id": row[6]}


def draft_version(db: sqlite_utils.Database, template: str, unit_code: str, period: str) -> str:
    """Version token of a saved draft (see :mod:`ykt_desktop.record_versions`)."""
    return rows_token(db, [("SELECT * FROM return_drafts WHERE template = ? AND unit_code = ? "
                            "AND period = ?", [template, unit_code, period])])


def apply_draft(db: sqlite_utils.Database, filled: FilledReturn) -> None:
    # read before the draft: a change in between makes a save refuse, never pass
    filled.draft_version = draft_version(db, filled.template.key, filled.unit_code,
                                         filled.period)
    draft = load_draft(db, filled.template.key, filled.unit_code, filled.period)
    if not draft:
        return
    rows = {r.key: r for r in filled.rows if r.key != TOTAL_KEY}
    for ref, value in draft["cells"].items():
        row_key, _, col_key = ref.rpartition("|")
        row = rows.get(row_key)
        if row is None or col_key not in row.cells:
            continue          # the row left the data (e.g. an issue deleted): keep no ghost
        cell = row.cells[col_key]
        try:      # kept as text (money) or a number; read back exactly
            cell.value = parse_cell(filled.template.column(col_key), value)
        except ReturnInputError:
            cell.value = value
        cell.edited = value != cell.computed
    filled.footer = dict(draft["footer"])
    filled.override_reason = draft["override_reason"]
    filled.status = draft["status"]
    refresh_total(filled)


def check_draft_unchanged(db: sqlite_utils.Database, filled: FilledReturn) -> None:
    """``StaleRecordError`` when the saved draft changed since ``filled`` was filled."""
    current = draft_version(db, filled.template.key, filled.unit_code, filled.period)
    check_unchanged(filled.draft_version, current,
                    f"{filled.title}（{filled.unit_name} {filled.period}）的草稿")


def refresh_draft_version(db: sqlite_utils.Database, filled: FilledReturn) -> None:
    """After this process changed the draft itself (saved, signed): the new token."""
    filled.draft_version = draft_version(db, filled.template.key, filled.unit_code,
                                         filled.period)


@writes(Kind.RETURNS)
def save_draft(db: sqlite_utils.Database, filled: FilledReturn) -> int:
    """Store the hand cells and footer (insert or update); returns the draft id. A return filled
    with its draft (``filled.draft_version``) is not saved over a draft changed since
    (another window, the command line, a signature): ``StaleRecordError``."""
    now = dt.datetime.now().isoformat(timespec="seconds")
    args = [filled.template.key, filled.unit_code, filled.period,
            json.dumps(filled.hand_cells(), ensure_ascii=False, default=str),
            json.dumps(filled.footer, ensure_ascii=False), filled.override_reason, now]
    with write_transaction(db):
        check_draft_unchanged(db, filled)
        db.execute(
            "INSERT INTO return_drafts(template, unit_code, period, cells, footer, "
            "override_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(template, unit_code, period) DO UPDATE SET cells = excluded.cells, "
            "footer = excluded.footer, override_reason = excluded.override_reason, "
            "status = 'draft', updated_at = excluded.updated_at", args)
        row = db.execute("SELECT id FROM return_drafts WHERE template = ? AND unit_code = ? "
                         "AND period = ?", args[:3]).fetchone()
        refresh_draft_version(db, filled)
    return int(row[0])


def mark_signed(db: sqlite_utils.Database, draft_id: int, *, signer: str,
                override_reason: str) -> None:
    db.execute("UPDATE return_drafts SET status = 'signed', signed_at = ?, signed_by = ?, "
               "override_reason = ? WHERE id = ?",
               [dt.datetime.now().isoformat(timespec="seconds"), signer, override_reason,
                draft_id])
