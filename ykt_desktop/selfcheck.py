"""``--self-check``: prove an installed copy can do its job, without a screen.

Each step returns a :class:`CheckResult`; the steps use the same core functions as the app:
resources present, CJK font, a database (migrate, set up a unit, small demo, integrity),
a PDF with Chinese text embedded, an Excel file written and read back, and a PAdES signature
made with the unit's key and verified.
"""

from __future__ import annotations

import io
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.fonts import CJK_FONT_FILE, register_pdf_font
from ykt_desktop.paths import resource, resources_dir
from ykt_desktop.progress import run
from ykt_desktop.returns import signing
from ykt_desktop.storage import open_db
from ykt_desktop.unit_keys import ensure_unit_key
from ykt_desktop.unit_setup import init_unit
from ykt_desktop.xlsx_out import put_text, xlsx_book


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def check_resources(_: Path) -> str:
    needed = [resource("catalogue", n) for n in (
        "subsidy_items.csv", "issue_categories.csv", "incompatible_items.csv")]
    needed += [resource("fonts", "wqy-microhei.ttf"), resource("icons", "app.svg")]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise FileNotFoundError("缺少资源文件：" + "，".join(missing))
    templates = list(resource("templates").glob("*.json"))
    return f"{resources_dir()}，报表模板 {len(templates)} 个"


def check_font(_: Path) -> str:
    return f"{register_pdf_font()}（{CJK_FONT_FILE.name}）"


def check_database(folder: Path) -> str:
    db = open_db(folder / "selfcheck.db")
    try:
        result = run(generate_demo(db, DemoParams(villages=2, households_per_village=5)))
        status = db.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise RuntimeError(f"integrity_check: {status}")
        return f"演示数据 {result.counts['persons']} 人，{result.counts['payments']} 笔发放"
    finally:
        db.close()


def make_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(register_pdf_font(), 14)
    pdf.drawString(72, 760, "一卡通核查 自检")
    pdf.save()
    return buffer.getvalue()


def check_pdf(folder: Path) -> str:
    data = make_pdf()
    if not data.startswith(b"%PDF") or b"/FontFile2" not in data:
        raise RuntimeError("PDF 未嵌入中文字体")
    (folder / "selfcheck.pdf").write_bytes(data)
    return f"{len(data):,} 字节，已嵌入中文字体"


def check_excel(folder: Path) -> str:
    """Written the way every export writes (ykt_desktop.xlsx_out), read back by calamine."""
    from python_calamine import CalamineWorkbook

    path = folder / "selfcheck.xlsx"
    with xlsx_book(path) as book:
        sheet = book.sheet("自检")
        for col, text in enumerate(["姓名", "身份证号"]):
            put_text(sheet, 0, col, text)
        for col, text in enumerate(["张三丰", "11010519491231002X"]):
            put_text(sheet, 1, col, text)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if rows[1] != ["张三丰", "11010519491231002X"]:
        raise RuntimeError(f"读回内容不一致：{rows}")
    return "XlsxWriter 写入、calamine 读回一致"


def check_signing(folder: Path) -> str:
    db = open_db(folder / "signer.db")
    try:
        init_unit(db, level="village", code="420999100201", name="自检村")
        key = signing.SigningKey.from_unit_key(ensure_unit_key(db))
        signed = signing.sign_pdf(make_pdf(), key, signer_name="自检",
                                  box=(360, 700, 560, 780))
        report = signing.verify_pdf(signed, signing.default_trust_roots(db))
        if not report.ok:
            raise RuntimeError(f"验签失败：{report.message}")
        tampered = bytearray(signed)
        tampered[len(tampered) // 3] ^= 0x01
        if signing.verify_pdf(bytes(tampered), signing.default_trust_roots(db)).ok:
            raise RuntimeError("改动一个字节后仍验签通过")
        return f"签名单位 {report.unit}，签署人 {report.signer}，文件完整；改动后能识别"
    finally:
        db.close()


STEPS: list[tuple[str, Callable[[Path], str]]] = [
    ("资源文件", check_resources),
    ("中文字体", check_font),
    ("数据库", check_database),
    ("PDF", check_pdf),
    ("Excel", check_excel),
    ("数字签名", check_signing),
]


def run_checks() -> Iterator[CheckResult]:
    with tempfile.TemporaryDirectory(prefix="ykt-selfcheck-") as tmp:
        folder = Path(tmp)
        for name, step in STEPS:
            try:
                yield CheckResult(name, True, step(folder))
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
                detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
                yield CheckResult(name, False, detail)
