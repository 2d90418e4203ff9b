"""PDF export (reportlab): the same table on A4 (landscape when wide), CJK font embedded, header
rows repeated on every page, "第 x 页 共 y 页", notes and signature lines, and a reserved box on
the last page where the signature stamp goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ykt_desktop.atomic_files import atomic_output
from ykt_desktop.fonts import register_pdf_font
from ykt_desktop.returns.engine import FilledReturn
from ykt_desktop.returns.layout import (
    cell_text,
    column_numbers,
    footer_items,
    header_blocks,
    printed_notes,
    unit_text,
)
from ykt_desktop.returns.pdf_wrap import kept_lines

MARGIN = 12 * mm
STAMP_W, STAMP_H = 80 * mm, 26 * mm
PORTRAIT_LIMIT = 110          # sum of template widths above which the page turns landscape


@dataclass
class PdfResult:
    path: Path
    pages: int = 0
    stamp_page: int = -1                       # 0-based page of the stamp box
    stamp_box: tuple[float, float, float, float] = (0, 0, 0, 0)
    extra: dict[str, Any] = field(default_factory=dict)


class StampBox(Flowable):
    """Empty space for the visible signature; remembers where it was drawn."""

    def __init__(self, result: PdfResult, font: str) -> None:
        super().__init__()
        self.result, self.font = result, font
        self.width, self.height = STAMP_W, STAMP_H

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, STAMP_H

    def draw(self) -> None:
        x0 = self.avail - STAMP_W
        x, y = self.canv.absolutePosition(x0, 0)
        self.result.stamp_page = self.canv.getPageNumber() - 1
        self.result.stamp_box = (x, y, x + STAMP_W, y + STAMP_H)
        self.canv.setStrokeColor(colors.lightgrey)
        self.canv.setDash(2, 2)
        self.canv.rect(x0, 0, STAMP_W, STAMP_H)
        self.canv.setFont(self.font, 7)
        self.canv.setFillColor(colors.grey)
        self.canv.drawString(x0 + 2, STAMP_H - 9, "电子签章处")


def numbered_canvas(font: str, result: PdfResult) -> type:
    class NumberedCanvas(pdfcanvas.Canvas):
        """Defers pages so each can print "第 x 页 共 y 页"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            result.pages = total
            for state in self._pages:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(font, 8)
                self.drawCentredString(width / 2, 6 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def _styles(font: str, size: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.25,
                          wordWrap="CJK")
    return {
        "cell": base,
        "center": ParagraphStyle("c", parent=base, alignment=1),
        "right": ParagraphStyle("r", parent=base, alignment=2),
        "title": ParagraphStyle("t", parent=base, fontSize=15, leading=20, alignment=1),
        "line": ParagraphStyle("l", parent=base, fontSize=9, leading=12),
        "note": ParagraphStyle("n", parent=base, fontSize=7.5, leading=10),
    }


PADDING = 2


def _body_cell(text: str, width: float, style: ParagraphStyle) -> Any:
    """A plain string when it fits on one line (fast); a wrapping Paragraph otherwise."""
    if stringWidth(text, style.fontName, style.fontSize) <= width - 2 * PADDING:
        return text
    return Paragraph(escape(text), style)


def _header_grid(template: Any, styles: dict,
                 widths: list[float]) -> tuple[list[list[Any]], list[tuple]]:
    depth = template.header_depth
    grid: list[list[Any]] = [["" for _ in template.columns] for _ in range(depth + 1)]
    spans = []
    style = styles["center"]
    for block in header_blocks(template):
        room = sum(widths[block.col:block.col_end + 1]) - 2 * PADDING
        lines = kept_lines(block.text, room, style.fontName, style.fontSize)
        grid[block.row][block.col] = Paragraph("<br/>".join(escape(t) for t in lines), style)
        if (block.row, block.col) != (block.row_end, block.col_end):
            spans.append(("SPAN", (block.col, block.row), (block.col_end, block.row_end)))
    grid[depth] = [Paragraph(escape(n), styles["center"]) for n in column_numbers(template)]
    return grid, spans


def _table(filled: FilledReturn, styles: dict, widths: list[float]) -> Table:
    template = filled.template
    depth = template.header_depth
    grid, spans = _header_grid(template, styles, widths)
    for row in filled.rows:
        line = []
        for col, width in zip(template.columns, widths, strict=True):
            text = cell_text(col, row.cells[col.key].value)
            line.append(text if col.numeric or col.kind == "seq"
                        else _body_cell(text, width, styles["cell"]))
        grid.append(line)
    aligns = [("ALIGN", (i, depth + 1), (i, -1), "RIGHT" if c.numeric else "CENTER")
              for i, c in enumerate(template.columns) if c.numeric or c.kind == "seq"]
    table = Table(grid, colWidths=widths, repeatRows=depth + 1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),
        ("FONTSIZE", (0, 0), (-1, -1), styles["cell"].fontSize),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, depth), colors.HexColor("#F2F2F2")),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        *aligns, *spans, *_total_style(filled),
    ]))
    return table


