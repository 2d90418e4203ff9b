"""Row sources of a return: per subsidy item, per region, or one row per database record
(issues, beneficiaries without a card, failed payments). All scoped by a region code prefix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.regions import children, code_prefix, get_region
from ykt_desktop.returns.measure_base import region_span


@dataclass
class SourceRow:
    key: str                      # stable key for drafts: "item:3", "region:420999100", ...
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    group_key: Any = None         # the measure group key (item id / region prefix)
    record: tuple[str, int] | None = None   # (kind, id) for one-record-per-row sources


@dataclass
class RowSet:
    dimension: str                # item / region / list
    rows: list[SourceRow]
    width: int = 12


UNASSIGNED = "未分项目"
ITEM_SQL = ("SELECT id, code, name, department, basis, standard, standard_unit, channel, active "
            "FROM subsidy_items")


def _item_row(r: tuple) -> SourceRow:
    attrs = {"code": r[1], "name": r[2] if r[8] else f"{r[2]}（已停用）",
             "department": r[3], "basis": glossary.label(glossary.BASIS, r[4]),
             "standard": r[5], "standard_unit": glossary.label(glossary.STANDARD_UNITS, r[6]),
             "channel": glossary.label(glossary.CHANNELS, r[7])}
    return SourceRow(f"item:{r[0]}", attrs["name"], attrs, group_key=r[0])


def unassigned_row(params: dict) -> SourceRow:
    """Issues naming no subsidy item (a card kept by a cadre, a notice not posted, ...)."""
    label = params.get("unassigned", UNASSIGNED)
    return SourceRow("item:none", label, {"name": label}, group_key=None)


def item_rows(db: sqlite_utils.Database, params: dict) -> RowSet:
    """One row per active subsidy item, then the 未分项目 row (``"unassigned": false`` drops
    it only from a template whose measures never leave an item out)."""
    rows = [_item_row(r) for r in
            db.execute(ITEM_SQL + " WHERE active = 1 ORDER BY sort, id").fetchall()]
    if params.get("unassigned", UNASSIGNED):
        rows.append(unassigned_row(params))
    return RowSet("item", rows)


def add_missing_rows(db: sqlite_utils.Database, rowset: RowSet, params: dict, unit_code: str,
                     values: dict[str, dict[Any, Any]]) -> None:
    """Rows for records no listed row holds, so 合计 is always the sum of the printed rows: an
    item no longer active (before 未分项目), a record of the unit itself (本级). ``values``:
    the record measures' values by column and row key."""
    known = {r.group_key for r in rowset.rows}
    keys = {k for column in values.values() for k, v in column.items() if v not in (0, "")}
    missing = sorted((k for k in keys - known), key=str)
    if not missing or rowset.dimension == "list":
        return
    if rowset.dimension == "item":
        found = [_item_row(r) for r in db.execute(
            ITEM_SQL + f" WHERE id IN ({', '.join('?' * len(missing))}) ORDER BY sort, id",
            [k for k in missing if k is not None]).fetchall()] if any(missing) else []
        at = len(rowset.rows) - (1 if rowset.rows and rowset.rows[-1].group_key is None else 0)
        rowset.rows[at:at] = found
        if None in missing:
            rowset.rows.append(unassigned_row(params))
        return
    unit = get_region(db, unit_code)
    for key in missing:
        own = key == unit_code[:rowset.width]
        label = f"{unit.name}本级" if own and unit else str(key)
        rowset.rows.append(SourceRow(f"region:{key}", label, {"name": label, "code": key},
                                     group_key=key))


def region_rows(db: sqlite_utils.Database, unit_code: str, params: dict) -> RowSet:
    """``level: child`` -> the unit's townships (county) or villages (township); a village unit
    has itself as the only row. ``level: self`` -> the unit itself."""
    unit = get_region(db, unit_code)
    if unit is None:
        raise ValueError(f"区划代码 {unit_code} 不存在")
    regions = [unit]
    if params.get("level", "child") == "child" and unit.level in ("county", "township"):
        regions = [r for r in children(db, unit_code) if r.level != "group"] or [unit]
    width = len(code_prefix(regions[0].code))
    rows = [SourceRow(f"region:{code_prefix(r.code)}", r.name,
                      {"name": r.name, "code": r.code}, group_key=code_prefix(r.code))
            for r in regions]
    return RowSet("region", rows, width)


ISSUE_SQL = """
SELECT i.id, i.issue_no, t.name, v.name, ps.name, ps.id_number, s.name, c.name, i.description,
       i.amount, i.found_by, i.status, i.responsible_unit, i.responsible_person, i.measure,
       i.deadline, i.rectified_at, i.closed_at, i.recovered_amount, i.returned_amount,
       substr(i.created_at, 1, 10), hp.name
FROM issues i
LEFT JOIN issue_categories c ON c.code = i.category
LEFT JOIN regions v ON v.code = i.village_code
LEFT JOIN regions t ON t.code = v.parent_code
LEFT JOIN persons ps ON ps.id = i.person_id
LEFT JOIN households h ON h.id = i.household_id
LEFT JOIN persons hp ON hp.id = h.head_person_id
LEFT JOIN subsidy_items s ON s.id = i.item_id
WHERE i.village_code BETWEEN ? AND ?
"""
ISSUE_FIELDS = ("id", "issue_no", "township", "village", "person_name", "id_number", "item",
                "category", "description", "amount", "found_by", "status", "responsible_unit",
                "responsible_person", "measure", "deadline", "rectified_at", "closed_at",
                "recovered_amount", "returned_amount", "found_at", "head_name")


