"""County settings for notices: complaint hotlines and the minimum posting period."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.publicity.model import DEFAULT_DAYS, HOTLINE_KEYS, PublicityError
from ykt_desktop.settings import get_setting, set_setting

HOTLINES_KEY = "publicity_hotlines"
MIN_DAYS_KEY = "publicity_min_days"
# 12388 is the national 纪检监察 reporting line; the others are local and must be set.
DEFAULT_HOTLINES = {"township": "", "finance": "", "discipline": "12388"}


def get_hotlines(db: sqlite_utils.Database) -> dict[str, str]:
    stored = get_setting(db, HOTLINES_KEY) or {}
    return {k: str(stored.get(k, DEFAULT_HOTLINES[k]) or "").strip() for k in HOTLINE_KEYS}


def set_hotlines(db: sqlite_utils.Database, hotlines: dict[str, str]) -> dict[str, str]:
    clean = {k: str(hotlines.get(k) or "").strip() for k in HOTLINE_KEYS}
    for value in clean.values():
        if value and not all(ch.isdigit() or ch in "-（）() 、," for ch in value):
            raise PublicityError(f"监督电话“{value}”只能包含数字、短横线和括号")
        if len(value) > 40:
            raise PublicityError("监督电话过长（最多40个字符）")
    set_setting(db, HOTLINES_KEY, clean)
    return clean


def min_days(db: sqlite_utils.Database) -> int:
    return int(get_setting(db, MIN_DAYS_KEY) or DEFAULT_DAYS)


def set_min_days(db: sqlite_utils.Database, days: int) -> None:
    if not 1 <= int(days) <= 90:
        raise PublicityError("规定公示天数应在1到90天之间")
    set_setting(db, MIN_DAYS_KEY, int(days))
