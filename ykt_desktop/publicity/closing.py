"""The text around the table: title and introduction (first page), the running head (later
pages), and the closing block: 监督举报 wording, hotlines, masking policy, issuer and stamp."""

from __future__ import annotations

from collections.abc import Callable

from ykt_desktop.publicity.model import Notice, cn_date
from ykt_desktop.publicity.notice import POLICY_BASIS, SUPERVISION_TEXT
from ykt_desktop.publicity.textfit import shrink_to_fit, width, wrap

TITLE_SIZE = 16.0
BODY_SIZE = 10.5
INDENT = "\u3000\u3000"
STAMP_ROOM = 64.0


def _paragraph(text: str, x: float, room: float, y: float, size: float,
               align: str = "l") -> tuple[float, list[tuple]]:
    """Lines of ``text`` from ``y`` (top) downwards; returns (height, ops)."""
    leading = size * 1.55
    ops = []
    anchor = {"l": x, "c": x + room / 2, "r": x + room}[align]
    for i, line in enumerate(wrap(text, size, room)):
        ops.append(("t", anchor, y - size - i * leading, size, line, align))
    return len(ops) * leading, ops


def opening_block(notice: Notice, left: float, right: float, top: float,
                  *, first: bool) -> tuple[float, list[tuple]]:
    room = right - left
    if not first:
        text = f"{notice.title}（续）"
        size = shrink_to_fit(text, 10.0, room)
        return size + 10.0, [("t", left + room / 2, top - size, size, text, "c")]
    title_h, ops = _paragraph(notice.title, left, room, top, TITLE_SIZE, "c")
    intro_h, intro_ops = _paragraph(INDENT + notice.intro, left, room, top - title_h - 8,
                                    BODY_SIZE)
    return title_h + 8 + intro_h + 8, ops + intro_ops


def _closing_lines(notice: Notice) -> list[tuple[str, float]]:
    lines = [(INDENT + SUPERVISION_TEXT, BODY_SIZE)]
    lines += [(INDENT + text, BODY_SIZE) for text in notice.hotline_lines()]
    lines.append((INDENT + POLICY_BASIS + notice.policy_text + "。", 9.0))
    return lines


def closing_block(notice: Notice, left: float,
                  right: float) -> tuple[float, Callable[[float], list[tuple]]]:
    """(height, draw) where draw(top) returns the ops placed with their top edge at ``top``."""
    room = right - left
    stamp_w = max(width(notice.issuer, BODY_SIZE), width("2026年12月31日", BODY_SIZE)) + 24
    stamp_x = right - stamp_w

    def draw(top: float) -> list[tuple]:
        ops: list[tuple] = []
        y = top
        for text, size in _closing_lines(notice):
            height, more = _paragraph(text, left, room, y, size)
            ops += more
            y -= height + 2
        y -= 14
        ops.append(("t", stamp_x + stamp_w / 2, y - BODY_SIZE, BODY_SIZE, notice.issuer, "c"))
        ops.append(("t", stamp_x + stamp_w / 2, y - BODY_SIZE - 20, 9.0, "（盖章）", "c"))
        y -= STAMP_ROOM
        ops.append(("t", stamp_x + stamp_w / 2, y - BODY_SIZE, BODY_SIZE,
                    cn_date(notice.start), "c"))
        return ops

    probe = draw(0.0)
    lowest = min(op[2] for op in probe if op[0] == "t")
    return -lowest + 6, draw