def _total_style(filled: FilledReturn) -> list[tuple]:
    if not filled.rows or not filled.rows[-1].is_total:
        return []
    return [("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#EEEEEE")),
            ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black)]


def _signature_table(filled: FilledReturn, styles: dict, avail: float) -> Table:
    """填表单位（盖章）, 负责人, 填表人, 联系电话, 填报日期 with a line to sign on each."""
    cells = []
    for label, value in footer_items(filled):
        cells.append(Paragraph(f"{escape(label)}：<u>{escape(value) or '&nbsp;' * 16}</u>",
                               styles["line"]))
    weights = [2.2 if label.startswith("填表单位") else 1 for label, _ in footer_items(filled)]
    widths = [avail * w / sum(weights) for w in weights]
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def page_size_for(filled: FilledReturn) -> tuple[float, float]:
    total = sum(c.width for c in filled.template.columns)
    return landscape(A4) if total > PORTRAIT_LIMIT else A4


def write_pdf(filled: FilledReturn, path: Path | str) -> PdfResult:
    """Write the return as PDF; the result tells where the stamp box is."""
    font = register_pdf_font()
    path = Path(path)
    result = PdfResult(path)
    pagesize = page_size_for(filled)
    avail = pagesize[0] - 2 * MARGIN
    total = sum(c.width for c in filled.template.columns)
    widths = [avail * c.width / total for c in filled.template.columns]
    size = 7.5 if len(widths) < 16 else 6.5
    styles = _styles(font, size)
    unit_line = Table([[Paragraph(escape(unit_text(filled)), styles["line"]),
                        Paragraph(escape(filled.template.unit_line),
                                  ParagraphStyle("ur", parent=styles["line"], alignment=2))]],
                      colWidths=[avail / 2, avail / 2])
    unit_line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [Paragraph(escape(filled.title), styles["title"]), Spacer(1, 3 * mm),
                             unit_line, Spacer(1, 1.5 * mm), _table(filled, styles, widths),
                             Spacer(1, 2 * mm)]
    notes = printed_notes(filled)
    reason = notes.pop() if filled.override_reason else ""
    story += [Paragraph(escape(n), styles["note"]) for n in notes]
    if reason:
        story += [Spacer(1, 1.5 * mm), Paragraph(escape(reason), styles["line"])]
    story += [Spacer(1, 3 * mm), _signature_table(filled, styles, avail),
              Spacer(1, 2 * mm), StampBox(result, font)]
    with atomic_output(path) as temp:      # a pulled stick leaves no half file
        doc = SimpleDocTemplate(str(temp), pagesize=pagesize, leftMargin=MARGIN,
                                rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 3 * mm, title=filled.title,
                                author=filled.unit_name,
                                subject=f"{filled.template.name} {filled.period}")
        doc.build(story, canvasmaker=numbered_canvas(font, result))
    return result
