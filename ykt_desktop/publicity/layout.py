"""Paginate a notice into drawing operations, shared by the PDF writer and the print preview.

Operations use PDF points with the origin at the bottom left of an A4 page:
``("t", x, y, size, text, align)`` text on baseline y (align 'l', 'c' or 'r' at x);
``("l", x1, y1, x2, y2, width)`` a line; ``("f", x, y, w, h, gray)`` a filled rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, landscape

from ykt_desktop.publicity.closing import closing_block, opening_block
from ykt_desktop.publicity.columns import Columns, fit_columns
from ykt_desktop.publicity.model import COLUMNS, Line, Notice
from ykt_desktop.publicity.rows import Row, header_row, line_row, row_ops, vertical_ops
from ykt_desktop.publicity.textfit import shrink_to_fit

MARGIN_X = 34.0
MARGIN_TOP = 36.0
MARGIN_BOTTOM = 42.0
FOOTER_Y = 22.0


@dataclass
class Layout:
    width: float
    height: float
    pages: list[list[tuple]] = field(default_factory=list)
    columns: Columns | None = None


@dataclass
class _Cursor:
    layout: Layout
    notice: Notice
    columns: Columns
    header: Row
    y: float = 0.0
    ops: list[tuple] = field(default_factory=list)
    rows: list[tuple[Row, float]] = field(default_factory=list)


def layout_notice(notice: Notice) -> Layout:
    size = landscape(A4) if notice.orientation == "landscape" else A4
    layout = Layout(float(size[0]), float(size[1]))
    room = layout.width - 2 * MARGIN_X
    columns = fit_columns(notice.lines, MARGIN_X, room)
    layout.columns = columns
    cur = _Cursor(layout, notice, columns, header_row(COLUMNS, columns))
    _new_page(cur, first=True)
    group_heading: Line | None = None
    lines = notice.lines
    rows = [line_row(line, columns) for line in lines]
    for i, (line, row) in enumerate(zip(lines, rows, strict=True)):
        need = row.height + _kept_with(lines, rows, i)
        if line.kind == "group":
            group_heading = line
        if cur.y - need < MARGIN_BOTTOM:
            _new_page(cur)
            if line.kind in ("row", "subtotal") and group_heading is not None:
                _add_row(cur, line_row(Line("group", (group_heading.cells[0] + "（续）",)),
                                       columns))
        _add_row(cur, row)
        if line.kind == "subtotal" and line.cells[0].endswith("小计"):
            group_heading = None
    _close_page(cur)
    height, draw = closing_block(notice, MARGIN_X, layout.width - MARGIN_X)
    if cur.y - 12 - height < MARGIN_BOTTOM:
        _new_page(cur, table=False)
    cur.ops.extend(draw(cur.y - 12))
    layout.pages.append(cur.ops)
    _footers(layout, notice)
    return layout


def _kept_with(lines: list[Line], rows: list[Row], i: int) -> float:
    """Height that must fit on the same page after line ``i``: a heading keeps its first row;
    a group's last row keeps the subtotals and total that follow it."""
    if lines[i].kind == "group" and i + 1 < len(lines):
        return _kept_with(lines, rows, i + 1) + rows[i + 1].height
    if lines[i].kind != "row":
        return 0.0
    height = 0.0
    for j in range(i + 1, len(lines)):
        if lines[j].kind not in ("subtotal", "total"):
            break
        height += rows[j].height
    return height


def _new_page(cur: _Cursor, *, first: bool = False, table: bool = True) -> None:
    if cur.ops:
        _close_page(cur)
        cur.layout.pages.append(cur.ops)
    cur.ops, cur.rows = [], []
    top = cur.layout.height - MARGIN_TOP
    left, right = MARGIN_X, cur.layout.width - MARGIN_X
    height, ops = opening_block(cur.notice, left, right, top, first=first)
    cur.ops.extend(ops)
    cur.y = top - height
    if table:
        _add_row(cur, cur.header)


def _add_row(cur: _Cursor, row: Row) -> None:
    cur.ops.extend(row_ops(row, cur.columns, cur.y))
    cur.rows.append((row, cur.y))
    cur.y -= row.height


def _close_page(cur: _Cursor) -> None:
    """Vertical rules of the table on this page, merged over runs of alike rows."""
    if cur.rows:
        cur.ops.extend(vertical_ops(cur.rows, cur.columns))
        cur.rows = []


def _footers(layout: Layout, notice: Notice) -> None:
    total = len(layout.pages)
    right = layout.width - MARGIN_X
    page_text_room = 90.0
    policy_size = shrink_to_fit(notice.policy_text, 7.0, right - MARGIN_X - page_text_room)
    for number, ops in enumerate(layout.pages, 1):
        ops.append(("t", MARGIN_X, FOOTER_Y, policy_size, notice.policy_text, "l"))
        ops.append(("t", right, FOOTER_Y, 8.0, f"第 {number} 页  共 {total} 页", "r"))
