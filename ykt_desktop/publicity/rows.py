"""Table rows of the notice as drawing operations (see :mod:`.layout` for the op format)."""

from __future__ import annotations

from dataclasses import dataclass

from ykt_desktop.publicity.columns import (
    ALIGN,
    PAD,
    SUBTOTAL_AMOUNT_COL,
    WRAPS,
    Columns,
    header_lines,
)
from ykt_desktop.publicity.model import Line
from ykt_desktop.publicity.textfit import fits, shrink_to_fit, wrap

V_PAD = 2.6
SHRINK_BEFORE_WRAP = 0.86
LEADING = 1.22
FILL = {"header": 0.88, "group": 0.95, "subtotal": 0.97, "total": 0.88}


@dataclass(frozen=True)
class Row:
    kind: str
    cells: tuple[tuple[tuple[str, ...], float, str], ...]   # (lines, size, align) per cell
    spans: tuple[tuple[int, int], ...]                      # (first column, last column)
    height: float


def _cell(text: str, col_width: float, size: float, align: str, wraps: bool) -> tuple:
    room = col_width - 2 * PAD
    if fits(text, size, room):
        return ((text,), size, align)
    shrunk = shrink_to_fit(text, size, room)
    if wraps and shrunk < size * SHRINK_BEFORE_WRAP:
        return (tuple(wrap(text, size, room)), size, align)
    return ((text,), shrunk, align)


def _height(cells: tuple, size: float) -> float:
    most = max(len(lines) for lines, _, _ in cells)
    return most * size * LEADING + 2 * V_PAD


def header_row(titles: tuple[str, ...], cols: Columns) -> Row:
    cells = tuple((header_lines(t), cols.size, "c") for t in titles)
    spans = tuple((i, i) for i in range(len(titles)))
    return Row("header", cells, spans, _height(cells, cols.size))


def line_row(line: Line, cols: Columns) -> Row:
    size = cols.size
    if line.kind == "row":
        cells = tuple(_cell(text, w, size, ALIGN[i], WRAPS[i])
                      for i, (text, w) in enumerate(zip(line.cells, cols.widths, strict=True)))
        return Row("row", cells, tuple((i, i) for i in range(len(cells))), _height(cells, size))
    last = len(cols.widths) - 1
    if line.kind == "group":
        cell = _cell(line.cells[0], cols.right - cols.x[0], size, "l", True)
        return Row("group", (cell,), ((0, last),), _height((cell,), size))
    label_room = cols.x[SUBTOTAL_AMOUNT_COL] - cols.x[0]
    cells = (_cell(f"{line.cells[0]}（{line.count}条）", label_room, size, "r", True),
             _cell(f"{line.amount:,.2f}", cols.widths[SUBTOTAL_AMOUNT_COL], size, "r", False),
             (("",), size, "l"))
    spans = ((0, SUBTOTAL_AMOUNT_COL - 1), (SUBTOTAL_AMOUNT_COL, SUBTOTAL_AMOUNT_COL),
             (SUBTOTAL_AMOUNT_COL + 1, last))
    return Row(line.kind, cells, spans, _height(cells, size))


def row_ops(row: Row, cols: Columns, top: float) -> list[tuple]:
    """Text (and shading, and the rule below) of one row whose top edge is at ``top``."""
    ops: list[tuple] = []
    if row.kind in FILL:
        ops.append(("f", cols.x[0], top - row.height, cols.right - cols.x[0], row.height,
                    FILL[row.kind]))
    for (lines, size, align), (first, last) in zip(row.cells, row.spans, strict=True):
        left, right = cols.x[first], cols.x[last + 1]
        x = {"l": left + PAD, "r": right - PAD, "c": (left + right) / 2}[align]
        block = len(lines) * size * LEADING
        baseline = top - (row.height - block) / 2 - size * LEADING / 2 - size * 0.36
        for text in lines:
            if text:
                ops.append(("t", x, baseline, size, text, align))
            baseline -= size * LEADING
    if row.kind == "header":
        ops.append(("l", cols.x[0], top, cols.right, top, 0.8))
    bottom = top - row.height
    ops.append(("l", cols.x[0], bottom, cols.right, bottom, 0.8 if row.kind == "total" else 0.4))
    return ops


def _inner_edges(row: Row, cols: Columns) -> tuple[float, ...]:
    return tuple(cols.x[first] for first, _ in row.spans[1:])


def vertical_ops(rows: list[tuple[Row, float]], cols: Columns) -> list[tuple]:
    """The table's outer rules and its inner rules, one line per run of rows alike."""
    top, bottom = rows[0][1], rows[-1][1] - rows[-1][0].height
    ops = [("l", cols.x[0], top, cols.x[0], bottom, 0.8),
           ("l", cols.right, top, cols.right, bottom, 0.8)]
    run_edges, run_top, run_bottom = None, top, top
    for row, row_top in rows:
        edges = _inner_edges(row, cols)
        if edges != run_edges:
            ops.extend(("l", x, run_top, x, run_bottom, 0.4) for x in run_edges or ())
            run_edges, run_top = edges, row_top
        run_bottom = row_top - row.height
    ops.extend(("l", x, run_top, x, run_bottom, 0.4) for x in run_edges or ())
    return ops
