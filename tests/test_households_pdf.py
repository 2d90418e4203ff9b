"""The printable 一户一表: renders, Chinese text extractable, one household per page."""

from __future__ import annotations

import shutil
import subprocess

from pypdf import PdfReader

from ykt_desktop.cli import main
from ykt_desktop.forms_pdf.household_form import print_forms
from ykt_desktop.progress import run


def village_with_households(db) -> tuple[str, list[tuple[str, str]]]:
    village = db.execute("SELECT village_code FROM households ORDER BY hh_no LIMIT 1"
                         ).fetchone()[0]
    heads = db.execute("SELECT h.hh_no, p.name FROM households h JOIN persons p ON "
                       "p.id = h.head_person_id WHERE h.village_code = ? ORDER BY h.hh_no",
                       [village]).fetchall()
    return village, heads


def test_village_forms_render_with_chinese_text(demo_db, tmp_path):
    village, heads = village_with_households(demo_db)
    out = tmp_path / "forms.pdf"
    assert run(print_forms(demo_db, out, village=village)) == len(heads)
    reader = PdfReader(out)
    assert len(reader.pages) >= len(heads)
    texts = [page.extract_text() for page in reader.pages]
    starts = [t for t in texts if "（续）" not in t]
    assert len(starts) == len(heads)   # every household starts on its own page
    for (hh_no, head), text in zip(heads, starts, strict=True):
        assert "入户核查表（一户一表）" in text
        assert hh_no in text and head in text
        assert "户主（签字或按手印）" in text and "核查人（签字）" in text
    # ID numbers are masked by default
    full = demo_db.execute("SELECT id_number FROM persons p JOIN households h ON "
                           "h.head_person_id = p.id WHERE h.hh_no = ?", [heads[0][0]]
                           ).fetchone()[0]
    assert full not in texts[0] and full[-4:] in texts[0]
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out),
                        str(tmp_path / "page")], check=True)
        pngs = list(tmp_path.glob("page*.png"))
        assert pngs and pngs[0].stat().st_size > 5000


def test_full_ids_and_single_household_via_cli(demo_path, demo_db, tmp_path):
    _village, heads = village_with_households(demo_db)
    out = tmp_path / "one.pdf"
    assert main(["--db", str(demo_path), "print-forms", "--household", heads[0][0],
                 "--out", str(out), "--full-ids", "--quiet"]) == 0
    text = PdfReader(out).pages[0].extract_text()
    full = demo_db.execute("SELECT id_number FROM persons p JOIN households h ON "
                           "h.head_person_id = p.id WHERE h.hh_no = ?", [heads[0][0]]
                           ).fetchone()[0]
    assert full in text


def test_blank_form(demo_path, tmp_path):
    out = tmp_path / "blank.pdf"
    assert main(["--db", str(demo_path), "print-forms", "--blank", "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "补贴资金发放核对" in text and "户编号" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert any(name.endswith("WenQuanYiMicroHei") for name in embedded)


def test_unknown_village_is_refused(demo_path, tmp_path, capsys):
    assert main(["--db", str(demo_path), "print-forms", "--village", "420999999999",
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert "找不到村代码" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
