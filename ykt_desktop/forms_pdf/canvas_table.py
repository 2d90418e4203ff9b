"""Drawing form tables straight on a reportlab canvas: fixed column widths, ruled cells,
text shrunk to fit, and a page break that repeats the header row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
MARGIN = 36
BOTTOM = 96        # room kept for the signature block


@dataclass
class Cursor:
    canvas: Canvas
    font: str
    y: float
    new_page: Callable[[Cursor], None]

    def need(self, height: float) -> bool:
        """Start a new page if ``height`` does not fit; True when it did."""
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self.new_page(self)
            return True
        return False


def fit_text(c: Canvas, font: str, text: str, x: float, y: float, width: float, size: float,
             *, center: bool = False) -> None:
    """Draw ``text`` in a cell of ``width``, shrinking the font (down to 5pt), then cutting."""
    text = str(text)
    while size > 5 and stringWidth(text, font, size) > width - 4:
        size -= 0.5
    while text and stringWidth(text, font, size) > width - 4:
        text = text[:-1]
    c.setFont(font, size)
    if center:
        c.drawCentredString(x + width / 2, y, text)
    else:
        c.drawString(x + 2, y, text)


def draw_row(cur: Cursor, widths: Sequence[float], values: Sequence[str], height: float,
             *, size: float = 8.5, shade: bool = False, center: bool = False) -> None:
    c, x = cur.canvas, MARGIN
    if shade:
        c.setFillGray(0.9)
        c.rect(MARGIN, cur.y - height, sum(widths), height, stroke=0, fill=1)
        c.setFillGray(0)
    for w, value in zip(widths, values, strict=True):
        c.rect(x, cur.y - height, w, height, stroke=1, fill=0)
        fit_text(c, cur.font, value, x, cur.y - height + (height - size) / 2 + 1.5, w, size,
                 center=center)
        x += w
    cur.y -= height


def draw_table(cur: Cursor, widths: Sequence[float], header: Sequence[str],
               rows: Sequence[Sequence[str]], *, row_h: float = 17, size: float = 8.5) -> None:
    """Header row (shaded) and body rows; on a page break the header is drawn again."""
    cur.need(row_h * 2)
    draw_row(cur, widths, header, row_h, size=size, shade=True, center=True)
    for row in rows:
        if cur.need(row_h):
            draw_row(cur, widths, header, row_h, size=size, shade=True, center=True)
        draw_row(cur, widths, row, row_h, size=size)


def section(cur: Cursor, title: str, size: float = 10.5) -> None:
    cur.need(40)
    cur.y -= size + 6
    cur.canvas.setFont(cur.font, size)
    cur.canvas.drawString(MARGIN, cur.y + 2, title)
    cur.y -= 4


def scale(widths: Sequence[float]) -> list[float]:
    """Stretch relative widths to the printable width."""
    total = sum(widths)
    return [w * (PAGE_W - 2 * MARGIN) / total for w in widths]
