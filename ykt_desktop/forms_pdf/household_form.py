"""The printable 一户一表: one household per A4 page (continued on the next if it is long),
pre-filled with everything the database knows, blank columns for the answers at the door, and
signature lines for 户主 and 核查人. Also a blank form for households not yet on record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import sqlite_utils
from reportlab.pdfgen.canvas import Canvas

from ykt_desktop.atomic_files import atomic_output
from ykt_desktop.campaign.paradata import record_prints
from ykt_desktop.errors import UserError
from ykt_desktop.fonts import register_pdf_font
from ykt_desktop.forms_pdf.canvas_table import (
    BOTTOM,
    MARGIN,
    PAGE_H,
    PAGE_W,
    Cursor,
    draw_row,
    draw_table,
    scale,
    section,
)
from ykt_desktop.forms_pdf.household_data import (
    FormData,
    blank_form_data,
    household_form_data,
    region_names,
)
from ykt_desktop.masking import load_policy
from ykt_desktop.progress import Job, Progress
from ykt_desktop.security.session import authorize

TITLE = "惠民惠农财政补贴资金“一卡通”入户核查表（一户一表）"
MEMBER_HEADER = ("序号", "姓名", "与户主关系", "身份证号", "性别", "年龄", "状态", "残疾证号",
                 "核实情况")
MEMBER_W = scale((4, 8, 8, 22, 4, 5, 13, 6, 12))
CARD_HEADER = ("持卡人", "卡折类型", "代理银行", "卡号", "登记保管人", "实际保管人", "本人同意",
               "是否收费")
CARD_W = scale((8, 9, 13, 15, 13, 10, 9, 9))
SUBSIDY_HEADER = ("成员", "补贴项目", "期间", "标准", "应发", "平台实发", "发放日期", "入账卡",
                  "是否收到", "收到金额", "收到日期")
SUBSIDY_W = scale((7, 19, 7, 7, 7, 8, 10, 8, 9, 8, 9))


def print_forms(db: sqlite_utils.Database, out: Path | str, *, village: str | None = None,
                household_ids: Sequence[int] | None = None, blank: bool = False,
                full_ids: bool = False) -> Job[int]:
    """Write the forms to ``out``; yields Progress, returns the number of pages' households."""
    font = register_pdf_font()
    ids = list(household_ids or [])
    if village and not blank:
        ids = [r[0] for r in db.execute("SELECT id FROM households WHERE village_code = ? "
                                        "ORDER BY hh_no", [village]).fetchall()]
        if not ids:
            raise UserError(f"村代码{village}下没有户，无法打印一户一表")
    if not blank and not ids:
        raise UserError("没有要打印的户：请指定村代码或户")
    _authorize_print(db, ids, full_ids)
    names = region_names(db)
    policy = None if full_ids else load_policy(db)
    target = Path(out)
    with atomic_output(target) as tmp:     # a pulled stick or a cancel leaves no half file
        canvas = Canvas(str(tmp), pagesize=(PAGE_W, PAGE_H))
        canvas.setTitle("一户一表" + ("（空白）" if blank else ""))
        canvas.setAuthor("一卡通核查")
        today = dt.date.today()
        if blank:
            blank_data = blank_form_data()
            if village:
                blank_data.village, blank_data.township = names.get(village, ""), names.get(
                    village[:9] + "000", "")
            draw_household(canvas, font, blank_data)
        for n, hid in enumerate(ids, 1):
            draw_household(canvas, font, household_form_data(db, hid, names, policy=policy,
                                                             today=today))
            if n % 20 == 0 or n == len(ids):
                yield Progress(n, len(ids), f"已生成{n}/{len(ids)}户")
        canvas.save()

    record_prints(db, ids)      # a visit cannot precede its form (desk-made-form checks)
    return len(ids) or 1


