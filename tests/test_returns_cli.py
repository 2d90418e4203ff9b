"""``returns list|fill|export`` and ``verify`` from the command line."""

from __future__ import annotations

import json

import pytest

from tests.returns_data import add_issues
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_list_fill_export_sign_verify(demo_path, capsys, tmp_path):
    db = open_db(demo_path)
    add_issues(db)
    db.close()
    code, out = run(capsys, "returns", "list", "--db", demo_path)
    assert code == 0 and "tongchuan_faxian_wenti" in out and "铜川 发现问题统计表" in out

    base = ["--db", demo_path, "--template", "铜川 发现问题统计表", "--period", "2025"]
    code, out = run(capsys, "returns", "fill", *base)
    assert code == 0 and "未通过0项" in out and "合计" in out

    code, out = run(capsys, "returns", "fill", *base, "--set", "1,c11=-2.5")
    assert code == 1 and "第11栏不能为负数 不成立" in out and "第1行（耕地地力保护补贴）" in out
    code, out = run(capsys, "returns", "fill", *base)              # the draft keeps the edit
    assert code == 1 and "-2.50*" in out

    pdf = tmp_path / "r.pdf"
    code, out = run(capsys, "returns", "export", *base, "--out", pdf, "--sign",
                    "--signer", "张三")
    assert code == 2 and "勾稽校验未通过" in out and not pdf.exists()
    code, out = run(capsys, "returns", "export", *base, "--out", pdf, "--sign",
                    "--signer", "张三", "--override-reason", "县里核定")
    assert code == 0 and "已签章" in out

    code, out = run(capsys, "verify", "--db", demo_path, pdf)
    assert code == 0 and "张三" in out and "演示县" in out and "完好" in out
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x20
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    code, out = run(capsys, "verify", "--db", demo_path, bad)
    assert code == 1 and "未通过" in out

    xlsx = tmp_path / "r.xlsx"
    code, out = run(capsys, "returns", "export", *base, "--out", xlsx)
    assert code == 0 and xlsx.exists()
    code, out = run(capsys, "returns", "export", *base, "--out", tmp_path / "r.xlsx", "--sign",
                    "--signer", "张三", "--override-reason", "x")
    assert code == 2 and "只有 PDF" in out


def test_bad_arguments_are_chinese_errors(demo_path, capsys, tmp_path):
    code, out = run(capsys, "returns", "fill", "--db", demo_path, "--template", "nope",
                    "--period", "2025")
    assert code == 2 and "找不到报表模板" in out
    code, out = run(capsys, "returns", "fill", "--db", demo_path, "--template",
                    "wenti_qingdan", "--period", "2025", "--unit", "999999000000")
    assert code == 2 and "不存在" in out
    broken = tmp_path / "mine.json"
    broken.write_text(json.dumps({"key": "x"}), encoding="utf-8")
    code, out = run(capsys, "returns", "fill", "--db", demo_path, "--template", broken,
                    "--period", "2025")
    assert code == 2 and "mine.json" in out and "缺少" in out


@pytest.mark.parametrize("target", ["缺少的报表.pdf", "."])
def test_verify_a_missing_file_or_a_folder_is_chinese_only(tmp_path, target):
    """Review of issue 14: no English OS text ([Errno 2] / [Errno 21])."""
    from ykt_desktop.returns.signing import verify_file

    result = verify_file(tmp_path / target, [])
    assert not result.ok and "Errno" not in result.message
    assert not any("a" <= ch.lower() <= "z" for ch in result.message.replace(str(tmp_path), "")
                   .replace(".pdf", "").replace("PDF", ""))
