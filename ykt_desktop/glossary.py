"""One glossary: the Chinese words the app shows for every stored code.

Pages, dialogs, exports and messages take their wording from here so that it stays consistent.
"""

from __future__ import annotations

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
