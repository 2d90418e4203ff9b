"""The one default period that every period box starts with (公示, 报表, 上报, 入户核查的自述).

Officers open a page to work on the money they are checking, and that money arrives as
payment rosters from the provincial 一卡通 platform, always some months after it was paid. On
1 March a county typically holds data up to December or January: a box that starts at the
current month points at a month with no payments at all (an empty notice, a return of
zeros, a board where nobody has reported). So the default is **the latest month for which
this database holds payment data**; only a database with no payments yet (a new village before
its first roster or submission arrives) falls back to the current month, which is then the
period the officer is about to collect. Everything that has a period box uses this function,
so a notice, a return and the submission built on the same day name the same period, and a
village and its township that hold the same data default to the same submission period.

Annual returns and yearly items take the year of that month (``default_year``). When the data
holds only yearly periods (e.g. only 耕地地力保护补贴, paid once a year) and a later year than
any month, that year is the latest data and ``default_period`` returns it as ``YYYY``.

Payments of every status count (a month whose payments all failed is still a month to check).
One index probe per subsidy item on ``idx_payments_item(item_id, period)``: a few milliseconds
on a county database of two million payments.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils


def latest_payment_periods(db: sqlite_utils.Database) -> tuple[str | None, str | None]:
    """(latest monthly period 'YYYY-MM', latest yearly period 'YYYY') in the payments, or None.

    One max() per item (an index probe). 'YYYY' sorts before that year's months, so an item's
    maximum is yearly only when its months all lie in earlier years: they cannot change the
    choice ``default_period`` makes from these two values."""
    latest = [row[0] for row in db.execute(
        "SELECT (SELECT max(period) FROM payments WHERE item_id = s.id) FROM subsidy_items s")
        if row[0]]
    months = [p for p in latest if len(p) == 7]
    years = [p for p in latest if len(p) == 4]
    return (max(months) if months else None), (max(years) if years else None)


def default_period(db: sqlite_utils.Database, *, today: dt.date | None = None) -> str:
    """The latest month with payment data ('YYYY-MM'), else the current month (see the module
    docstring for why); a later year that has only yearly payments is returned as 'YYYY'."""
    month, year = latest_payment_periods(db)
    if year and (month is None or year > month[:4]):
        return year
    if month:
        return month
    today = today or dt.date.today()
    return f"{today.year}-{today.month:02d}"


def default_year(db: sqlite_utils.Database, *, today: dt.date | None = None) -> str:
    """The year of ``default_period``: for annual returns and yearly items."""
    return default_period(db, today=today)[:4]
