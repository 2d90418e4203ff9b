"""Showing ID, card and phone numbers: whole to the roles that need them, masked to the rest.

Every page, dialog, row formatter and export of personal numbers goes through here. Whether a
role sees whole numbers is data in :mod:`ykt_desktop.security.roles` (the ``view_full_numbers``
permission, confined to the role's own region by :func:`~ykt_desktop.security.roles.scope_prefix`);
everyone else sees the county's masking policy (:func:`ykt_desktop.masking.load_policy`).
With no session attached (command line, tests) nothing is masked.

Build one :class:`NumberView` per page of rows (:func:`number_view`): it reads the session and
the policy once. :func:`show_id` and friends are the one-off forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.masking import (
    DEFAULT_POLICY,
    MASK,
    MaskingPolicy,
    load_policy,
    mask_card,
    mask_id,
    mask_phone,
)
from ykt_desktop.security import roles
from ykt_desktop.security.session import current

LONG_NUMBER = re.compile(r"(?<![0-9])([0-9]{3})[0-9]{8,}([0-9]{3}[0-9Xx])(?![0-9])")
HIDDEN = "（已隐藏）"


@dataclass(frozen=True)
class NumberView:
    """What one connection's user may see, read once: ``allowed`` and the region ``prefix``."""

    allowed: bool = True
    prefix: str = ""             # '' = everywhere; else whole numbers only inside this region
    policy: MaskingPolicy = DEFAULT_POLICY

    def full(self, region_code: str | None = None) -> bool:
        """Whole numbers for a record of ``region_code`` (None = region not known)."""
        if not self.allowed:
            return False
        if not self.prefix:
            return True
        return bool(region_code) and str(region_code).startswith(self.prefix)

    def id(self, number: str | None, region_code: str | None = None) -> str:
        return (number or "") if self.full(region_code) else mask_id(number, self.policy)

    def card(self, number: str | None, region_code: str | None = None) -> str:
        return (number or "") if self.full(region_code) else mask_card(number, self.policy)

    def phone(self, number: str | None, region_code: str | None = None) -> str:
        return (number or "") if self.full(region_code) else mask_phone(number, self.policy)

    def disability(self, value: str | None, region_code: str | None = None) -> str:
        """Disability certificate, type or grade: hidden unless whole or the policy shows it."""
        if not value or self.full(region_code) or self.policy.show_disability:
            return value or ""
        return HIDDEN

    def text(self, value: str | None, region_code: str | None = None) -> str:
        """Free text (evidence, descriptions, audit values) with long digit runs masked."""
        if self.full(region_code):
            return value or ""
        return mask_numbers(value)


def mask_numbers(text: str | None) -> str:
    """Hide the middle of every long digit run (ID and card numbers) inside a text."""
    return LONG_NUMBER.sub(lambda m: m.group(1) + MASK * (len(m.group(0)) - 7) + m.group(2),
                           text or "")


def number_view(db: sqlite_utils.Database) -> NumberView:
    """The view of the user attached to ``db`` (no session: everything whole)."""
    session = current(db)
    if session is None:
        return NumberView()
    allowed = roles.allowed(session.role, "view_full_numbers")
    return NumberView(allowed, roles.scope_prefix(session.role, session.unit_code),
                      load_policy(db))


def show_id(db: sqlite_utils.Database, number: str | None, region_code: str | None = None) -> str:
    return number_view(db).id(number, region_code)


def show_card(db: sqlite_utils.Database, number: str | None,
              region_code: str | None = None) -> str:
    return number_view(db).card(number, region_code)


def show_phone(db: sqlite_utils.Database, number: str | None,
               region_code: str | None = None) -> str:
    return number_view(db).phone(number, region_code)


def can_see_full_numbers(db: sqlite_utils.Database, region_code: str | None = None) -> bool:
    """Whether whole ID and card numbers of a record in ``region_code`` may be shown.

    A role confined to a region sees whole numbers only of records known to be inside it
    (``region_code`` None = not known = masked). Pages use
    this module's :func:`number_view`, which applies this rule.
    """
    return number_view(db).full(region_code)
