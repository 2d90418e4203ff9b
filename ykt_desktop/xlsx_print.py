"""How an exported sheet prints (Excel, WPS, LibreOffice): A4, as wide as the page and as many
pages down as it needs (fitToWidth=1, fitToHeight=0, not the whole sheet shrunk onto one page),
the header rows repeated on every page."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def fit_width_with_titles(sheet: Worksheet, *, title_rows: str = "1:1",
                          landscape: bool = False) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = (sheet.ORIENTATION_LANDSCAPE if landscape
                                    else sheet.ORIENTATION_PORTRAIT)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
