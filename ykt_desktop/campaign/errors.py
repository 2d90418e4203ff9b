"""The campaign's user-facing error (Chinese message)."""

from __future__ import annotations

import datetime as dt

from ykt_desktop.errors import UserError


class CampaignError(ValueError, UserError):
    """A campaign record cannot be made as asked; the message is Chinese."""


def iso_day(value: str | dt.date | None, what: str) -> str:
    """``value`` as an ISO date, or :class:`CampaignError` naming the field."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise CampaignError(f"{what}“{text}”不是有效日期，应为 2026-09-01 这样的格式") from None
