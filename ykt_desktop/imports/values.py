"""Turning cell values into stored values; each converter raises ValueError with a Chinese
reason. Results for repeated raw values are memoised (a roster repeats its periods, dates,
items and statuses hundreds of thousands of times)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from ykt_desktop import idcard
from ykt_desktop.money import rounded_amount

EXCEL_EPOCH = dt.date(1899, 12, 30)
STATUS_WORDS = {  # failed and refunded first: "未成功" contains "成功"
    "failed": ("failed", "失败", "发放失败", "支付失败", "代发失败", "未成功", "未到账"),
    "refunded": ("refunded", "退票", "已退票", "退回", "已退回", "退款"),
    "paid": ("paid", "成功", "发放成功", "已发放", "已发", "支付成功", "代发成功", "正常", "到账"),
}
_STATUS = {unicodedata.normalize("NFKC", w): code for code, ws in STATUS_WORDS.items() for w in ws}


def text(value: object) -> str:
    if type(value) is str:
        if value.isprintable() and unicodedata.is_normalized("NFKC", value) and (
                "  " not in value):
            return value.strip()
    elif value is None:
        return ""
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


class IdChecker:
    """Validates 18-digit ID numbers fast by memoising the weighted sums of their three parts
    (region, birth date, sequence), which repeat across a county's records."""

    def __init__(self) -> None:
        self.today = dt.date.today().strftime("%Y%m%d")
        self.region: dict[str, int] = {}
        self.birth: dict[str, int] = {}
        self.seq: dict[str, int] = {}

    @staticmethod
    def _sum(text: str, weights: tuple[int, ...]) -> int:
        if not text.isdigit() or not text.isascii():
            return -10**6
        return sum(int(d) * w for d, w in zip(text, weights, strict=True))

    def _birth(self, text: str) -> int:
        total = self.birth.get(text)
        if total is None:
            total = -10**6
            if text.isdigit() and text.isascii() and "18800101" <= text <= self.today:
                try:
                    dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
                    total = self._sum(text, idcard.WEIGHTS[6:14])
                except ValueError:
                    pass
            self.birth[text] = total
        return total

    def ok(self, s: str) -> bool:
        """True for a valid 18-digit number written exactly as stored (digits, upper X)."""
        if len(s) != 18:
            return False
        region = self.region.get(s[:6])
        if region is None:
            region = self.region[s[:6]] = self._sum(s[:6], idcard.WEIGHTS[:6])
        seq = self.seq.get(s[14:17])
        if seq is None:
            seq = self.seq[s[14:17]] = self._sum(s[14:17], idcard.WEIGHTS[14:])
        total = region + self._birth(s[6:14]) + seq
        return total >= 0 and idcard.CHECK_CHARS[total % 11] == s[17]


_CHECKER = IdChecker()


def id_number(value: object) -> tuple[str, str]:
    """(normalised number, reason it is invalid or ''). Numbers are refused (raise)."""
    if type(value) is str and _CHECKER.ok(value):
        return value, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(_number_id_text(value))
    normal = idcard.normalise(value) if not isinstance(value, str) else _id_text(value)
    if not normal:
        raise ValueError("身份证号为空")
    try:
        return idcard.parse(normal, allow_legacy15=False).number, ""
    except idcard.IdNumberError as exc:
        return normal, str(exc)


def _number_id_text(value: float) -> str:
    digits = len(str(int(abs(value)))) if value == value and abs(value) != float("inf") else 0
    lost = ("Excel 数字只保留15位有效数字，第16位起的数字已丢失，无法还原" if digits > 15
            else "不是文本，位数或末位X可能已丢失")
    return f"身份证号被存成了数字（{lost}）：请发放部门把该列设为文本，按原号码重新导出"


@lru_cache(maxsize=4096)
def _id_text(value: str) -> str:
    return idcard.normalise(value)


def card_number(value: object) -> str:
    if type(value) is str and value.isdigit() and value.isascii():
        return value
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("卡号被存成了数字（Excel 会丢失末尾数字），请把该列设为文本后重新导出")
    cleaned = re.sub(r"[\s\-']", "", unicodedata.normalize("NFKC", str(value)))
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", cleaned.upper()):
        raise ValueError("卡号是科学计数法数字，末尾数字已丢失")
    return cleaned


def amount(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("金额不是数字")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        number = _amount_text(str(value))
    if number < 0:
        raise ValueError("金额不能为负数")
    return rounded_amount(number)  # 四舍五入 to the 分 once, from the decimal text


@lru_cache(maxsize=8192)
def _amount_text(raw: str) -> float:
    cleaned = re.sub(r"[\s,，元¥￥]", "", unicodedata.normalize("NFKC", raw))
    if not cleaned:
        raise ValueError("金额为空")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError("金额不是数字") from None


def date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:
            return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        value = str(int(value))
    return _date_text(str(value))


@lru_cache(maxsize=8192)
def _date_text(raw: str) -> str:
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    if not cleaned:
        raise ValueError("日期为空")
    match = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", cleaned)
             or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", cleaned))
    if not match:
        raise ValueError("不是可识别的日期（应如 2025-03-31）")
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        raise ValueError("日期不存在") from None


def period(value: object) -> str:
    """'YYYY-MM' (monthly) or 'YYYY' (yearly)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    return _period_text(str(value))


@lru_cache(maxsize=4096)
def _period_text(raw: str) -> str:
    cleaned = re.sub(r"\s", "", unicodedata.normalize("NFKC", raw))
    match = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:月份?)?(?:[-/.]\d{1,2}日?)?", cleaned)
             or re.fullmatch(r"(\d{4})(\d{2})", cleaned))
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
        raise ValueError("月份不在1-12之间")
    match = re.fullmatch(r"(\d{4})年?(?:度)?", cleaned)
    if match:
        return match.group(1)
    raise ValueError("不是可识别的发放期间（应如 2025-03 或 2025）")


def status(value: object) -> str:
    cleaned = text(value)
    if not cleaned:
        return "paid"
    code = _STATUS.get(cleaned) or _STATUS.get(cleaned.lower())
    if code is None:
        for word, found in _STATUS.items():
            if word in cleaned and len(word) > 1:
                return found
        raise ValueError("发放状态无法识别（应为 成功、失败 或 退票）")
    return code
