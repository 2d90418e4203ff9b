"""The bundled CJK TrueType font is registered once and embedded in PDFs."""

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ykt_desktop import fonts


def test_font_file_is_truetype_with_licence():
    assert fonts.CJK_FONT_FILE.exists()
    assert fonts.CJK_FONT_FILE.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType, not a .ttc
    assert (fonts.CJK_FONT_FILE.parent / "LICENSE-wqy-microhei.txt").exists()


def test_chinese_text_is_embedded_and_extractable():
    name = fonts.register_pdf_font()
    assert fonts.register_pdf_font() == name  # idempotent
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(name, 14)
    pdf.drawString(72, 760, "惠民惠农财政补贴资金一户一表")
    pdf.save()
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert "惠民惠农财政补贴资金一户一表" in reader.pages[0].extract_text()
    fonts_used = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts_used.values():
        font = ref.get_object()
        if "/FontDescriptor" in font:
            descriptor = font["/FontDescriptor"].get_object()
            embedded.append(str(font["/BaseFont"]) if "/FontFile2" in descriptor else "")
    assert any("WenQuanYiMicroHei" in name for name in embedded), embedded
