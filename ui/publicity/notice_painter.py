"""Paint a laid-out 公示 (see ykt_desktop.publicity.layout) with QPainter: the print preview
and direct printing use the same pages as the PDF."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from ykt_desktop.fonts import CJK_FONT_FILE
from ykt_desktop.publicity.layout import Layout
from ykt_desktop.publicity.textfit import width

_family: str | None = None


def cjk_family() -> str:
    """Load the bundled CJK font once; its family name."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(CJK_FONT_FILE))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else "sans-serif"
    return _family


def setup_printer(printer: QPrinter, layout: Layout) -> None:
    orientation = (QPageLayout.Orientation.Landscape if layout.width > layout.height
                   else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)


def paint_layout(printer: QPrinter, layout: Layout) -> None:
    """Draw every page of ``layout`` on ``printer`` (points, origin bottom-left as in PDF)."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for number, ops in enumerate(layout.pages):
            if number:
                printer.newPage()
            _paint_page(painter, printer, layout, ops)
    finally:
        painter.end()


def _paint_page(painter: QPainter, printer: QPrinter, layout: Layout, ops: list[tuple]) -> None:
    painter.save()
    rect = printer.pageLayout().fullRectPixels(printer.resolution())
    scale = min(rect.width() / layout.width, rect.height() / layout.height)
    painter.scale(scale, scale)
    # Text is scaled by the painter too: a font of p points is p * dpi / 72 units before it.
    point_to_font = 72.0 / printer.logicalDpiY()
    height = layout.height
    painter.setPen(QPen(QColor(0, 0, 0), 0.4))
    for op in ops:
        if op[0] == "f":
            gray = int(op[5] * 255)
            painter.fillRect(QRectF(op[1], height - op[2] - op[4], op[3], op[4]),
                             QColor(gray, gray, gray))
    fonts: dict[float, tuple[QFont, QFontMetricsF]] = {}
    for op in ops:
        if op[0] == "l":
            painter.setPen(QPen(QColor(0, 0, 0), op[5]))
            painter.drawLine(QPointF(op[1], height - op[2]), QPointF(op[3], height - op[4]))
        elif op[0] == "t":
            if op[3] not in fonts:
                font = QFont(cjk_family())
                font.setPointSizeF(op[3] * point_to_font)
                fonts[op[3]] = (font, QFontMetricsF(font, printer))
            font, metrics = fonts[op[3]]
            painter.setFont(font)
            _text(painter, op, height, metrics)
    painter.restore()


def _text(painter: QPainter, op: tuple, height: float, metrics: QFontMetricsF) -> None:
    """Draw at the PDF's position and width (Qt's hinted advances can be a little wider)."""
    w = width(op[4], op[3])
    x = {"l": op[1], "r": op[1] - w, "c": op[1] - w / 2}[op[5]]
    drawn = metrics.horizontalAdvance(op[4])
    if drawn <= w * 1.002:
        painter.drawText(QPointF(x, height - op[2]), op[4])
        return
    painter.save()
    painter.translate(x, height - op[2])
    painter.scale(w / drawn, 1.0)
    painter.drawText(QPointF(0, 0), op[4])
    painter.restore()