def issue_rows(db: sqlite_utils.Database, prefix: str, period: str, params: dict,
               issue_scope: str) -> RowSet:
    sql, args = ISSUE_SQL, region_span(prefix)
    statuses = list(params.get("statuses", []))
    if statuses:
        sql += f" AND i.status IN ({', '.join('?' * len(statuses))})"
        args.extend(statuses)
    if issue_scope == "created_in_period":
        sql += " AND substr(i.created_at, 1, ?) = ?"
        args.extend([len(period), period])
    rows = []
    for r in db.execute(sql + " ORDER BY i.issue_no", args).fetchall():
        attrs = dict(zip(ISSUE_FIELDS, r, strict=True))
        attrs["person_name"] = attrs["person_name"] or attrs["head_name"] or ""
        attrs["found_by"] = glossary.label(glossary.FOUND_BY, attrs["found_by"])
        attrs["closed"] = "是" if r[11] == "closed" else "否"
        attrs["status"] = glossary.label(glossary.ISSUE_STATUS, attrs["status"])
        rows.append(SourceRow(f"issue:{r[0]}", r[1], attrs, record=("issues", r[0])))
    return RowSet("list", rows)


NO_CARD_SQL = """
SELECT ps.id, t.name, v.name, ps.name, ps.id_number, ps.phone,
       group_concat(DISTINCT s.name), SUM(p.amount_due), SUM(p.amount_paid),
       (SELECT group_concat(DISTINCT c2.card_type) FROM cards c2 WHERE c2.person_id = ps.id)
FROM payments p
JOIN persons ps ON ps.id = p.person_id
JOIN subsidy_items s ON s.id = p.item_id
LEFT JOIN regions v ON v.code = p.village_code
LEFT JOIN regions t ON t.code = v.parent_code
WHERE p.village_code BETWEEN ? AND ? AND p.period LIKE ?
  AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.person_id = ps.id
                  AND c.card_type = 'social_security' AND c.activated = 1)
GROUP BY ps.id ORDER BY p.village_code, ps.id
"""


def no_card_rows(db: sqlite_utils.Database, prefix: str, period: str) -> RowSet:
    """Beneficiaries paid in the period without an activated social security card (会东)."""
    rows = []
    for r in db.execute(NO_CARD_SQL, [*region_span(prefix), period + "%"]).fetchall():
        held = "、".join(glossary.label(glossary.CARD_TYPES, t) for t in (r[9] or "").split(",")
                        if t)
        attrs = {"township": r[1], "village": r[2], "name": r[3], "id_number": r[4],
                 "phone": r[5], "items": (r[6] or "").replace(",", "、"), "amount_due": r[7],
                 "amount_paid": r[8], "cards_held": held or "无"}
        rows.append(SourceRow(f"person:{r[0]}", r[3], attrs, record=("persons", r[0])))
    return RowSet("list", rows)


FAILED_SQL = """
SELECT p.id, t.name, v.name, ps.name, ps.id_number, s.name, p.period, p.amount_due, p.bank,
       p.card_number, s.department
FROM payments p
JOIN subsidy_items s ON s.id = p.item_id
LEFT JOIN persons ps ON ps.id = p.person_id
LEFT JOIN regions v ON v.code = p.village_code
LEFT JOIN regions t ON t.code = v.parent_code
WHERE p.village_code BETWEEN ? AND ? AND p.period LIKE ? AND p.status = 'failed'
ORDER BY p.village_code, p.period, p.id
"""


def failed_payment_rows(db: sqlite_utils.Database, prefix: str, period: str) -> RowSet:
    rows = []
    for r in db.execute(FAILED_SQL, [*region_span(prefix), period + "%"]).fetchall():
        attrs = {"township": r[1], "village": r[2], "name": r[3] or "", "id_number": r[4] or "",
                 "item": r[5], "period": r[6], "amount_due": r[7], "bank": r[8],
                 "card_number": r[9], "department": r[10]}
        rows.append(SourceRow(f"payment:{r[0]}", r[3] or "", attrs, record=("payments", r[0])))
    return RowSet("list", rows)


def load_rows(db: sqlite_utils.Database, source: dict, unit_code: str, period: str,
              issue_scope: str = "all") -> RowSet:
    prefix = code_prefix(unit_code)
    kind = source["source"]
    if kind == "items":
        return item_rows(db, source)
    if kind == "regions":
        return region_rows(db, unit_code, source)
    if kind == "issues":
        return issue_rows(db, prefix, period, source, issue_scope)
    if kind == "no_card_persons":
        return no_card_rows(db, prefix, period)
    return failed_payment_rows(db, prefix, period)
