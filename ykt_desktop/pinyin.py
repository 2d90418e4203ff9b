"""Pinyin initials of Chinese names, for search: 张三丰 -> "zsf"."""

from __future__ import annotations

from functools import cache


@cache
def initial(char: str) -> str:
    """The lower-case first letter of a character's pinyin (letters and digits pass through).
    pypinyin (about a second to import, its dictionaries) loads at the first name."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.FIRST_LETTER)[0][:1].lower()


def initials(name: str) -> str:
    """Pinyin initials of a name, lower case: 张三丰 -> zsf."""
    return "".join(initial(c) for c in name if not c.isspace())
