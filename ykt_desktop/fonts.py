"""The CJK TrueType font embedded in every PDF (WenQuanYi Micro Hei, Apache-2.0 / GPLv3).

Register once with :func:`register_pdf_font`; reportlab then embeds the subset it uses.
"""

from __future__ import annotations

from ykt_desktop.paths import resource

CJK_FONT_FILE = resource("fonts", "wqy-microhei.ttf")
PDF_FONT = "WQYMicroHei"
_registered = False


def register_pdf_font() -> str:
    """Register the CJK font with reportlab (idempotent); returns its font name."""
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(PDF_FONT, str(CJK_FONT_FILE)))
        _registered = True
    return PDF_FONT
