"""Money at the entry points: every amount is kept to the 分 (two decimals), never negative.

Typed amounts (issues add/edit, the issue dialogs, 销号, 主动说清) are refused with a Chinese
message naming the field when they carry more than two decimals or are negative; imported
amounts (rosters, bank files) are rounded 四舍五入 (ROUND_HALF_UP) to the 分 once, read through
their decimal text so a binary float never decides the 分 (1049.995 -> 1050.00).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

FEN = Decimal("0.01")
NOISE = Decimal("0.000001")
FIELD_LABELS = {"amount": "涉及金额", "recovered_amount": "追缴收回金额",
                "returned_amount": "返还发放金额", "self_returned_amount": "主动上缴资金"}


class MoneyError(ValueError):
    """A typed amount that is not a number, is negative or has more than two decimals."""


def _decimal(value: Any, label: str) -> Decimal:
    if isinstance(value, bool):
        raise MoneyError(f"{label}“{value}”不是数字")
    if isinstance(value, float):  # a sum of stored amounts: drop binary noise (0.1+0.2)
        return Decimal(repr(value)).quantize(NOISE) if abs(value) < 1e12 else Decimal(value)
    text = "0" if value is None or value == "" else str(value)
    text = text.replace(",", "").replace("，", "").strip().removesuffix("元").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise MoneyError(f"{label}“{value}”不是数字") from None
    if not number.is_finite():
        raise MoneyError(f"{label}“{value}”不是数字")
    return number


def typed_amount(value: Any, field: str) -> float:
    """A typed amount in 元, checked: a number, not negative, at most two decimals (to the 分).

    ``field`` is a column key (``amount``, ``recovered_amount``, …) or a Chinese label."""
    label = FIELD_LABELS.get(field, field)
    number = _decimal(value, label)
    if number < 0:
        raise MoneyError(f"{label}不能为负数：{value}")
    if number != number.quantize(FEN, rounding=ROUND_HALF_UP):
        raise MoneyError(f"{label}“{value}”最多两位小数（精确到分）")
    return float(number.quantize(FEN))


def rounded_amount(value: Any, label: str = "金额") -> float:
    """An imported amount rounded 四舍五入 to the 分 (its decimal text, not its binary value)."""
    if type(value) is float and abs(value) < 1e12 and round(value * 100) / 100 == value:
        return value    # already to the 分 (the usual case: 2 million per county import)
    return float(_decimal(value, label).quantize(FEN, rounding=ROUND_HALF_UP))
