"""Plain tables as A4 PDF (reportlab, the embedded CJK font) and xlsx (XlsxWriter).

The campaign's printouts (抽查名单, 政策清单, 阶段总结, discrepancy rates) are a title, a few
lines of text, one or more tables and closing lines; the table repeats its header on every page
and long cells wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ykt_desktop.atomic_files import atomic_output
from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.fonts import register_pdf_font


@dataclass
class Table:
    title: str                          # sheet name (xlsx) and heading above the table (PDF)
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] = ()        # relative column widths
    heading: bool = True                # print ``title`` above the table in the PDF


@dataclass
class Document:
    title: str
    intro: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    landscape: bool = False


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def write_pdf(doc: Document, path: Path | str) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font = register_pdf_font()
    size = landscape(A4) if doc.landscape else A4
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1)
    text = ParagraphStyle("p", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=9, leading=11.5, wordWrap="CJK")
    head = ParagraphStyle("h", parent=cell, alignment=1)
    story: list = [Paragraph(doc.title, title), Spacer(1, 4 * mm)]
    story += [Paragraph(line, text) for line in doc.intro]
    room = size[0] - 30 * mm
    for table in doc.tables:
        if table.heading:
            story += [Spacer(1, 3 * mm), Paragraph(table.title, text)]
        weights = list(table.widths) or [1.0] * len(table.header)
        widths = [room * w / sum(weights) for w in weights]
        data = [[Paragraph(h, head) for h in table.header]]
        data += [[Paragraph(_cell(v), cell) for v in row] for row in table.rows]
        grid = LongTable(data, colWidths=widths, repeatRows=1)
        grid.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        story += [Spacer(1, 2 * mm), grid]
    story += [Spacer(1, 4 * mm)] + [Paragraph(line, text) for line in doc.closing]
    target = Path(path)
    with atomic_output(target) as tmp:     # a pulled stick leaves no half file
        SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm,
                          topMargin=15 * mm, bottomMargin=15 * mm, title=doc.title,
                          author="一卡通核查").build(story)
    return target


def write_xlsx(doc: Document, path: Path | str) -> Path:
    """One sheet per table: the document title, intro lines, the table, closing lines. Cells
    are text (never a formula) except ints and floats, which stay numbers."""
    # lazy: xlsxwriter loads only when a list is written (issue 15)
    from ykt_desktop.xlsx_out import put_any, put_text, xlsx_book

    # lazy: xlsxwriter loads only when a list is written (issue 15)
    from ykt_desktop.xlsx_print import fit_width_with_titles

    with xlsx_book(path) as book:      # a pulled stick leaves no half file
        head = book.fmt(border=1, border_color="#808080", bold=True, align="center",
                        text_wrap=True)
        body = book.fmt(border=1, border_color="#808080", valign="top", text_wrap=True)
        for n, table in enumerate(doc.tables):
            ws = book.sheet(_sheet_name(table.title, n))
            put_text(ws, 0, 0, doc.title, book.fmt(bold=True, size=14))
            for row, line in enumerate(doc.intro, start=1):
                put_text(ws, row, 0, line)
            header_row = len(doc.intro) + 2
            for col, name in enumerate(table.header):
                put_text(ws, header_row, col, name, head)
            row = header_row
            for values in table.rows:
                row += 1
                for col, value in enumerate(values):
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        put_any(ws, row, col, value, body)
                    else:
                        put_text(ws, row, col, _cell(value), body)
            for line in doc.closing:
                row += 1
                put_text(ws, row + 1, 0, line)
            weights = list(table.widths) or [1.0] * len(table.header)
            for col, weight in enumerate(weights):
                ws.set_column(col, col, max(6.0, 100 * weight / sum(weights)))
            fit_width_with_titles(ws, title_rows=f"{header_row + 1}:{header_row + 1}",
                                  landscape=len(table.header) > 6)
    return Path(path)


def _sheet_name(title: str, n: int) -> str:
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28]
    return clean or f"表{n + 1}"


def write(doc: Document, path: Path | str) -> Path:
    """PDF or xlsx by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_pdf(doc, path)
    if suffix == ".xlsx":
        return write_xlsx(doc, path)

    raise CampaignError(f"输出文件“{Path(path).name}”应为 .pdf 或 .xlsx")
