"""rounded_amount's shortcut for amounts already to the 分 gives exactly what the decimal
rounding gives (issue 15 item 6: 2 million amounts per county import)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP

from ykt_desktop.money import FEN, _decimal, rounded_amount


def _by_decimal(value: float) -> float:
    return float(_decimal(value, "金额").quantize(FEN, rounding=ROUND_HALF_UP))


def test_shortcut_equals_the_decimal_rounding():
    rng = random.Random(15)
    values = [rng.randint(-10**9, 10**9) / 100 for _ in range(20_000)]
    values += [rng.uniform(-1e7, 1e7) for _ in range(20_000)]
    values += [rng.randint(-10**14, 10**14) / 100 for _ in range(5_000)]     # past 1e12 too
    values += [n / 1000 for n in range(-3000, 3000)] + [n / 100 + 1e-9 for n in range(500)]
    values += [0.0, -0.0, 0.1 + 0.2, 1.005, 2.675, 0.005, -0.005, 0.125, 1 / 3, 5e-324,
               999_999_999_999.99, 1e12, 1e12 + 0.01]
    for value in values:
        assert repr(rounded_amount(value)) == repr(_by_decimal(value)), value


def test_whole_numbers_and_text_still_go_through_the_decimal_path():
    assert rounded_amount(150) == 150.0 and isinstance(rounded_amount(150), float)
    assert rounded_amount("1,049.995") == 1050.0
    assert rounded_amount(2.675) == 2.68         # the decimal text, not the binary value
