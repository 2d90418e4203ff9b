"""Command-line choices in words: an option whose values are codes (roles, levels, statuses)
takes the Chinese word as well as the code, and its help lists the words first
(``--role 县级管理员`` or ``--role county_admin``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping


def coded(labels: Mapping[str, str], *, what: str,
          extra: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """An argparse ``type`` turning a Chinese word or a code of ``labels`` (and ``extra``,
    e.g. {"open": "未销号"}) into the code; anything else is refused naming the choices."""
    words = {**labels, **(extra or {})}

    def parse(text: str) -> str:
        value = text.strip()
        if value in words:
            return value
        for code, word in words.items():
            if word and value == word:
                return code
        raise argparse.ArgumentTypeError(f"{what}“{text}”不在可选范围内（可选：{listing(words)}）")

    parse.__name__ = what
    return parse


def listing(labels: Mapping[str, str]) -> str:
    """“县级管理员（county_admin）、…” for help and messages."""
    return "、".join(f"{word}（{code}）" if word and code else word or code
                    for code, word in labels.items())
