"""PDF rendered to PNG and its text extracted; sign -> verify -> tamper -> verify."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.returns_data import add_issues
from ykt_desktop.returns.drafts import load_draft
from ykt_desktop.returns.engine import fill, set_cell
from ykt_desktop.returns.pdf_export import write_pdf
from ykt_desktop.returns.service import export_return
from ykt_desktop.returns.signing import SigningError, default_trust_roots, verify_pdf
from ykt_desktop.returns.template import get_template, list_templates

COUNTY = "420999000000"


def text_of(path):
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler) not installed")
def test_every_template_renders_with_header_on_every_page(demo_db, tmp_path):
    add_issues(demo_db)
    for template in list_templates():
        filled = fill(demo_db, template, COUNTY, "2025")
        result = write_pdf(filled, tmp_path / f"{template.key}.pdf")
        reader = PdfReader(str(result.path))
        assert len(reader.pages) == result.pages >= 1
        width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
        if sum(c.width for c in template.columns) > 110:
            assert width > height                                   # landscape when wide
        text = text_of(result.path)
        assert filled.title.replace(" ", "") in text.replace(" ", "").replace("\n", "")
        assert "填表单位（盖章）" in text and "负责人" in text and "填报日期" in text
        assert f"第 1 页 共 {result.pages} 页" in text
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(result.path),
                        str(tmp_path / template.key)], check=True)
        png = next(tmp_path.glob(f"{template.key}*.png"))
        assert png.stat().st_size > 1000
    fonts = PdfReader(str(tmp_path / "tongchuan_faxian_wenti.pdf")).pages[0]["/Resources"]
    cjk = [f.get_object() for f in fonts["/Font"].values()
           if "WenQuanYi" in str(f.get_object()["/BaseFont"])]
    assert cjk and all("/FontFile2" in f["/FontDescriptor"] for f in cjk)     # embedded


def test_values_and_total_in_pdf_text(demo_db, tmp_path):
    add_issues(demo_db)
    filled = fill(demo_db, get_template("tongchuan_paicha_tongji"), COUNTY, "2025")
    text = text_of(write_pdf(filled, tmp_path / "p.pdf").path)
    total = filled.rows[-1].cells
    assert f"{total['c2'].value:.2f}" in text and "合计" in text
    assert "勾稽关系：3=4+5+6" in text


def test_long_table_repeats_header_rows_on_every_page(demo_db, tmp_path):
    filled = fill(demo_db, get_template("tongchuan_paicha_tongji"), COUNTY, "2025")
    filled.rows = filled.data_rows() * 4 + filled.rows[-1:]
    result = write_pdf(filled, tmp_path / "long.pdf")
    reader = PdfReader(str(result.path))
    assert len(reader.pages) >= 3
    table_pages = [p.extract_text() for p in reader.pages if "未排查情况" in p.extract_text()]
    assert len(table_pages) >= 3
    for n, text in enumerate(table_pages, start=1):
        assert "补贴资金" in text and "未排查情况" in text and "甲" in text
        assert f"第 {n} 页 共 {len(reader.pages)} 页" in text


def test_sign_verify_tamper_and_append(demo_db, tmp_path):
    add_issues(demo_db)
    filled = fill(demo_db, get_template("tongchuan_faxian_wenti"), COUNTY, "2025")
    row = filled.data_rows()[0]
    set_cell(filled, row.key, "c11", "-0.5")                  # breaks 第11栏不能为负数
    out = tmp_path / "signed.pdf"
    with pytest.raises(SigningError, match="勾稽校验未通过"):
        export_return(demo_db, filled, out, sign=True, signer="张三")
    assert not out.exists()
    with pytest.raises(SigningError, match="签署人"):
        export_return(demo_db, filled, out, sign=True, signer=" ", override_reason="x")
    result = export_return(demo_db, filled, out, sign=True, signer="张三",
                           override_reason="第10栏为乡镇核实数")
    assert result.signed and result.failures
    data = out.read_bytes()
    assert "理由：第10栏为乡镇核实数" in text_of(out)
    draft = load_draft(demo_db, "tongchuan_faxian_wenti", COUNTY, "2025")
    assert draft["status"] == "signed" and draft["signed_by"] == "张三"
    assert draft["override_reason"] == "第10栏为乡镇核实数"
    stored = demo_db.execute("SELECT data FROM attachments WHERE id = ?",
                             [result.attachment_id]).fetchone()[0]
    assert stored == data

    roots = default_trust_roots(demo_db)
    good = verify_pdf(data, roots)
    assert good.ok and good.status == "intact"
    assert (good.signer, good.unit, good.unit_code) == ("张三", "演示县", COUNTY)
    assert good.signed_at[:4] >= "2026"

    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0x01
    bad = verify_pdf(bytes(flipped), roots)
    assert not bad.ok and bad.status in ("tampered", "error")

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = generic.pdf_string("zh-CN")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    later = verify_pdf(appended.getvalue(), roots)
    assert not later.ok and later.status == "not_whole_file"

    assert not verify_pdf(data, []).ok                              # nobody trusted
    assert not verify_pdf(b"%PDF-1.4 nonsense", roots).ok           # never raises
    assert verify_pdf(text_of(out).encode(), roots).status == "error"


def test_unsigned_pdf_is_not_verified(demo_db, tmp_path):
    filled = fill(demo_db, get_template("weibanka_taizhang"), COUNTY, "2025")
    path = write_pdf(filled, tmp_path / "plain.pdf").path
    result = verify_pdf(path.read_bytes(), default_trust_roots(demo_db))
    assert not result.ok and result.status == "unsigned"


def test_signing_works_after_other_code_used_cms_attributes_first(demo_db, tmp_path):
    """asn1crypto builds its name map once; code using CMS attributes before pyHanko is
    imported (e.g. the exchange packages) must not break signing."""
    from asn1crypto import cms

    cms.CMSAttributeType("content_type")                 # the reverse map exists ...
    cms.CMSAttributeType._reverse_map.pop("signing_certificate_v2", None)   # ... without v2
    filled = fill(demo_db, get_template("weibanka_taizhang"), COUNTY, "2025")
    out = tmp_path / "s.pdf"
    export_return(demo_db, filled, out, sign=True, signer="张三")
    assert verify_pdf(out.read_bytes(), default_trust_roots(demo_db)).ok
