"""What each page says when it has nothing to show, and why a button may be unavailable.

Officers learn the software without training: an empty list must say what to do next, naming
the button or page to use (in “…” quotes, exactly as the button or page is labelled). The texts
are here, in one table, so that every page words them alike and a test can find a page without
one. Keys are the page keys of ``ui/<feature>/page.py`` (``PageSpec.key``), with a suffix for a
page's other empty states: ``.filtered`` when a filter matches nothing although there is data, and
named variants (``checks.clean``, ``publicity.no_payments`` ...) where the next step differs.

Words follow ``ykt_desktop.glossary`` (身份证号, 补贴项目, 期间, 导出 PDF ...).
"""

from __future__ import annotations

import sqlite_utils

EMPTY_TEXTS: dict[str, str] = {
    "overview": (
        "还没有户数据。村里请到“入户核查”页选好村，点“新增户”逐户录入；乡镇、县请到"
        "“上报与导入”页，在“导入下级上报”中导入村、乡镇报来的上报文件。想先熟悉软件，"
        "可打开演示县练习（见用户手册“快速上手”）。"),
    "households": (
        "还没有任何户。在上方选好村（和组），点“新增户”逐户录入一户一表；乡镇、县的户来自"
        "下级的上报文件，到“上报与导入”页的“导入下级上报”中导入。"),
    "households.filtered": (
        "没有符合筛选条件的户。清空搜索框，把乡镇、村、状态选回“全部”，取消“有未销号问题”，"
        "即可看全部户。"),
    "checks": (
        "还没有比对结果。先点“导入发放名册…”导入省平台导出的发放名册（有死亡名单、干部及亲属"
        "名单的一并导入），再点“运行全部比对”。比对找出的是问题线索，要逐条“确认为问题（挂号）”"
        "或“排除…”。"),
    "checks.clean": (
        "比对已运行，没有发现问题线索。导入新的发放名册或名单、录入新的核查结果后，再点"
        "“运行全部比对”。"),
    "checks.filtered": (
        "没有符合筛选条件的问题线索。把规则、状态选回“（全部…）”可看全部；状态为“待确认”时为空，"
        "说明线索都已确认或排除。"),
    "ledger": (
        "还没有问题。问题有两个来源：在“比对与导入”页运行比对，把线索“确认为问题（挂号）”；或在"
        "“入户核查”页打开一户一表，点“发现问题”当场登记。"),
    "ledger.filtered": (
        "没有符合筛选条件的问题。把类别、状态、来源和乡镇、村选回“全部”，取消“只看逾期”，"
        "金额填0、清空搜索框，即可看全部问题。"),
    "publicity": (
        "还没有生成过公示。在左侧勾选补贴项目，填期间和公示范围，点“生成预览”；核对名单后打印或"
        "导出，公示记录会保存在“已生成的公示”里，张贴后在那里点“登记张贴…”。"),
    "publicity.no_payments": (
        "还没有发放数据，无法生成公示名单（补贴项目后括号里的发放笔数都是0）。先到“比对与导入”页"
        "点“导入发放名册…”，或到“上报与导入”页导入下级的上报文件。"),
    "returns": (
        "还没有填报表。选好模板、单位和期间，点“按数据填表”：数从发放记录、入户核查和问题台账"
        "算出，黄色格可手工填写；勾稽校验全部通过后再导出或“签章导出 PDF…”。"),
    "returns.no_data": (
        "还没有发放记录和问题，按数据填出的表会全是0。先到“比对与导入”页导入发放名册并运行比对，"
        "或到“上报与导入”页导入下级的上报文件；也可以照样点“按数据填表”，再手工填写黄色格。"),
    "submissions": (
        "还没有收到下级的上报文件。下级把上报文件（.ykt）拷来后，到“导入下级上报”点"
        "“选择文件导入…”：先校验签名、预览变化，确认后导入；各单位报没报看“完成情况”。"
        "本单位向上级上报在“本单位上报”。"),
    "submissions.village": (
        "还没有上报过。入户核查做完后，到“本单位上报”填上报期间，点“生成上报文件…”，把文件"
        "拷给乡镇；乡镇退回的文件在同一处点“导入退回文件…”。"),
    "users": (
        "还没有用户：任何人打开本软件都有全部权限。点“新增管理员…”先建一个管理员，再为乡镇、"
        "村的工作人员新增用户并分配角色；以后打开软件要先登录。"),
    "audit_log": (
        "还没有审计记录。录入、导入、比对、销号等每一次改动都会自动记在这里（谁、何时、改前改后）；"
        "先到“入户核查”页新增户，或到“比对与导入”页导入名册。"),
    "audit_log.filtered": (
        "没有符合筛选条件的记录。把用户、表、操作选回“全部”，取消“日期”，清空搜索框，即可看"
        "全部记录。"),
    "campaign": (
        "还没有抽查、工作日程、政策清单或举报。在“重点抽查”标签页选好对象和比例点“抽取”；"
        "在“工作日程”标签页点“按天门方案填入…”；收到举报在“举报登记”标签页点“登记举报…”。"),
    "campaign.samples": (
        "还没有抽查。选好对象（村、户或问题）、分层和比例（如30%）或每层数量，点“抽取”；"
        "抽中的名单可“打印名单…”带到现场，复核后选中户点“登记复核…”。"),
    "campaign.calendar": (
        "工作日程为空。点“按天门方案填入…”填入天门市方案的七个阶段和报送期限后逐项修改，"
        "或点“新增阶段…”“新增报送期限…”自己填写。"),
    "campaign.policy": (
        "还没有生成过政策清单。选好单位，核对上面列出的补贴项目，点“生成政策清单…”导出 A4 PDF"
        " 张贴；张贴后在这里选中它点“登记张贴…”。"),
    "campaign.complaints": (
        "还没有举报记录。收到来电、来信、来访或网络、平台转来的举报，点“登记举报…”；办理后"
        "点“登记办理…”“登记答复…”，需要整改的点“登记为问题…”。"),
    "campaign.complaints.filtered": (
        "没有逾期未答复的举报。取消“只看逾期未答复”可看全部举报。"),
    "campaign.self_reports": (
        "还没有主动说清记录。有人向纪检监察部门主动说明情况或主动上缴资金时，点“登记主动说清…”，"
        "填写它所属问题的问题编号（在“问题台账”页查看）。"),
}

