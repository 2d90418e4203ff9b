"""Drill-down: the database rows (issues, payments, households, persons, cards) behind a cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.progress import Job, Progress
from ykt_desktop.returns.engine import TOTAL_KEY, FilledReturn, column_params, scope_for
from ykt_desktop.returns.measures import build, drill_ids
from ykt_desktop.security.display import NumberView, number_view

KIND_LABELS = {"issues": "条问题", "payments": "条发放记录", "households": "户",
               "persons": "人", "cards": "张卡折", "regions": "个区划"}


@dataclass(frozen=True)
class Drill:
    kind: str
    ids: list[Any]
    note: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def drill(db: sqlite_utils.Database, filled: FilledReturn, row_key: str, col_key: str,
          *, limit: int = 100000) -> Drill:
    """The ids behind one cell (the 合计 row: behind the whole column)."""
    template = filled.template
    col = template.column(col_key)
    rowset = filled.rowset
    if rowset.dimension == "list":
        rows = filled.data_rows() if row_key == TOTAL_KEY else [filled.row(row_key)]
        records = [r.source.record for r in rows if r.source and r.source.record]
        kind = records[0][0] if records else "issues"
        return Drill(kind, [rid for _, rid in records][:limit])
    if col.kind != "measure":
        return Drill("", [], "该栏不是从数据库计算的")
    msql = build(col.measure, scope_for(template, filled.unit_code, filled.period),
                 column_params(db, template, col))
    keys = [] if row_key == TOTAL_KEY else [filled.row(row_key).source.group_key]
    if row_key == TOTAL_KEY:
        keys = [r.source.group_key for r in filled.data_rows() if r.source]
    return Drill(msql.id_kind, drill_ids(db, msql, rowset.dimension, keys, rowset.width,
                                         limit=limit))


DRILL_SQL = {
    "issues": ("SELECT i.id, i.issue_no, c.name, v.name, COALESCE(ps.name, ''), "
               "COALESCE(s.name, ''), i.amount, i.status FROM issues i "
               "LEFT JOIN issue_categories c ON c.code = i.category "
               "LEFT JOIN regions v ON v.code = i.village_code "
               "LEFT JOIN persons ps ON ps.id = i.person_id "
               "LEFT JOIN subsidy_items s ON s.id = i.item_id WHERE i.id IN ({})",
               ("问题编号", "类别", "村", "姓名", "补贴项目", "涉及金额（元）", "状态")),
    "payments": ("SELECT p.id, p.id, COALESCE(ps.name, ''), ps.id_number, s.name, p.period, "
                 "p.amount_due, p.amount_paid, p.status, p.card_number FROM payments p "
                 "JOIN subsidy_items s ON s.id = p.item_id "
                 "LEFT JOIN persons ps ON ps.id = p.person_id WHERE p.id IN ({})",
                 ("发放记录号", "姓名", "身份证号", "补贴项目", "期间", "应发（元）", "实发（元）",
                  "状态", "卡号")),
    "households": ("SELECT h.id, h.hh_no, v.name, COALESCE(ps.name, ''), h.verify_status "
                   "FROM households h LEFT JOIN regions v ON v.code = h.village_code "
                   "LEFT JOIN persons ps ON ps.id = h.head_person_id WHERE h.id IN ({})",
                   ("户编号", "村", "户主", "核查状态")),
    "persons": ("SELECT ps.id, ps.name, ps.id_number, ps.status FROM persons ps "
                "WHERE ps.id IN ({})", ("姓名", "身份证号", "人员状态")),
    "cards": ("SELECT c.id, ps.name, c.card_type, c.card_number, c.custodian, c.custodian_name "
              "FROM cards c JOIN persons ps ON ps.id = c.person_id WHERE c.id IN ({})",
              ("持卡人", "卡折类型", "卡号", "保管情况", "保管人姓名")),
    "regions": ("SELECT r.code, r.code, r.name, r.level FROM regions r WHERE r.code IN ({})",
                ("区划代码", "名称", "级别")),
}

_LABELS = {"status": glossary.ISSUE_STATUS, "verify_status": glossary.VERIFY_STATUS}


def drill_rows(db: sqlite_utils.Database, result: Drill, *, limit: int = 2000,
               region_code: str | None = None) -> tuple[tuple[str, ...], list[tuple]]:
    """Headers and display rows; ID and card numbers whole or masked by the user's role for
    records of ``region_code`` (the return's unit; None = not known, masked for a role confined
    to a region), :mod:`ykt_desktop.security.display`."""
    if result.kind not in DRILL_SQL or not result.ids:
        return (), []
    sql, headers = DRILL_SQL[result.kind]
    ids = result.ids[:limit]
    rows = db.execute(sql.format(", ".join("?" * len(ids))), ids).fetchall()
    view = number_view(db)
    return headers, [_display(result.kind, r[1:], view, region_code) for r in rows]


def _display(kind: str, row: tuple, view: NumberView, region: str | None) -> tuple:
    out = list(row)
    if kind == "issues":
        out[5] = f"{out[5]:.2f}"
        out[6] = glossary.label(glossary.ISSUE_STATUS, out[6])
    elif kind == "payments":
        out[5], out[6] = f"{out[5]:.2f}", f"{out[6]:.2f}"
        out[2] = view.id(out[2], region)
        out[7] = glossary.label(glossary.PAYMENT_STATUS, out[7])
        out[8] = view.card(out[8], region)
    elif kind == "households":
        out[3] = glossary.label(glossary.VERIFY_STATUS, out[3])
    elif kind == "persons":
        out[1] = view.id(out[1], region)
        out[2] = glossary.label(glossary.PERSON_STATUS, out[2])
    elif kind == "cards":
        out[1] = glossary.label(glossary.CARD_TYPES, out[1])
        out[2] = view.card(out[2], region)
        out[3] = glossary.label(glossary.CUSTODIANS, out[3])
    elif kind == "regions":
        out[2] = glossary.label(glossary.LEVELS, out[2])
    return tuple(out)


def drill_job(db: sqlite_utils.Database, filled: FilledReturn, row_key: str,
              col_key: str) -> Job[tuple[Drill, tuple[str, ...], list[tuple]]]:
    """:func:`drill` and :func:`drill_rows` as a job (a county column can be big)."""
    yield Progress(0, 1, "查找构成这个数的记录")
    result = drill(db, filled, row_key, col_key)
    headers, rows = drill_rows(db, result, region_code=filled.unit_code)
    return result, headers, rows
