"""The unit's signed returns (xlsx, pdf) that go into its package, from the returns area."""

from __future__ import annotations

import sqlite_utils


def signed_returns(db: sqlite_utils.Database, period: str) -> dict[str, bytes]:
    """File name -> bytes of every return signed for ``period`` or for the year it falls in
    (a yearly return travels with that year's monthly packages); empty before any exists."""
    rows = db.execute(
        "SELECT a.filename, a.data FROM attachments a WHERE a.kind = 'return' "
        "AND a.owner_table = 'return_drafts' AND a.owner_id IN "
        "(SELECT id FROM return_drafts WHERE (period = ? OR ? LIKE period || '-%') "
        "AND status = 'signed') ORDER BY a.id", [period, period]).fetchall()
    return {name: bytes(data) for name, data in rows if name}
