"""Every generated notice (PDF text and every xlsx cell) is scanned for whole ID and card
numbers, using the real numbers of the database, not only a pattern."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from ykt_desktop.masking import MaskingPolicy, save_policy
from ykt_desktop.progress import run
from ykt_desktop.publicity.model import NoticeRequest, PublicityError
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.xlsx import write_xlsx_job
from ykt_desktop.settings import set_setting

ALL_ITEMS = ("dibao", "gaoling_80", "gaoling_90", "kunnan_canji", "zhongdu_canji", "gengdi",
             "tekun", "huanglin", "jisheng_jiangli", "jisheng_tebie")
SCOPES = ("420999100000", "420999100200", "420999101000")
LONG_DIGITS = re.compile(r"\d{12,}")


def secrets(db) -> set[str]:
    numbers = {r[0] for r in db.execute("SELECT id_number FROM persons")}
    numbers |= {r[0] for r in db.execute("SELECT card_number FROM cards")}
    numbers |= {r[0] for r in db.execute("SELECT card_number FROM payments WHERE card_number!=''")}
    return {n for n in numbers if n}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_text(path) -> str:
    wb = openpyxl.load_workbook(path)
    parts = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row
             if c.value is not None]
    parts += [ws.oddFooter.left.text or "" for ws in wb]
    return "\n".join(parts)


def assert_clean(text: str, numbers: set[str], what: str) -> None:
    squeezed = re.sub(r"\s+", "", text)
    leaked = sorted(n for n in numbers if n in squeezed)
    assert not leaked, f"{what} shows whole numbers: {leaked[:3]}"
    assert not LONG_DIGITS.search(squeezed), f"{what} has a long digit run"


@pytest.mark.parametrize("scope", SCOPES)
def test_pdf_and_xlsx_show_no_whole_number(demo_db, tmp_path, scope):
    numbers = secrets(demo_db)
    for period in ("2025", "2025-07"):
        notice = build_notice(demo_db, NoticeRequest(ALL_ITEMS, period, scope,
                                                     start_date=date(2026, 1, 5)))
        text = pdf_text(run(write_pdf_job(notice)))
        first_row = next(line for line in notice.lines if line.kind == "row")
        assert first_row.cells[2] in text.replace(" ", "")   # masked IDs are there, readable
        assert notice.policy_text in text.replace("\n", "")
        assert_clean(text, numbers, f"PDF {scope} {period}")
        path = tmp_path / f"{scope}-{period}.xlsx"
        run(write_xlsx_job(notice, path))
        cells = xlsx_text(path)
        assert first_row.cells[2] in cells and notice.policy_text in cells
        assert_clean(cells, numbers, f"xlsx {scope} {period}")


def test_a_county_policy_is_applied_and_stated(demo_db):
    save_policy(demo_db, MaskingPolicy(id_head=6, id_tail=2, card_head=0, card_tail=3))
    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", "420999100200"))
    text = pdf_text(run(write_pdf_job(notice)))
    assert "身份证号显示前6位和后2位" in text.replace("\n", "")
    assert "卡号显示后3位" in text.replace("\n", "")
    row = next(line for line in notice.lines if line.kind == "row")
    assert re.fullmatch(r"\d{6}\*{10}[\dX]{2}", row.cells[2])
    assert re.fullmatch(r"\*+\d{3}", row.cells[9])
    assert_clean(text, secrets(demo_db), "PDF with county policy")


def test_a_policy_revealing_too_much_is_refused(demo_db):
    with pytest.raises(ValueError, match="最多显示"):
        save_policy(demo_db, MaskingPolicy(id_head=10, id_tail=8))
    set_setting(demo_db, "masking_policy", {"id_head": 18, "id_tail": 0})
    with pytest.raises(PublicityError, match="脱敏规则设置有误"):
        build_notice(demo_db, NoticeRequest(("gengdi",), "2025", "420999100200"))


def test_no_disability_or_address_in_notice(demo_db):
    notice = build_notice(demo_db, NoticeRequest(ALL_ITEMS, "2025", "420999100000"))
    text = pdf_text(run(write_pdf_job(notice)))
    addresses = {r[0] for r in demo_db.execute("SELECT address FROM households WHERE address!=''")}
    grades = {r[0] for r in demo_db.execute(
        "SELECT DISTINCT disability_type || disability_grade FROM persons "
        "WHERE disability_type != ''")}
    squeezed = re.sub(r"\s+", "", text)
    assert addresses and not [a for a in addresses if a in squeezed]
    assert not [g for g in grades if g and g in squeezed]


def test_the_scan_catches_an_unmasked_notice(demo_db, monkeypatch):
    """Control: with masking switched off, the same scan must fail."""
    import ykt_desktop.publicity.notice as notice_module

    monkeypatch.setattr(notice_module, "mask_id", lambda number, policy: number)
    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", "420999100200"))
    with pytest.raises(AssertionError, match="whole numbers"):
        assert_clean(pdf_text(run(write_pdf_job(notice))), secrets(demo_db), "unmasked")


def test_xlsx_keeps_formula_like_text_as_text(demo_db, tmp_path):
    from ykt_desktop.publicity.model import Line

    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", "420999100200"))
    cells = ("1", "=HYPERLINK(\"http://x\")", "+420***1234", "@组", "-项目", "0", "1", "1.00",
             "2025-07-01", "****1234")
    notice.lines.insert(1, Line("row", cells, 1, 1.0))
    path = tmp_path / "f.xlsx"
    run(write_xlsx_job(notice, path))
    sheet = openpyxl.load_workbook(path).active
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == cells[1])
    assert [c.value for c in row[1:5]] == list(cells[1:5])
    assert all(c.data_type == "s" for c in row[1:5])
