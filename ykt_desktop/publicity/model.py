"""Data of a 公示 notice. A :class:`Notice` holds only masked text: renderers cannot leak."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ykt_desktop import glossary
from ykt_desktop.errors import UserError

PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
DEFAULT_DAYS = 7
HOTLINE_KEYS = ("township", "finance", "discipline")
HOTLINE_LABELS = {
    "township": "乡镇（街道）监督电话",
    "finance": "县财政局监督电话",
    "discipline": "县纪委监委举报电话",
}
COLUMNS = ("序号", "姓名", glossary.ID_NUMBER, "组", glossary.ITEM, glossary.STANDARD, "笔数",
           "发放金额（元）", "发放日期", glossary.CARD_NUMBER)


class PublicityError(ValueError, UserError):
    """A notice cannot be built or recorded; the message is Chinese."""


def check_period(period: str) -> tuple[int, int | None]:
    """'2025-07' -> (2025, 7); '2025' -> (2025, None); anything else is refused."""
    match = PERIOD_RE.match((period or "").strip())
    if not match:
        raise PublicityError(f"期间“{period}”格式不对，应为“2025-07”（月）或“2025”（年）")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def period_text(period: str) -> str:
    year, month = check_period(period)
    return f"{year}年{month}月" if month else f"{year}年度"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class NoticeRequest:
    """What the user chose in the builder or on the command line."""

    items: tuple[str, ...]
    period: str
    scope_code: str
    issuer: str = ""
    start_date: date | None = None
    days: int = DEFAULT_DAYS
    hotlines: dict[str, str] | None = None
    orientation: str = "portrait"
    title: str = ""


@dataclass(frozen=True)
class Line:
    """One line of the list: kind 'group' (heading), 'row', 'subtotal' or 'total'."""

    kind: str
    cells: tuple[str, ...]
    count: int = 0
    amount: float = 0.0


@dataclass
class Notice:
    title: str
    issuer: str
    scope_code: str
    scope_name: str
    period: str
    item_codes: tuple[str, ...]
    item_names: tuple[str, ...]
    start: date
    end: date
    hotlines: dict[str, str]
    policy: dict
    policy_text: str
    intro: str
    lines: list[Line] = field(default_factory=list)
    row_count: int = 0
    person_count: int = 0
    total_amount: float = 0.0
    orientation: str = "portrait"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def hotline_lines(self) -> list[str]:
        return [f"{HOTLINE_LABELS[k]}：{self.hotlines.get(k) or '________________'}"
                for k in HOTLINE_KEYS]
