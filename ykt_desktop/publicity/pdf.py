"""Write a laid-out notice to PDF with reportlab, drawing straight on the canvas (fast for
20,000-line notices; see PERFORMANCE-NOTES.md). The CJK font is embedded."""

from __future__ import annotations

import io
from collections.abc import Generator
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.progress import Progress
from ykt_desktop.publicity.layout import Layout, layout_notice
from ykt_desktop.publicity.model import Notice
from ykt_desktop.publicity.textfit import font_name, width


def draw_page(canvas: Canvas, ops: list[tuple]) -> None:
    """Fills first, then all text in one text object (far fewer objects than drawString per
    cell), then the rules on top."""
    font = font_name()
    for op in ops:
        if op[0] == "f":
            canvas.setFillGray(op[5])
            canvas.rect(op[1], op[2], op[3], op[4], stroke=0, fill=1)
    canvas.setFillGray(0)
    text = canvas.beginText()
    size = 0.0
    for op in ops:
        if op[0] != "t":
            continue
        if op[3] != size:
            size = op[3]
            text.setFont(font, size)
        x = op[1]
        if op[5] != "l":
            x -= width(op[4], size) / (1 if op[5] == "r" else 2)
        text.setTextOrigin(x, op[2])
        text.textOut(op[4])
    canvas.drawText(text)
    for op in ops:
        if op[0] == "l":
            canvas.setLineWidth(op[5])
            canvas.line(op[1], op[2], op[3], op[4])


def write_pdf_job(notice: Notice, target: Path | io.BytesIO | None = None,
                  layout: Layout | None = None) -> Generator[Progress, None, bytes]:
    """Render the notice; yields progress per 20 pages; returns the PDF bytes (also written
    to ``target`` when given)."""
    layout = layout or layout_notice(notice)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.width, layout.height), pageCompression=1)
    canvas.setTitle(notice.title)
    canvas.setAuthor(notice.issuer)
    canvas.setSubject(notice.policy_text)
    total = len(layout.pages)
    for number, ops in enumerate(layout.pages, 1):
        draw_page(canvas, ops)
        canvas.showPage()
        if number % 20 == 0 or number == total:
            yield Progress(number, total, f"正在生成 PDF：第{number}/{total}页")
    canvas.save()
    data = buffer.getvalue()
    if isinstance(target, io.BytesIO):
        target.write(data)
    elif target is not None:
        write_bytes_atomic(target, data)   # a pulled stick leaves no half file
    return data
