"""Build a :class:`Notice` from the beneficiaries: masked rows grouped by village and group
with subtotals and a total, the title, issuing unit, posting period, hotlines and wording."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.masking import (
    MaskingPolicy,
    load_policy,
    mask_card,
    mask_id,
    validate_policy,
)
from ykt_desktop.publicity.beneficiaries import (
    Beneficiary,
    beneficiaries,
    check_items,
    scope_region,
)
from ykt_desktop.publicity.config import get_hotlines, min_days
from ykt_desktop.publicity.model import (
    Line,
    Notice,
    NoticeRequest,
    PublicityError,
    cn_date,
    period_text,
)
from ykt_desktop.regions import get_region

SUPERVISION_TEXT = (
    "公示期间，如对公示内容有异议，可通过来电、来信、来访等方式向有关部门反映。"
    "我们将对反映人的信息严格保密，对反映的问题认真调查核实并及时处理反馈。"
    "欢迎社会各界和广大群众监督举报。")
POLICY_BASIS = "个人信息按《中华人民共和国个人信息保护法》脱敏公示。"


def scope_display(db: sqlite_utils.Database, scope_code: str) -> tuple[str, str]:
    """(name used in titles, default issuing unit) for a township, village or group."""
    region = scope_region(db, scope_code)
    if region.level == "township":
        return region.name, f"{region.name}人民政府"
    if region.level == "group":
        village = get_region(db, region.parent_code or "")
        vname = village.name if village else ""
        return f"{vname}{region.name}", f"{vname}村民委员会"
    return region.name, f"{region.name}村民委员会"


def build_notice(db: sqlite_utils.Database, request: NoticeRequest,
                 *, policy: MaskingPolicy | None = None) -> Notice:
    items = check_items(db, request.items)
    scope_name, default_issuer = scope_display(db, request.scope_code)
    required = min_days(db)
    if request.days < required:
        raise PublicityError(f"公示期不得少于{required}天（本次填写{request.days}天）")
    rows = beneficiaries(db, request.items, request.period, request.scope_code)
    if not rows:
        raise PublicityError(f"{scope_name}{period_text(request.period)}所选项目没有发放成功的"
                             "记录，无需公示")
    policy = policy or load_policy(db)
    try:
        validate_policy(policy)
    except ValueError as exc:
        raise PublicityError(f"脱敏规则设置有误，不能生成公示：{exc}") from None
    start = request.start_date or date.today()
    hotlines = {**get_hotlines(db), **{k: v for k, v in (request.hotlines or {}).items() if v}}
    notice = Notice(
        title=request.title.strip() or
        f"{scope_name}{period_text(request.period)}惠民惠农财政补贴资金发放情况公示",
        issuer=request.issuer.strip() or default_issuer, scope_code=request.scope_code,
        scope_name=scope_name, period=request.period,
        item_codes=tuple(r[0] for r in items), item_names=tuple(r[1] for r in items),
        start=start, end=start + timedelta(days=request.days - 1), hotlines=hotlines,
        policy=policy.to_dict(), policy_text=policy.describe(), intro="",
        orientation=request.orientation)
    notice.lines = grouped_lines(rows, policy)
    notice.row_count = len(rows)
    notice.person_count = len({r.id_number for r in rows})
    notice.total_amount = round(sum(r.amount for r in rows), 2)
    notice.intro = intro_text(notice)
    return notice


def intro_text(notice: Notice) -> str:
    names = notice.item_names
    items = "、".join(names) if len(names) <= 3 else f"{'、'.join(names[:3])}等{len(names)}个项目"
    return (f"根据惠民惠农财政补贴资金“一卡通”管理有关规定，现将{notice.scope_name}"
            f"{period_text(notice.period)}{items}发放情况予以公示。本次公示共{notice.person_count}"
            f"人、{notice.row_count}条，发放金额合计{notice.total_amount:,.2f}元。公示期自"
            f"{cn_date(notice.start)}至{cn_date(notice.end)}，共{notice.days}天。")


def standard_text(value: float, unit: str) -> str:
    if not value:
        return "按实际"
    return f"{value:,.2f}{glossary.label(glossary.STANDARD_UNITS, unit)}"


def row_cells(seq: int, b: Beneficiary, policy: MaskingPolicy) -> tuple[str, ...]:
    return (str(seq), b.name, mask_id(b.id_number, policy), b.group_name, b.item_name,
            standard_text(b.standard, b.standard_unit), str(b.count), f"{b.amount:,.2f}",
            b.paid_date, mask_card(b.card_number, policy))


def subtotal(label: str, count: int, amount: float, kind: str = "subtotal") -> Line:
    return Line(kind, (label,), count, round(amount, 2))


def grouped_lines(rows: list[Beneficiary], policy: MaskingPolicy) -> list[Line]:
    """Group heading, rows, group subtotal; village subtotal when several villages; total."""
    villages = {r.village_code for r in rows}
    lines: list[Line] = []
    group_key: tuple[str, str] | None = None
    g_count = v_count = 0
    g_amount = v_amount = 0.0
    current: Beneficiary | None = None
    for seq, row in enumerate(rows, 1):
        key = (row.village_code, row.group_code)
        if key != group_key and current is not None:
            lines.append(subtotal(f"{current.group_name}小计", g_count, g_amount))
            g_count, g_amount = 0, 0.0
            if row.village_code != current.village_code and len(villages) > 1:
                lines.append(subtotal(f"{current.village_name}合计", v_count, v_amount))
                v_count, v_amount = 0, 0.0
        if key != group_key:
            lines.append(Line("group", (f"{row.village_name}　{row.group_name}",)))
            group_key = key
        lines.append(Line("row", row_cells(seq, row, policy), row.count, row.amount))
        g_count, g_amount = g_count + 1, g_amount + row.amount
        v_count, v_amount = v_count + 1, v_amount + row.amount
        current = row
    if current is not None:
        lines.append(subtotal(f"{current.group_name}小计", g_count, g_amount))
        if len(villages) > 1:
            lines.append(subtotal(f"{current.village_name}合计", v_count, v_amount))
    lines.append(subtotal("总计", len(rows), sum(r.amount for r in rows), "total"))
    return lines
