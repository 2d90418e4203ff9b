"""How an exported sheet prints (Excel, WPS, LibreOffice): A4, as wide as the page and as many
pages down as it needs (fitToWidth=1, fitToHeight=0, not the whole sheet shrunk onto one page),
the header rows repeated on every page. For XlsxWriter sheets (``ykt_desktop.xlsx_out``)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

A4 = 9


def fit_width_with_titles(sheet: Worksheet, *, title_rows: str = "1:1",
                          landscape: bool = False) -> None:
    """``title_rows`` as Excel writes them, 1-based: ``"4:4"``, ``"1:2"``."""
    first, last = (int(part) for part in title_rows.split(":"))
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(first - 1, last - 1)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4)
