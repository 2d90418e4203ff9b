"""Exports that open well everywhere (issue 18): xlsx fit the page width and run on to as many
pages as they need, with the header rows repeated; checked by converting with LibreOffice
(soffice --headless --convert-to pdf) and rendering a page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from ykt_desktop.audit.export import export_entries
from ykt_desktop.audit.query import entry_ids


def _to_pdf(xlsx: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: scripts/test.sh installs it"
    profile = xlsx.parent / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    return xlsx.with_suffix(".pdf")


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def test_audit_export_fits_width_and_repeats_headers(demo_db, tmp_path):
    for n in range(120):
        demo_db.execute("UPDATE persons SET notes = ? WHERE id = ?", [f"第{n}次核对", 1 + n % 40])
    ids = entry_ids(demo_db)
    out = tmp_path / "审计日志.xlsx"
    assert export_entries(demo_db, ids, out) == len(ids)
    pdf = _to_pdf(out)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages > 1                               # not the whole sheet shrunk onto one page
    assert "修改前" in _page_text(pdf, 2)           # header rows printed on every page
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    box = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert box is not None
    assert (box[2] - box[0]) > 0.8 * image.width    # the columns use the page width
