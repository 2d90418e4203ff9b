"""Resident ID numbers (公民身份号码, GB 11643-1999).

An ID number is text. Full-width digits, stray spaces and a lower-case ``x`` are normalised;
a number that Excel turned into a float or an int is refused, never repaired: its last digits
are already lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ykt_desktop.errors import UserError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_EIGHTEEN = re.compile(r"^\d{6}(\d{8})\d{3}[\dX]$")
_FIFTEEN = re.compile(r"^\d{6}(\d{6})\d{3}$")


class IdNumberError(ValueError, UserError):
    """The value is not a usable ID number; ``str(exc)`` is a Chinese message for the user."""


@dataclass(frozen=True)
class IdInfo:
    number: str              # normalised 18-digit number
    birth_date: dt.date
    sex: str                 # 'M' or 'F'
    region_prefix: str       # first 6 digits
    legacy15: bool = False   # True when converted from a 15-digit number

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(value: object) -> str:
    """Turn user or file input into a candidate ID string, or raise IdNumberError.

    Refuses numbers (int or float): an ID that a spreadsheet stored as a number has lost
    its check digit or its last digits and cannot be trusted.
    """
    if value is None:
        raise IdNumberError("身份证号为空")
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise IdNumberError(
            "身份证号被存成了数字（Excel 会丢失末尾数字），请把该列设为文本后重新录入")
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"[\s\u200b\ufeff'’‘\"]", "", text).upper()
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", text):
        raise IdNumberError(f"身份证号“{value}”是科学计数法数字，末尾数字已丢失，请按文本重新录入")
    if re.fullmatch(r"\d+\.0+", text):
        raise IdNumberError(f"身份证号“{value}”被存成了数字，请把该列设为文本后重新录入")
    return text


def parse(value: object, *, allow_legacy15: bool = True) -> IdInfo:
    """Validate and describe an ID number; raises IdNumberError with a Chinese reason."""
    text = normalise(value)
    if len(text) == 15 and allow_legacy15:
        return _parse15(text)
    if len(text) != 18:
        raise IdNumberError(f"身份证号“{text}”应为18位，实际{len(text)}位")
    match = _EIGHTEEN.match(text)
    if not match:
        raise IdNumberError(f"身份证号“{text}”含有非法字符（只能是数字，末位可为X）")
    birth = _birth_date(match.group(1), text)
    expected = check_char(text[:17])
    if text[17] != expected:
        raise IdNumberError(f"身份证号“{text}”校验位错误（应为{expected}）")
    sex = "M" if int(text[16]) % 2 else "F"
    return IdInfo(number=text, birth_date=birth, sex=sex, region_prefix=text[:6])


def _parse15(text: str) -> IdInfo:
    match = _FIFTEEN.match(text)
    if not match:
        raise IdNumberError(f"15位身份证号“{text}”只能是数字")
    birth = _birth_date("19" + match.group(1), text)
    full17 = text[:6] + "19" + text[6:]
    sex = "M" if int(text[14]) % 2 else "F"
    return IdInfo(
        number=full17 + check_char(full17),
        birth_date=birth,
        sex=sex,
        region_prefix=text[:6],
        legacy15=True,
    )


def _birth_date(yyyymmdd: str, text: str) -> dt.date:
    try:
        birth = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise IdNumberError(f"身份证号“{text}”中的出生日期{yyyymmdd}不存在") from None
    if birth.year < 1880 or birth > dt.date.today():
        raise IdNumberError(f"身份证号“{text}”中的出生日期{yyyymmdd}不合理")
    return birth


def is_valid(value: object) -> bool:
    try:
        parse(value, allow_legacy15=False)
    except IdNumberError:
        return False
    return True


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def make(prefix6: str, birth: dt.date, seq3: int) -> str:
    """Build a valid 18-digit number (used by the demo generator and tests)."""
    first17 = f"{prefix6}{birth:%Y%m%d}{seq3:03d}"
    return first17 + check_char(first17)
