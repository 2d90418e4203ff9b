"""Roles and what each may do.

Table writes are enforced on the connection (:mod:`ykt_desktop.security.guards`); actions that
are not table writes (export, sign, full numbers, user management, restore) are checked with
:func:`ykt_desktop.security.session.authorize` against :data:`PERMISSIONS`.
"""

from __future__ import annotations

ROLES = {
    "village_clerk": "村级录入员",
    "township_reviewer": "乡镇审核员",
    "county_admin": "县级管理员",
    "inspector": "只读检查员",
}
UNIT_LEVEL = {"village_clerk": "village", "township_reviewer": "township",
              "county_admin": "county", "inspector": None}

ACTIONS = {
    "write": "录入和修改数据",
    "import": "导入数据",
    "export": "导出数据",
    "sign": "签章报表和上报文件",
    "review": "审核（确认问题、销号、退回）",
    "view_full_numbers": "查看完整身份证号和卡号",
    "view_audit": "查看审计日志",
    "manage_users": "管理用户",
    "backup": "立即备份",
    "restore": "从备份恢复",
    "settings": "修改设置（脱敏规则等）",
    "view_complainant": "查看举报人身份",
}

# Whole ID and card numbers ("view_full_numbers") go to the roles that enter, correct and check
# them, and only inside their own region (scope_prefix): the village clerk compares them with the
# 户口簿 and the bank card when entering; the township reviewer checks and confirms findings and
# returns; the county administrator runs the county. A complainant's name and contact
# ("view_complainant") go only to those who handle complaints: the township reviewer (in its
# township) and the county administrator; the village clerk works where the complaint is about.
# The read-only inspector (纪检/审计) browses with masked numbers and exports or signs nothing;
# a case file goes through a reviewer.
PERMISSIONS: dict[str, frozenset[str]] = {
    "village_clerk": frozenset({"write", "import", "export", "sign", "view_full_numbers",
                                "backup"}),
    "township_reviewer": frozenset({"write", "import", "export", "sign", "review",
                                    "view_full_numbers", "view_audit", "backup",
                                    "view_complainant"}),
    "county_admin": frozenset(ACTIONS),
    "inspector": frozenset({"view_audit"}),
}
READ_ONLY_ROLES = frozenset({"inspector"})


def allowed(role: str, action: str) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def scope_prefix(role: str, unit_code: str | None) -> str:
    """The region-code prefix a role's writes are confined to ('' = the whole database)."""
    code = unit_code or ""
    if role == "village_clerk":
        return code[:12]
    if role == "township_reviewer":
        return code[:9]
    return ""


def in_scope(role: str, unit_code: str | None, region_code: str | None) -> bool:
    prefix = scope_prefix(role, unit_code)
    return not prefix or (region_code or "").startswith(prefix)
