"""One glossary: the Chinese words the app shows for every stored code.

Pages, dialogs, exports and messages take their wording from here so that it stays consistent.
"""

from __future__ import annotations

import re

LEVELS = {"county": "县", "township": "乡镇", "village": "村", "group": "组"}
VERIFY_STATUS = {"pending": "未核查", "verified": "已核查", "unable": "无法核查"}
PERSON_STATUS = {
    "normal": "正常",
    "dead": "死亡",
    "moved": "迁出",
    "prison": "服刑",
    "missing": "失联",
}
SEX = {"M": "男", "F": "女", "": ""}
CARD_TYPES = {
    "social_security": "社保卡",
    "passbook": "一卡通存折",
    "bank": "其他银行卡",
    "student": "学生补贴卡",
}
# Cards that count toward 一人多卡: not the social security card, not student cards.
SUBSIDY_CARD_TYPES = ("passbook", "bank")
CUSTODIANS = {
    "owner": "本人",
    "family": "家属",
    "cadre": "村干部",
    "other": "其他人",
    "lost": "丢失",
}
BASIS = {"person": "按人", "household": "按户"}
STANDARD_UNITS = {
    "month": "元/月",
    "quarter": "元/季",
    "year": "元/年",
    "mu": "元/亩",
    "once": "元/次",
}
CHANNELS = {"card": "一卡通", "cash": "现金", "redistribution": "二次分配", "other": "其他"}
FREQUENCIES = {"month": "按月", "quarter": "按季", "year": "按年", "once": "一次性"}
PAYMENT_STATUS = {"paid": "发放成功", "failed": "发放失败", "refunded": "已退票"}
ISSUE_STATUS = {
    "registered": "已挂号",
    "rectifying": "整改中",
    "closed": "已销号",
    "reopened": "退回重改",
}
FOUND_BY = {
    "visit": "入户核查",
    "check": "系统比对",
    "report": "群众举报",
    "audit": "审计",
    "spot": "抽查",
}
FINDING_STATUS = {"candidate": "待确认", "confirmed": "已确认", "dismissed": "已排除"}
ROLES = {
    "village_clerk": "村级录入员",
    "township_reviewer": "乡镇审核员",
    "county_admin": "县级管理员",
    "inspector": "只读检查员",
}
CATEGORY_GROUPS = {
    "money": "资金类",
    "card": "卡折类",
    "process": "程序类",
    "conduct": "作风类",
    "other": "其他",
}
RELATIONS = (
    "户主", "配偶", "子", "女", "儿媳", "女婿", "孙子", "孙女", "父亲", "母亲", "兄弟姐妹", "其他",
)


def label(table: dict[str, str], code: str | None) -> str:
    """The Chinese label for ``code``; unknown codes are shown as they are."""
    if code is None:
        return ""
    return table.get(code, code)


def code_for(table: dict[str, str], text: str) -> str:
    """The stored code for a Chinese label (or a code given as is); raises KeyError."""
    if text in table:
        return text
    for code, name in table.items():
        if name == text:
            return code
    raise KeyError(text)


# Submissions up the chain (exchange area).
SUBMISSION_BOARD = {
    "missing": "未报",
    "submitted": "已报",
    "returned": "已退回",
    "accepted": "已接收",
    "overdue": "逾期",
}
SUBMISSION_STATUS = {
    "submitted": "已报",
    "accepted": "已接收",
    "returned": "已退回",
    "superseded": "已被新版本取代",
    "refused": "已拒收",
}
SUBMISSION_DIRECTION = {
    "out": "本单位上报",
    "in": "收到下级上报",
    "returned_out": "退回下级",
    "returned_in": "上级退回",
}


