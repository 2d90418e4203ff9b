"""Measuring and fitting text in the embedded CJK font (reportlab metrics, no Qt)."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from ykt_desktop.fonts import register_pdf_font


def font_name() -> str:
    return register_pdf_font()


@lru_cache(maxsize=20000)
def width(text: str, size: float) -> float:
    return stringWidth(text, font_name(), size)


def fits(text: str, size: float, room: float) -> bool:
    """Fast path: no glyph of this font is wider than 1 em."""
    return len(text) * size <= room or width(text, size) <= room


def shrink_to_fit(text: str, size: float, room: float, smallest: float = 5.0) -> float:
    """The font size at which ``text`` fits in ``room`` on one line (never below smallest)."""
    if fits(text, size, room):
        return size
    return max(smallest, size * room / width(text, size) * 0.98)


# Chinese line-breaking rule: these never start a line (a lone "。" on the last line looks like a
# printing error); the character before them moves down with them.
NO_LINE_START = set("。，、；：！？）」』”’》〉】.,;:!?)%")


def wrap(text: str, size: float, room: float) -> list[str]:
    """Break ``text`` into lines no wider than ``room`` (CJK: between any two characters;
    runs of Latin letters and digits are kept together when they fit on a line; closing
    punctuation never starts a line)."""
    if fits(text, size, room):
        return [text]
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if width(line + token, size) <= room or not line:
            if width(token, size) > room and not line:
                lines.extend(_break_long(token, size, room))
                line = lines.pop()
                continue
            line += token
        elif token in NO_LINE_START and len(line) > 1:
            lines.append(line[:-1].rstrip())
            line = line[-1] + token
        else:
            lines.append(line.rstrip())
            line = token.lstrip()
    if line:
        lines.append(line)
    return lines or [""]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in ".,-:/%*"):
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def _break_long(token: str, size: float, room: float) -> list[str]:
    lines, line = [], ""
    for ch in token:
        if line and width(line + ch, size) > room:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return lines
