"""The 公示 page: build a preview in a worker, export PDF with a record, register a posting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.context import AppContext
from ui.publicity.page import PublicityPage
from ui.publicity.posting_record import PostingRecordDialog
from ykt_desktop.publicity.compliance import notice_statuses
from ykt_desktop.publicity.records import list_postings


def test_build_export_and_post(qtbot, demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    ctx = AppContext(demo_db)
    page = PublicityPage(ctx)
    qtbot.addWidget(page)
    page.form.set_choice(["dibao", "gengdi"], "2025", "420999100200")
    page.build()
    qtbot.waitUntil(lambda: page.built is not None, timeout=30000)
    notice = page.built.notice
    assert page.preview_model.rowCount() == len(notice.lines)
    assert page.preview_model.row(0)[0].startswith("东风村")
    assert "*" in page.preview_model.row(1)[2]
    assert page.pdf_button.isEnabled()
    target = tmp_path / "notice.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export(".pdf")
    qtbot.waitUntil(lambda: page.notices_model.rowCount() == 1, timeout=30000)
    assert target.read_bytes().startswith(b"%PDF")
    assert page.notices_model.row(0)[8] == "公示期未结束"
    publicity_id = page.records[0]["id"]
    dialog = PostingRecordDialog(demo_db, publicity_id, parent=page)
    qtbot.addWidget(dialog)
    dialog.location.setText("村务公开栏")
    dialog._save()
    assert dialog.saved == 1
    assert [p.location for p in list_postings(demo_db, publicity_id)] == ["村务公开栏"]
    status = notice_statuses(demo_db)[0]              # posted today for a week: 1 day so far
    assert (status.posted_days, status.status) == (1, "pending")
    end = dt.date.fromisoformat(status.end_date)
    assert notice_statuses(demo_db, as_of=end)[0].posted_days == 7
    page.grab().save(str(Path(tmp_path) / "page.png"))


def test_hotlines_saved_as_default(qtbot, demo_db, monkeypatch):
    from ykt_desktop.publicity.config import get_hotlines

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    page = PublicityPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.form.hotlines["township"].setText("0710-1234567")
    page.save_hotlines()
    assert get_hotlines(demo_db)["township"] == "0710-1234567"
    page.form.hotlines["finance"].setText("call me")
    page.save_hotlines()
    assert "只能包含数字" in shown[-1] and get_hotlines(demo_db)["finance"] == ""


def test_page_on_an_empty_database(qtbot, empty_db):
    page = PublicityPage(AppContext(empty_db))
    qtbot.addWidget(page)
    assert page.form.items.count() == 0 and page.notices_model.rowCount() == 0
    assert not page.pdf_button.isEnabled()


def test_print_path_paints_every_page(qtbot, demo_db, tmp_path):
    """The QPainter path used by print preview and printing gives the PDF's pages."""
    import io

    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from ui.publicity.notice_painter import paint_layout, setup_printer
    from ykt_desktop.progress import run
    from ykt_desktop.publicity.jobs import build_job
    from ykt_desktop.publicity.model import NoticeRequest

    built = run(build_job(demo_db, NoticeRequest(("gengdi", "dibao"), "2025", "420999100000",
                                                 orientation="landscape")))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    setup_printer(printer, built.layout)
    paint_layout(printer, built.layout)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == len(built.layout.pages)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = reader.pages[0].extract_text().replace(" ", "")
    first = next(line for line in built.notice.lines if line.kind == "row")
    assert first.cells[2] in text and built.notice.title in text
