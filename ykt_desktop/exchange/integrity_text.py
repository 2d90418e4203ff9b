"""A database refusal during a package import, in Chinese: which table, which row, who can fix.

The apply step maps every reference itself, so a refusal means the package's rows clash with
each other or with rows held here. The officer reading the message must learn what clashed
and whom to ask — regenerating the same data cannot help.
"""

from __future__ import annotations

import re

TABLES = {
    "issues": "问题台账", "x_sent_issues": "问题台账", "issue_events": "问题处理记录",
    "persons": "人员", "households": "户", "members": "家庭成员", "cards": "卡折",
    "payments": "发放记录", "statements": "入户陈述", "verifications": "入户核查记录",
    "attachments": "附件", "publicity": "公示", "postings": "公示张贴", "regions": "区划",
    "subsidy_items": "补贴项目清单", "issue_categories": "问题类别",
}
COLUMNS = {
    "issue_no": "问题编号", "id_number": "身份证号", "hh_no": "户编号", "card_number": "卡号",
    "code": "代码", "household_id": "户", "person_id": "人员",
}
FIX = ("请把本消息（截图）发给县级系统管理员核对；"
       "若对方使用的是旧版本程序，请其升级后重新生成上报文件")


def explain(exc: BaseException, *, unit: str, row: str = "") -> str:
    """The Chinese message for ``exc`` raised while applying a package of ``unit``."""
    text = str(exc.args[0] if exc.args else exc)
    if isinstance(exc, (KeyError, IndexError, TypeError)):
        return (f"来自{unit}的上报文件内容前后不一致：有记录引用了文件中没有的户、人员、卡折或"
                f"项目（{text}）。未导入任何数据。{FIX}。")
    where = _where(text)
    detail = f"，具体为{row}" if row else ""
    return (f"来自{unit}的上报文件与本单位已有数据冲突：{where}{detail}。未导入任何数据。"
            f"重新生成同样的文件不能解决，{FIX}。（{type(exc).__name__}：{text}）")


def _where(text: str) -> str:
    match = re.search(r"(UNIQUE|NOT NULL|CHECK) constraint failed: ([\w.]+(?:, [\w.]+)*)", text)
    if match:
        kind, cols = match.group(1), match.group(2).split(", ")
        table = TABLES.get(cols[0].split(".")[0], cols[0].split(".")[0])
        names = "、".join(COLUMNS.get(c.split(".")[-1], c.split(".")[-1]) for c in cols)
        return {"UNIQUE": f"“{table}”中有两条记录的{names}相同",
                "NOT NULL": f"“{table}”中有记录缺少{names}",
                "CHECK": f"“{table}”中有记录的值不符合规定"}[kind]
    if "FOREIGN KEY" in text:
        return "有记录引用了不存在的户、人员、卡折或项目"
    return "数据不一致"


def duplicate_issue_text(unit: str, number: str, first: int, second: int) -> str:
    return (f"来自{unit}的上报文件中，“问题台账”中有两条记录的问题编号相同：问题编号“{number}”"
            f"在文件中出现两次（第{first}条和第{second}条问题）。未导入任何数据。"
            f"重新生成同样的文件不能解决，{FIX}。")