# Field names: one word per concept on pages, dialogs, PDFs, Excel exports and the manual.
# Where the campaign's own documents (DOMAIN.md, seeds/) use a word, it is that word.
ID_NUMBER = "身份证号"
BANK = "代理银行"
CARD_NUMBER = "卡号"
CARD_TYPE = "卡折类型"
SOCIAL_SECURITY_CARD = "社保卡"
STANDARD = "补贴标准"
ITEM = "补贴项目"
PERIOD = "期间"
DISABILITY_CERT = "残疾证号"
DEADLINE = "整改期限"
RECOVERED = "追缴收回"
RETURNED = "返还发放"
REFERRAL = "移交纪检监察"
SIGNATURE = "数字签名"
EXPORT_PDF = "导出 PDF"
EXPORT_XLSX = "导出 Excel"
SUBMISSION_FILE = "上报文件"
USB_STICK = "U 盘"
HOW_FOUND = "发现方式"      # FOUND_BY: 入户核查 / 系统比对 / ...
ISSUE_AMOUNT = "涉及金额"
REGISTERED_AT = "挂号时间"
SIGNER = "签署人"            # the person who signs a return (a package's certificate: 签名者)

_CJK = "[\u4e00-\u9fff]"
# Canonical word -> patterns (regular expressions) of the variants it replaces. The app's own
# texts must not contain a variant; reading files from outside still accepts every variant
# (the header aliases in ykt_desktop/imports/kinds.py).
VARIANTS: dict[str, tuple[str, ...]] = {
    ID_NUMBER: ("身份证号码", "公民身份号码", "证件号码"),
    BANK: ("开户银行", "开户行"),
    CARD_NUMBER: ("银行卡号",),
    CARD_TYPE: ("(?<!折)卡类型",),
    SOCIAL_SECURITY_CARD: ("社会保障卡",),
    STANDARD: ("发放标准",),
    ITEM: ("项目名称",),
    PERIOD: ("期次",),
    DISABILITY_CERT: ("残疾证(?![号书])",),
    DEADLINE: ("整改时限",),
    RECOVERED: ("追缴(?!收回)[（(]",),
    RETURNED: ("返还群众", "返还(?!发放)[（(]"),
    REFERRAL: ("移交纪检(?!监察)",),
    SIGNATURE: ("电子签名",),
    EXPORT_PDF: (f"(?<={_CJK})PDF", f"PDF(?={_CJK})"),
    EXPORT_XLSX: (f"(?<={_CJK})Excel", f"Excel(?={_CJK})"),
    SUBMISSION_FILE: ("(?<!上报)数据包", "上报数据包"),
    USB_STICK: ("U盘", f"(?<={_CJK})U 盘"),
    HOW_FOUND: ("问题来源", "发现途径"),
    ISSUE_AMOUNT: ("问题金额",),
    REGISTERED_AT: ("登记时间", "挂号日期"),
    SIGNER: ("签名人",),
}


def non_canonical(text: str) -> list[tuple[str, str]]:
    """(variant found, canonical word) for every non-canonical wording in ``text``.

    A Latin word such as PDF or Excel is set off from Chinese by a space (导出 PDF)."""
    found = []
    for canonical, patterns in VARIANTS.items():
        for pattern in patterns:
            found.extend((m.group(0), canonical) for m in re.finditer(pattern, text))
    return found

# What a 上报文件 holds, table by table, as the officer reads it ("户 1，人 2，…").
PACKAGE_TABLES = {
    "regions": "区划", "subsidy_items": "补贴项目", "issue_categories": "问题类别",
    "persons": "人", "households": "户", "members": "户成员", "cards": "卡折",
    "payments": "发放记录", "statements": "群众自述", "verifications": "入户核查",
    "issues": "问题", "issue_events": "问题处理记录", "publicity": "公示",
    "postings": "张贴记录", "attachments": "附件",
}


def counts_text(counts: dict[str, int]) -> str:
    """Non-zero table counts in Chinese: {"households": 1, "persons": 2} -> "户 1，人 2"."""
    return "，".join(f"{label(PACKAGE_TABLES, table)} {n:,}" for table, n in counts.items() if n)
