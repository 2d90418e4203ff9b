"""The PDF as a reader sees it: pages, repeated headers, page numbers, nothing off the page,
every cell's text inside its column; pages rendered to PNG (pdftoppm) are not blank."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from ykt_desktop.progress import run
from ykt_desktop.publicity.columns import header_lines
from ykt_desktop.publicity.layout import MARGIN_X, layout_notice
from ykt_desktop.publicity.model import COLUMNS, Line, NoticeRequest
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.textfit import width

ITEMS = ("dibao", "gaoling_80", "gaoling_90", "kunnan_canji", "zhongdu_canji", "gengdi", "tekun")


def notice_for(db, scope, orientation="portrait", period="2025"):
    return build_notice(db, NoticeRequest(ITEMS, period, scope, start_date=date(2026, 1, 5),
                                          orientation=orientation))


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_text_stays_on_the_page(demo_db, orientation):
    notice = notice_for(demo_db, "420999100000", orientation)
    layout = layout_notice(notice)
    assert len(layout.pages) > 2
    for ops in layout.pages:
        for op in ops:
            if op[0] != "t":
                continue
            w = width(op[4], op[3])
            left = {"l": op[1], "r": op[1] - w, "c": op[1] - w / 2}[op[5]]
            assert left >= MARGIN_X - 0.5 and left + w <= layout.width - MARGIN_X + 0.5, op
            assert 10 < op[2] < layout.height - 20, op


def test_cells_fit_their_columns(demo_db):
    """Names and items of any length wrap or shrink inside their column."""
    notice = notice_for(demo_db, "420999100200")
    long_row = Line("row", ("99999", "阿卜杜热合曼·买买提艾力", "420***********1234", "十二组",
                            "城镇保障性安居工程租赁补贴（特别长的项目名称）", "25,000.00元/次",
                            "12", "1,234,567.89", "2025-07-20", "***************1234"), 12, 1.0)
    notice.lines = [long_row, Line("total", ("总计",), 1, 1.0)]
    layout = layout_notice(notice)
    cols = layout.columns
    headers = {part for title in COLUMNS for part in header_lines(title)}
    texts = [op for op in layout.pages[0] if op[0] == "t" and op[4] not in headers]
    for i, cell in enumerate(long_row.cells):
        left, right = cols.x[i], cols.x[i + 1]
        pieces = [op for op in texts if op[4] and op[4] in cell and left <= op[1] <= right]
        assert "".join(p[4] for p in pieces).replace(" ", "").startswith(cell[:2]), cell
        for op in pieces:
            w = width(op[4], op[3])
            start = {"l": op[1], "r": op[1] - w, "c": op[1] - w / 2}[op[5]]
            assert left - 0.5 <= start and start + w <= right + 0.5, (cell, op)


def test_pages_repeat_headers_and_number_themselves(demo_db):
    notice = notice_for(demo_db, "420999100000")
    reader = PdfReader(io.BytesIO(run(write_pdf_job(notice))))
    total = len(reader.pages)
    assert total == len(layout_notice(notice).pages) > 2
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text().replace(" ", "")
        assert f"第{number}页共{total}页" in text
        assert notice.title in text
        if number < total:
            assert all(title.replace("（", "").replace("）", "") in text.replace("（", "")
                       .replace("）", "") for title in COLUMNS if len(title) <= 4)
    last = reader.pages[-1].extract_text().replace(" ", "")
    assert "监督举报" in last and "12388" in last and notice.issuer in last
    assert "（盖章）" in last and "2026年1月5日" in last


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_pages_render_to_png(demo_db, tmp_path):
    for scope, orientation in (("420999100200", "portrait"), ("420999100000", "landscape")):
        pdf = tmp_path / f"{scope}.pdf"
        run(write_pdf_job(notice_for(demo_db, scope, orientation), pdf))
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / scope)],
                       check=True)
        pngs = sorted(tmp_path.glob(f"{scope}-*.png"))
        assert pngs
        for png in pngs:
            image = Image.open(png).convert("L")
            assert (image.width > image.height) == (orientation == "landscape")
            dark = sum(image.histogram()[:128])
            assert dark > 500, f"{png.name} looks blank"
