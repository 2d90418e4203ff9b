"""The three kinds of list and their fields, with the header names (aliases) each field has
in the files that counties actually receive."""

from __future__ import annotations

from dataclasses import dataclass

from ykt_desktop.imports.errors import ImportFileError


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    aliases: tuple[str, ...]


ID_ALIASES = ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码",
              "证件号", "身份证件号码", "受益人身份证号", "领取人身份证号", "补贴对象身份证号",
              "死者身份证号", "死亡人员身份证号", "id_number")
NAME_ALIASES = ("姓名", "受益人姓名", "领取人姓名", "补贴对象姓名", "户主姓名", "死者姓名",
                "死亡人员姓名", "name")

ROSTER = (
    Field("id_number", "身份证号", True, ID_ALIASES),
    Field("name", "姓名", False, NAME_ALIASES),
    Field("item", "补贴项目", True, ("补贴项目", "项目名称", "补贴项目名称", "资金项目", "补贴类型",
                                 "补贴名称", "项目", "item")),
    Field("period", "发放期间", True, ("发放期间", "所属期", "所属期间", "发放月份", "期间", "年月",
                                   "所属年月", "补贴期间", "发放年月", "period")),
    Field("amount", "发放金额", True, ("发放金额", "实发金额", "金额", "补贴金额", "发放金额元",
                                   "金额元", "实发金额元", "amount")),
    Field("amount_due", "应发金额", False, ("应发金额", "应发金额元", "应发")),
    Field("standard", "补贴标准", False, ("补贴标准", "发放标准", "标准", "标准元")),
    Field("paid_date", "发放日期", False, ("发放日期", "发放时间", "到账日期", "入账日期",
                                       "代发日期", "支付日期", "paid_date")),
    Field("card_number", "卡号", False, ("卡号", "银行卡号", "账号", "社保卡号", "一卡通账号",
                                      "存折账号", "收款账号", "卡折号", "银行账号", "card_number")),
    Field("bank", "代理银行", False, ("代理银行", "开户银行", "开户行", "银行", "代发银行",
                                   "发放银行", "bank")),
    Field("status", "发放状态", False, ("发放状态", "状态", "代发状态", "处理结果", "发放结果",
                                    "status")),
)

DEATHS = (
    Field("id_number", "身份证号", True, ID_ALIASES),
    Field("name", "姓名", False, NAME_ALIASES),
    Field("death_date", "死亡日期", True, ("死亡日期", "死亡时间", "注销日期", "火化日期",
                                       "死亡日期年月日", "death_date")),
    Field("source", "来源", False, ("来源", "数据来源", "来源单位", "提供单位", "source")),
)

CADRES = (
    Field("id_number", "身份证号", True, ID_ALIASES),
    Field("name", "姓名", False, NAME_ALIASES),
    Field("village", "所在村", False, ("所在村", "村", "村名", "村社区", "所在村社区", "单位",
                                    "所在单位", "village")),
    Field("position", "职务", False, ("职务", "干部职务", "现任职务", "position")),
    Field("relation", "与干部关系", False, ("与干部关系", "关系", "亲属关系", "与本人关系",
                                       "relation")),
    Field("cadre_id_number", "干部身份证号", False, ("干部身份证号", "关联干部身份证号",
                                               "对应干部身份证号", "cadre_id_number")),
)

# 户籍 / 人口名单 from 公安 or 民政: who lives here, by household (issue 19)
REGISTER = (
    Field("id_number", "身份证号", True, ID_ALIASES),
    Field("name", "姓名", False, NAME_ALIASES[:1] + ("人员姓名", "成员姓名", "name")),
    Field("register_no", "户号", True, ("户号", "户编号", "户口号", "户口簿编号", "家庭编号",
                                     "户籍编号", "户代码", "register_no")),
    Field("relation", "与户主关系", False, ("与户主关系", "与户主的关系", "关系", "家庭关系",
                                       "relation")),
    Field("village", "所在村", False, ("所在村", "村", "村名", "村社区", "所在村社区", "村居委会",
                                    "居委会", "village")),
    Field("group", "组", False, ("组", "村民小组", "所在组", "组别", "社", "村民组", "group")),
)

KINDS: dict[str, tuple[Field, ...]] = {"roster": ROSTER, "deaths": DEATHS, "cadres": CADRES,
                                       "register": REGISTER}
KIND_TITLES = {"roster": "发放名册", "deaths": "死亡名单", "cadres": "干部及亲属名单",
               "register": "户籍人口名单"}
# fields a sheet may give once for all its rows (a one-item, one-month roster has no column)
WHOLE_FILE_FIELDS = {"roster": ("item", "period")}


def fields(kind: str) -> tuple[Field, ...]:
    if kind not in KINDS:
        raise ImportFileError(f"未知的导入类型：{kind}（可选 roster、deaths、cadres、register）")
    return KINDS[kind]
