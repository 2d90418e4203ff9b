"""``publicity``, ``publicity-post``, ``publicity-status`` and ``publicity-config`` end to end."""

from __future__ import annotations

import openpyxl

from ykt_desktop.cli import main


def test_cli_notice_posting_and_status(demo_path, tmp_path, capsys):
    db = ["--db", str(demo_path)]
    pdf, xlsx = tmp_path / "v.pdf", tmp_path / "v.xlsx"
    assert main(["publicity", *db, "--item", "dibao", "--item", "gengdi", "--period", "2025",
                 "--scope", "420999100200", "--out", str(pdf), "--start", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert "公示记录编号：1" in out and "脱敏规则" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["publicity", *db, "--item", "gengdi", "--period", "2025", "--scope",
                 "420999100000", "--out", str(xlsx), "--landscape", "--no-record"]) == 0
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["A1"].value == "城关镇2025年度惠民惠农财政补贴资金发放情况公示"
    assert main(["publicity-status", *db, "--as-of", "2025-04-01"]) == 0
    assert "未张贴公示" in capsys.readouterr().out
    assert main(["publicity-post", *db, "--id", "1", "--location", "村务公开栏", "--from",
                 "2025-03-01", "--to", "2025-03-07"]) == 0
    assert main(["publicity-status", *db, "--as-of", "2025-04-01"]) == 0
    assert "已按规定公示" in capsys.readouterr().out


def test_cli_refuses_bad_input_in_chinese(demo_path, tmp_path, capsys):
    db = ["--db", str(demo_path)]
    assert main(["publicity", *db, "--item", "dibao", "--period", "2025", "--scope",
                 "420999100200", "--out", str(tmp_path / "x.docx")]) == 2
    assert "应以 .pdf 或 .xlsx 结尾" in capsys.readouterr().err
    assert main(["publicity", *db, "--item", "dibao", "--period", "25", "--scope",
                 "420999100200", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "格式不对" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["publicity-config", *db, "--township", "abc"]) == 2
    assert main(["publicity-config", *db, "--township", "0710-1234567", "--min-days", "10"]) == 0
    out = capsys.readouterr().out
    assert "0710-1234567" in out and "10天" in out