# Why a control is unavailable: appended to its tooltip while it is disabled.
WHY_DISABLED: dict[str, str] = {
    "read_only": "只读打开（演示县或检查员）时不能修改",
    "selection": "先在列表中选中一行",
    "no_unit": "尚未设置本单位",
    "not_filled": "先点“按数据填表”",
    "not_built": "先点“生成预览”",
    "role": "当前角色没有这项权限",
    "village": "先选村",
    "no_session": "没有登录（尚未建立用户）",
    "county_only": "只有县建立根证书",
    "root_exists": "本县根证书已建立",
    "cannot_issue": "本单位还没有可签发下级证书的证书（县先建根证书，乡镇先安装县签发的证书）",
    "no_evidence": "还没有上传佐证材料（销号时上传）",
}

# What ``has_data`` may ask about: a name and the table that holds it.
DATA_TABLES = {
    "households": "households", "payments": "payments", "issues": "issues",
    "findings": "findings", "publicity": "publicity", "submissions": "submissions",
    "users": "users", "audit": "audit_log",
}


def empty_text(key: str, *, shown: int, total: int | None = None) -> str | None:
    """The text a page shows for ``key``: None when ``shown`` rows are on screen; the
    ``key.filtered`` text when a filter hides ``total`` > 0 rows; else the ``key`` text."""
    if shown:
        return None
    if total and f"{key}.filtered" in EMPTY_TEXTS:
        return EMPTY_TEXTS[f"{key}.filtered"]
    return EMPTY_TEXTS[key]


def has_data(db: sqlite_utils.Database, what: str) -> bool:
    """Whether the database holds any row of ``what`` (a key of ``DATA_TABLES``): one probe."""
    table = DATA_TABLES[what]
    return bool(db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0])


def quoted_names(text: str) -> list[str]:
    """The names in “…” quotes: the buttons, tabs and pages a text tells the user to use."""
    names, rest = [], text
    while "“" in rest and "”" in rest.split("“", 1)[1]:
        inner, rest = rest.split("“", 1)[1].split("”", 1)
        names.append(inner)
    return names
