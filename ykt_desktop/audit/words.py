"""An audit entry in words: the table's Chinese name and, field by field, 修改前 → 修改后 with the
glossary's labels; numbers masked as the reader's role requires (a NumberView)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ykt_desktop.audit import values
from ykt_desktop.security.display import NumberView
from ykt_desktop.table_names import field_name, field_value

NOISE = ("id", "created_at", "updated_at")      # shown by the entry itself (序号, 时间)
LABEL_KEYS = ("issue_no", "hh_no", "complaint_no", "username", "title", "name", "key",
              "card_number", "template")


@dataclass(frozen=True)
class FieldChange:
    field: str          # Chinese name
    before: str
    after: str


def _load(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"内容": text}
    return value if isinstance(value, dict) else {"内容": value}


def record_label(table: str, before: str | None, after: str | None, row_id: object,
                 view: NumberView, labels: dict | None = None) -> str:
    """Which record: its number or name as officers know it (masked), else its 序号; a row
    of an issue (its events, evidence) by the issue's number when ``labels`` know it."""
    row = _load(after) or _load(before)
    region = row.get("village_code")
    if row.get("id_number"):
        return f"{row.get('name') or ''} {view.id(row['id_number'], region)}".strip()
    issue_no = (labels or {}).get("issue_id", {}).get(row.get("issue_id"))
    if issue_no and not row.get("issue_no"):
        return issue_no
    if table == "settings" and row.get("key"):
        return values.setting_name(row["key"])
    for key in LABEL_KEYS:
        if row.get(key):
            return view.text(str(row[key]), region)
    return f"序号 {row_id}" if row_id else ""


def changes(table: str, before: str | None, after: str | None, view: NumberView,
            labels: dict[str, dict] | None = None) -> list[FieldChange]:
    """The fields that differ (an insert: every filled field but zeros; a delete: every field
    it had). ``labels``: codes read from the database ({"category": {code: name}}, or
    {"issue_events.action": ...} for one table's field)."""
    old, new = _load(before), _load(after)
    labels = labels or {}
    region = new.get("village_code") or old.get("village_code")
    out = []
    for key in dict.fromkeys([*old, *new]):
        if key in NOISE or old.get(key) == new.get(key):
            continue
        if not before and new.get(key) in (None, "", 0):
            continue
        if not after and old.get(key) in (None, ""):
            continue
        named = labels.get(f"{table}.{key}") or labels.get(key) or {}
        words = [_masked(view, key, _word(named, table, key, side[key], labels), region)
                 if key in side else "" for side in (old, new)]
        out.append(FieldChange(field_name(table, key), *words))
    return out


def _masked(view: NumberView, key: str, text: str, region: str | None) -> str:
    """Numbers as the reader's role may see them: each kind with its own mask."""
    if text == "（空）":
        return text
    if "phone" in key or key == "complainant_contact":
        return view.phone(text, region)
    if key == "id_number":
        return view.id(text, region)
    if key == "card_number":
        return view.card(text, region)
    if key.startswith("disability"):
        return view.disability(text, region)
    return view.text(text, region)


def _word(named: dict, table: str, key: str, value: object, labels: dict) -> str:
    if isinstance(value, (str, int)) and value in named:
        return named[value]
    special = _special(table, key, value, labels)
    if special is not None:
        return special
    if isinstance(value, list) and named:
        return "、".join(str(named.get(v, v)) for v in value)
    if isinstance(value, (dict, list)) and key != "tables":
        return values.nested(value)
    return field_value(table, key, value)


def _special(table: str, key: str, value: object, labels: dict) -> str | None:
    """Values that need more than a code list: settings, an issue event's data, certificates,
    money and 是/否 flags."""
    if value is None or value == "":
        return None
    if table == "settings" and key in ("key", "value"):
        return values.setting_name(value) if key == "key" else values.setting_value(value)
    if table == "issue_events" and key == "data":
        rules = labels.get("rules") or (lambda: {})
        return values.event_data(value, text=str, rules=rules,
                                 field=lambda k: field_name("issues", k))
    if key in values.CERT_FIELDS:
        return values.certificate(value)
    if table == "audit_log" and key in values.HEAD_PROBLEM_WORDS:
        return values.head_problem_word(key, value)
    return values.scalar(key, value)


def before_after_text(items: list[FieldChange], *, inserted: bool,
                      deleted: bool) -> tuple[str, str]:
    """(修改前, 修改后) columns: 字段：值；… for the fields that changed."""
    before = "" if inserted else "；".join(f"{c.field}：{c.before}" for c in items)
    after = "" if deleted else "；".join(f"{c.field}：{c.after}" for c in items)
    return before, after


def diff_text(items: list[FieldChange]) -> str:
    """One line per field: 字段：修改前 → 修改后."""
    return "\n".join(f"{c.field}：{c.before or '（空）'} → {c.after or '（空）'}" for c in items)