def _authorize_print(db: sqlite_utils.Database, ids: list[int], full_ids: bool) -> None:
    """Printing households is an export of their villages; whole ID numbers need the right to
    see them there (a blank form carries no one's data)."""
    villages: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        villages.update(r[0] for r in db.execute(
            f"SELECT DISTINCT village_code FROM households WHERE id IN "
            f"({','.join('?' * len(chunk))})", chunk))
    for village in sorted(villages):
        authorize(db, "export", village)
        if full_ids:
            authorize(db, "view_full_numbers", village)


def draw_household(c: Canvas, font: str, d: FormData) -> None:
    """One household's form, starting on a fresh page."""
    cur = Cursor(c, font, PAGE_H - MARGIN, lambda cur: _header(cur, d, cont=True))
    _header(cur, d, cont=False)
    section(cur, "一、家庭基本情况")
    row_h = 19
    w = scale((10, 18, 10, 14, 10, 38))
    draw_row(cur, w, ("户主", d.head, "联系电话", d.phone, "家庭住址", d.address), row_h,
             size=9)
    section(cur, "二、家庭成员（户不漏人：家中常住及户籍成员逐一核对，新增成员写在空行）")
    draw_table(cur, MEMBER_W, MEMBER_HEADER, d.members + _spare(2, len(MEMBER_HEADER), d))
    section(cur, "三、银行卡（折）情况（卡在哪里、谁在用卡）")
    draw_table(cur, CARD_W, CARD_HEADER, d.cards + _spare(1, len(CARD_HEADER), d))
    section(cur, "四、补贴资金发放核对（人不漏项、项无差错；平台数据与群众陈述逐项对照）")
    draw_table(cur, SUBSIDY_W, SUBSIDY_HEADER, d.subsidies + _spare(2, len(SUBSIDY_HEADER), d),
               size=8)
    _conclusion(cur)
    _signatures(cur)
    c.showPage()


def _spare(n: int, width: int, d: FormData) -> list[list[str]]:
    return [] if d.blank else [[""] * width for _ in range(n)]


def _header(cur: Cursor, d: FormData, *, cont: bool) -> None:
    c, font = cur.canvas, cur.font
    cur.y = PAGE_H - MARGIN
    c.setFont(font, 15)
    c.drawCentredString(PAGE_W / 2, cur.y - 14, TITLE + ("（续）" if cont else ""))
    cur.y -= 34
    c.setFont(font, 9.5)
    unit = f"{d.township or '______乡镇'} {d.village or '______村'} {d.group or '____组'}"
    c.drawString(MARGIN, cur.y, f"填表单位：{unit}")
    c.drawRightString(PAGE_W - MARGIN, cur.y, f"户编号：{d.hh_no or '________________'}")
    cur.y -= 6
    c.setFont(font, 7.5)
    c.drawRightString(PAGE_W - MARGIN, 24, "本表由村（社区）存档；涉及个人信息，严禁外传")


def _conclusion(cur: Cursor) -> None:
    cur.need(90)
    section(cur, "五、核查结论及发现的问题")
    c, font = cur.canvas, cur.font
    c.setFont(font, 9.5)
    cur.y -= 12
    c.drawString(MARGIN + 4, cur.y, "核查结论：□已核查，情况属实   □已核查，发现问题   "
                                    "□无法核查，原因：______________________________")
    for _ in range(2):
        cur.y -= 18
        c.line(MARGIN + 4, cur.y, PAGE_W - MARGIN - 4, cur.y)
    c.drawString(MARGIN + 4, cur.y + 4, "问题描述：")


def _signatures(cur: Cursor) -> None:
    c, font = cur.canvas, cur.font
    y = min(cur.y - 30, BOTTOM - 20)
    c.setFont(font, 10)
    c.drawString(MARGIN, y, "户主（签字或按手印）：________________")
    c.drawString(MARGIN + 250, y, "核查人（签字）：____________  ____________")
    y -= 24
    c.drawString(MARGIN, y, "联系电话：________________")
    c.drawString(MARGIN + 250, y, "核查日期：________年____月____日")
