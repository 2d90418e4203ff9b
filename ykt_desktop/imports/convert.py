"""How a cell of each field is read (``CONVERTERS``) and how an item name finds its item.

Shared by the row parser (:mod:`ykt_desktop.imports.parse`) and the whole-file guesses
(:mod:`ykt_desktop.imports.whole_file`), below both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import sqlite_utils

from ykt_desktop import catalogue
from ykt_desktop.imports import values

Converter = Callable[[object], object]

CONVERTERS: dict[str, Converter] = {
    "id_number": values.id_number, "cadre_id_number": values.id_number,
    "name": values.text, "item": values.text, "period": values.period, "amount": values.amount,
    "amount_due": values.amount, "standard": values.amount, "paid_date": values.date,
    "card_number": values.card_number, "bank": values.text, "status": values.status,
    "death_date": values.date, "source": values.text, "village": values.text,
    "position": values.text, "relation": values.text, "register_no": values.text,
    "group": values.text,
}


def item_lookup(db: sqlite_utils.Database) -> dict[str, catalogue.SubsidyItem]:
    """Items by code, by full name and by name without the bracketed part."""
    out: dict[str, catalogue.SubsidyItem] = {}
    for item in catalogue.list_items(db, active_only=False):
        for key in (item.code, item.name, item.name.split("（")[0]):
            out.setdefault(_item_key(key), item)
    return out


def _item_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def find_item(lookup: dict[str, catalogue.SubsidyItem], text: str):
    return lookup.get(_item_key(text))
