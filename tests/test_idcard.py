import datetime as dt

import pytest

from ykt_desktop import idcard
from ykt_desktop.idcard import IdNumberError

VALID = "11010519491231002X"  # the GB 11643 standard's own example


def test_standard_example_is_valid():
    info = idcard.parse(VALID)
    assert info.number == VALID
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "F"
    assert info.region_prefix == "110105"


def test_check_char_for_every_remainder():
    # Build one number per possible check character and verify all are accepted.
    seen = set()
    for seq in range(200):
        number = idcard.make("420999", dt.date(1980, 5, 17), seq)
        assert idcard.is_valid(number)
        seen.add(number[-1])
    assert seen == set("0123456789X")


@pytest.mark.parametrize("position", range(18))
def test_any_single_digit_change_is_caught(position):
    number = idcard.make("420999", dt.date(1975, 3, 9), 123)
    digit = number[position]
    replacement = "1" if digit != "1" else "2"
    changed = number[:position] + replacement + number[position + 1:]
    assert not idcard.is_valid(changed)


def test_sex_from_seventeenth_digit():
    male = idcard.make("420999", dt.date(1990, 1, 1), 11)
    female = idcard.make("420999", dt.date(1990, 1, 1), 12)
    assert idcard.parse(male).sex == "M"
    assert idcard.parse(female).sex == "F"


def test_lower_case_x_and_spaces_and_full_width_digits_normalised():
    assert idcard.parse(VALID.lower()).number == VALID
    assert idcard.parse(f"  {VALID[:6]} {VALID[6:]} ").number == VALID
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in VALID)
    assert idcard.parse(full_width).number == VALID
    assert idcard.parse("'" + VALID).number == VALID  # Excel's text prefix


@pytest.mark.parametrize("value", [
    110105194912310020, 1.101051949123100e17, 4.20999198001011e17, True,
])
def test_numbers_from_excel_are_refused(value):
    with pytest.raises(IdNumberError, match="数字"):
        idcard.parse(value)


@pytest.mark.parametrize("text", ["1.10105194912310E+17", "110105194912310020.0"])
def test_numbers_as_text_from_excel_are_refused(text):
    with pytest.raises(IdNumberError, match="数字"):
        idcard.parse(text)


@pytest.mark.parametrize("text, reason", [
    ("", "应为18位"),
    ("1101051949123100", "应为18位"),
    ("11010519491231002Y", "非法字符"),
    ("110105194902300025", "不存在"),      # 30 February
    ("110105199913310020", "不存在"),      # month 13
    ("110105187001010020", "不合理"),      # before 1880
    ("110105194912310021", "校验位错误"),
])
def test_invalid_numbers_give_reasons(text, reason):
    with pytest.raises(IdNumberError, match=reason):
        idcard.parse(text)


def test_future_birth_date_refused():
    future = dt.date.today() + dt.timedelta(days=400)
    first17 = f"420999{future:%Y%m%d}001"
    with pytest.raises(IdNumberError, match="不合理"):
        idcard.parse(first17 + idcard.check_char(first17))


def test_none_refused():
    with pytest.raises(IdNumberError, match="为空"):
        idcard.parse(None)


def test_fifteen_digit_legacy_number_upgraded():
    info = idcard.parse("110105491231002")
    assert info.legacy15
    assert info.number == VALID
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "F"
    assert not idcard.is_valid("110105491231002")  # not valid as a stored 18-digit number


def test_age_on():
    birth = dt.date(1945, 6, 15)
    assert idcard.age_on(birth, dt.date(2025, 6, 14)) == 79
    assert idcard.age_on(birth, dt.date(2025, 6, 15)) == 80


def test_leap_day_birth():
    number = idcard.make("420999", dt.date(1944, 2, 29), 7)
    assert idcard.parse(number).birth_date == dt.date(1944, 2, 29)
    with pytest.raises(IdNumberError):
        idcard.parse(idcard.make("420999", dt.date(1944, 2, 28), 7).replace("19440228", "19450229"))
