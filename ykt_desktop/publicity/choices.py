"""What the 公示 builder offers: scopes, items with payments, a sensible default period, and
the notice's lines as plain table rows for the on-screen preview."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.publicity.model import COLUMNS, Notice


def scope_choices(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(code, indented label, level) for every township, village and group, tree-ordered."""
    rows = db.execute("SELECT code, name, level, parent_code, sort FROM regions "
                      "WHERE level != 'county'").fetchall()
    kids: dict[str | None, list[tuple]] = {}
    codes = {r[0] for r in rows}
    for row in rows:
        parent = row[3] if row[3] in codes else None
        kids.setdefault(parent, []).append(row)
    out: list[tuple[str, str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for code, name, level, _, _ in sorted(kids.get(parent, []), key=lambda r: (r[4], r[0])):
            out.append((code, "\u3000" * depth + f"{name}（{code}）", level))
            walk(code, depth + 1)

    walk(None, 0)
    return out


def item_choices(db: sqlite_utils.Database) -> list[tuple[str, str, int]]:
    """(code, name, paid payment count) of every catalogue item, catalogue order."""
    return [tuple(r) for r in db.execute(
        "SELECT i.code, i.name, (SELECT COUNT(*) FROM payments p WHERE p.item_id = i.id "
        "AND p.status = 'paid') FROM subsidy_items i ORDER BY i.sort, i.id").fetchall()]


def preview_rows(notice: Notice) -> list[tuple[str, ...]]:
    blank = ("",) * (len(COLUMNS) - 1)
    rows = []
    for line in notice.lines:
        if line.kind == "row":
            rows.append(line.cells)
        elif line.kind == "group":
            rows.append((line.cells[0], *blank))
        else:
            rows.append(("", f"{line.cells[0]}（{line.count}条）", *blank[:5],
                         f"{line.amount:,.2f}", "", ""))
    return rows


