"""Opening an issue's evidence: a copy of the stored file written to a folder the caller chose
(a temporary one in the app), so the officer's own viewer can open it and the database copy
stays untouched."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.ledger.issues import LedgerError


def evidence_copy(db: sqlite_utils.Database, attachment_id: int, *, folder: Path | str) -> Path:
    """Write the evidence file ``attachment_id`` into ``folder`` under its own name."""
    row = db.execute("SELECT filename, data FROM attachments WHERE id = ? AND kind = 'evidence'",
                     [attachment_id]).fetchone()
    if row is None:
        raise LedgerError(f"没有编号为 {attachment_id} 的佐证材料")
    name = Path(row[0]).name or f"佐证材料{attachment_id}"
    target = Path(folder) / f"{attachment_id}_{name}"
    write_bytes_atomic(target, row[1])
    return target
