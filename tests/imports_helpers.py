"""Building spreadsheets for the import tests (title rows, merged cells, odd headers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_xlsx(path: Path, header: list[str], rows: list[list], *, title: str | None = None,
               numeric_columns: tuple[int, ...] = ()) -> Path:
    """A sheet with an optional merged title row above the header; text cells stay text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    start = 1
    if title:
        ws.cell(row=1, column=1, value=title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        start = 3
    for col, text in enumerate(header, start=1):
        ws.cell(row=start, column=col, value=text)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and c - 1 not in numeric_columns:
                cell.data_type = "s"
    wb.save(path)
    return path


def roster_rows(db, n: int = 5, period: str = "2026-01") -> list[list]:
    """Rows of a plausible platform roster for existing persons (高龄 or 低保 style)."""
    people = db.execute(
        "SELECT p.id_number, p.name, c.card_number, c.bank FROM persons p "
        "JOIN cards c ON c.person_id = p.id AND c.card_type = 'social_security' "
        "ORDER BY p.id LIMIT ?", [n]).fetchall()
    return [[number, name, "城乡居民最低生活保障金", period, "350.00", "2026-02-10", card, bank,
             "发放成功"] for number, name, card, bank in people]


ROSTER_HEADER = ["公民身份号码", "姓名", "项目名称", "所属期", "实发金额（元）", "发放日期",
                 "银行卡号", "开户行", "发放状态"]


def table_counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("payments", "death_list", "cadre_list", "import_batches")}
