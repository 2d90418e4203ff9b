"""The one rounding rule of every return: exact money from the database to the printed cell.

Money is summed in integer 分 in SQL (amounts are kept to the 分 at entry by
:mod:`ykt_desktop.money`; :func:`fen_sql` recovers them exactly), turned into
:class:`~decimal.Decimal` in the template's unit (万元 = 分 / 1 000 000, 元 = 分 / 100) and
rounded 四舍五入 (ROUND_HALF_UP) to two decimals. The screen, the Excel file, the PDF and the
command line all print a cell with :func:`printed_text`, so one cell shows the same figure
everywhere.

Totals are made from printed figures (the campaign asks printed forms to add up): a row's
figure is rounded where its records sit (the village), a higher level adds its lower levels'
printed figures, and 合计 adds the printed rows; every form prints :data:`ROUNDING_NOTE`.
See docs/RETURNS.md.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
FEN_PER_UNIT = {"万元": Decimal(1000000), "元": Decimal(100)}
MONEY_FORMATS = ("amount", "money", "standard")
ROUNDING_NOTE = "注：金额按村四舍五入到万元两位小数后逐级相加，合计为各行打印数之和。"


def fen_sql(expr: str) -> str:
    """SQL turning a 元 amount stored as REAL into whole 分.

    A two-decimal amount times 100 lies within 1e-5 of its 分, so ROUND recovers it. An amount
    stored with a half 分 before entries were checked (1049.995 is the binary 1049.99499…, and
    ``ROUND(1049.995*100)`` alone gives 104999) is rounded 四舍五入 like every printed figure
    (105000) by a nudge of 1e-7 分 away from zero, so the lists and the forms agree."""
    return (f"CAST(ROUND(({expr}) * 100 + (CASE WHEN ({expr}) >= 0 THEN 1e-7 ELSE -1e-7 END))"
            " AS INTEGER)")


def round_cent(value: Decimal) -> Decimal:
    """四舍五入 to two decimals: 0.045 -> 0.05, 12.635 -> 12.64, -0.045 -> -0.05."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fen_to_unit(fen: int, unit: str) -> Decimal:
    """Whole 分 as the printed figure in ``unit`` (万元 or 元), rounded 四舍五入."""
    return round_cent(Decimal(int(fen)) / FEN_PER_UNIT.get(unit, FEN_PER_UNIT["元"]))


def to_money(value: Any) -> Decimal:
    """A stored or typed amount (REAL 元, text, Decimal) as Decimal with two decimals.

    A float is read through its shortest repr (1081.5 -> "1081.5"), never its binary value."""
    if isinstance(value, Decimal):
        return round_cent(value)
    text = str(value).replace(",", "").strip()
    try:
        return round_cent(Decimal(text))
    except InvalidOperation:
        raise ValueError(text) from None


def printed_text(fmt: str, value: Any) -> str:
    """The printed text of a cell: two decimals (四舍五入) for money, whole numbers for counts."""
    if value is None or value == "":
        return ""
    if fmt in MONEY_FORMATS:
        try:
            return f"{to_money(value):.2f}"
        except ValueError:
            return str(value)
    if fmt == "int":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if number == number.to_integral_value():
            return str(int(number))
        return f"{round_cent(number):.2f}"
    return str(value)
