"""Fixed column widths for the notice table, computed once from the data and the page width."""

from __future__ import annotations

from dataclasses import dataclass

from ykt_desktop.publicity.model import COLUMNS, Line
from ykt_desktop.publicity.textfit import width

PAD = 3.0
# Per column: alignment ('l', 'c', 'r') and whether its text may wrap (else it shrinks).
ALIGN = ("c", "c", "c", "c", "l", "r", "c", "r", "c", "c")
WRAPS = (False, True, False, True, True, True, False, False, False, False)
MIN_CHARS = (0, 3, 0, 2, 5, 7, 0, 0, 0, 0)
NUMBER_SHRINK = 0.8
SUBTOTAL_AMOUNT_COL = 7


@dataclass(frozen=True)
class Columns:
    widths: tuple[float, ...]
    x: tuple[float, ...]          # left edge of each column, then the table's right edge
    size: float                   # body font size

    @property
    def right(self) -> float:
        return self.x[-1]


def _natural(lines: list[Line], size: float) -> list[float]:
    values: list[set[str]] = [set() for _ in COLUMNS]
    for line in lines:
        if line.kind == "row":
            for i, cell in enumerate(line.cells):
                values[i].add(cell)
        elif line.kind in ("subtotal", "total"):
            values[SUBTOTAL_AMOUNT_COL].add(f"{line.amount:,.2f}")
    out = []
    for i, header in enumerate(COLUMNS):
        widest = max((width(v, size) for v in values[i]), default=0.0)
        head = max(width(part, size) for part in header_lines(header))
        out.append(max(widest, head) + 2 * PAD)
    return out


def header_lines(header: str) -> tuple[str, ...]:
    """'发放金额（元）' is printed on two lines: '发放金额' and '（元）'."""
    head, mark, tail = header.partition("（")
    return (head, mark + tail) if mark else (header,)


def _minimum(natural: list[float], size: float) -> list[float]:
    """Text columns may wrap down to a few characters; numbers may shrink a little."""
    return [min(n, MIN_CHARS[i] * size + 2 * PAD) if WRAPS[i] else n * NUMBER_SHRINK
            for i, n in enumerate(natural)]


def fit_columns(lines: list[Line], left: float, room: float, size: float = 9.0) -> Columns:
    """Widths that fill ``room``: wrap text columns down to a minimum, shrink the font last."""
    while True:
        natural = _natural(lines, size)
        minimum = _minimum(natural, size)
        if sum(minimum) <= room or size <= 6.0:
            break
        size -= 0.5
    widths = _squeeze(natural, minimum, room, [not w for w in WRAPS])
    widths = _squeeze(widths, minimum, room, list(WRAPS))
    total = sum(widths)
    widths = [w * room / total for w in widths]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    return Columns(tuple(widths), tuple(xs), size)


def _squeeze(widths: list[float], minimum: list[float], room: float,
             which: list[bool]) -> list[float]:
    """Narrow the chosen columns (proportionally to their slack) until the table fits."""
    excess = sum(widths) - room
    slack = [w - m if pick else 0.0 for w, m, pick in zip(widths, minimum, which, strict=True)]
    if excess <= 0 or sum(slack) <= 0:
        return widths
    share = min(1.0, excess / sum(slack))
    return [w - s * share for w, s in zip(widths, slack, strict=True)]
