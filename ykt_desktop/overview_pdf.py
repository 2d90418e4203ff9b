"""概览 as one printable A4 page (PDF): the headline numbers and the same charts as the page,
for an officer reporting progress to the leaders."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import sqlite_utils
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ykt_desktop import stats
from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.fonts import register_pdf_font
from ykt_desktop.overview_charts import Chart, campaign_charts

MARGIN = 15 * mm
ROW = 5.2 * mm
MAX_BARS = 8
FILL, REST, ALERT = colors.HexColor("#2f6fb2"), colors.HexColor("#dde5ee"), \
    colors.HexColor("#c0392b")


def _head(c: Canvas, font: str, data: stats.Overview, y: float) -> float:
    s = data.summary
    unit = s["unit"]
    c.setFont(font, 16)
    c.drawCentredString(A4[0] / 2, y, f"{unit.name if unit else ''}“一卡通”专项治理工作进度")
    c.setFont(font, 9)
    y -= 7 * mm
    c.drawCentredString(A4[0] / 2, y, f"统计日期：{dt.date.today().isoformat()}")
    y -= 8 * mm
    c.setFont(font, 10.5)
    for line in (f"户数 {s['households']:,}　人数 {s['persons']:,}　卡折 {s['cards']:,}　"
                 f"发放记录 {s['payments']:,}　发放金额 {s['paid_amount']:,.2f} 元",
                 f"入户核查进度 {s['progress']:.1%}（{s['verified']}/{s['households']}户）　"
                 f"未销号问题 {s['open_issues']:,} 个"):
        c.drawString(MARGIN, y, line)
        y -= 6 * mm
    return y - 2 * mm


def _lines(text: str, font: str, size: float, room: float, most: int = 2) -> list[str]:
    """``text`` broken into at most ``most`` lines of ``room`` points (Chinese breaks between
    any two characters); only what would not fit even then ends in "…"."""
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > room:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    if len(lines) > most:
        last = lines[most - 1]
        while last and stringWidth(last + "…", font, size) > room:
            last = last[:-1]
        lines = [*lines[:most - 1], last + "…"]
    return lines


def _columns(chart: Chart, font: str, size: float, width: float) -> tuple[float, float]:
    """Label and figure columns as wide as their widest entry (labels at most 70 mm, then
    on two lines), the bar taking the rest."""
    bars = chart.bars[:MAX_BARS]
    label_w = min(max(stringWidth(b.label, font, size) for b in bars) + 3 * mm, 70 * mm)
    text_w = min(max(stringWidth(b.text, font, size) for b in bars) + 3 * mm, 60 * mm)
    return max(label_w, 20 * mm), text_w


def _chart(c: Canvas, font: str, chart: Chart, x: float, y: float, width: float) -> float:
    c.setFont(font, 11)
    c.setFillColor(colors.black)
    hidden = len(chart.bars) - MAX_BARS
    c.drawString(x, y, chart.title + (f"（另有{hidden}项）" if hidden > 0 else ""))
    y -= ROW + 1 * mm
    c.setFont(font, 8.5)
    if not chart.bars:
        c.drawString(x, y, chart.empty_text)
        return y - ROW
    label_w, text_w = _columns(chart, font, 8.5, width)
    bar_w = width - label_w - text_w - 2 * mm
    for bar in chart.bars[:MAX_BARS]:
        c.setFillColor(colors.black)
        labels = _lines(bar.label, font, 8.5, label_w - 3 * mm)
        for n, line in enumerate(labels):
            c.drawRightString(x + label_w - 2 * mm, y - n * 3.6 * mm, line)
        c.setFillColor(REST)
        c.rect(x + label_w, y - 1 * mm, bar_w, 3.6 * mm, stroke=0, fill=1)
        share = max(0.0, min(1.0, bar.value / bar.total)) if bar.total else 0.0
        c.setFillColor(ALERT if bar.alert else FILL)
        c.rect(x + label_w, y - 1 * mm, bar_w * share, 3.6 * mm, stroke=0, fill=1)
        c.setFillColor(ALERT if bar.alert else colors.black)
        texts = _lines(bar.text, font, 8.5, text_w - 1 * mm)
        for n, line in enumerate(texts):
            c.drawString(x + label_w + bar_w + 2 * mm, y - n * 3.6 * mm, line)
        y -= ROW + (max(len(labels), len(texts)) - 1) * 3.6 * mm
    return y - 3 * mm


def summary_pdf(db: sqlite_utils.Database, *, drill: str | None = None) -> bytes:
    font = register_pdf_font()
    data = stats.overview(db, drill=drill)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4)
    c.setTitle("概览汇总")
    y = _head(c, font, data, A4[1] - MARGIN - 5 * mm)
    width = A4[0] - 2 * MARGIN
    for chart in campaign_charts(db, drill=drill, data=data):
        if y < MARGIN + ROW * (1.7 * min(MAX_BARS, len(chart.bars)) + 2):  # 2-line labels
            c.showPage()
            y = A4[1] - MARGIN
        y = _chart(c, font, chart, MARGIN, y, width)
    c.save()
    return buffer.getvalue()


def write_summary_pdf(db: sqlite_utils.Database, path: Path | str, *,
                      drill: str | None = None) -> Path:
    """The A4 summary written to ``path`` (whole or not at all)."""
    return write_bytes_atomic(path, summary_pdf(db, drill=drill))
